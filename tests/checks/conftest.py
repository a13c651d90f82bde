"""Fixtures for the QA checks: a small glossary on disk and a one-call way to check a pair."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from translate_letter.checks import CheckContext, check_entry
from translate_letter.core.glossary import Glossary, load_glossary

GLOSSARY = """\
en,fa,fr,ar,kind,note
Kelly Craft,کلی کرافت,Kelly Craft,كيلي كرافت,name,
Poua Bakhtiari,,Poua Bakhtiari,,name,no Persian or Arabic spelling agreed yet
Reuters,,Reuters,,institution,
Security Council,شورای امنیت,Conseil de sécurité,مجلس الأمن,institution,
General Assembly,مجمع عمومی,Assemblée générale,الجمعية العامة,institution,
political prisoners,زندانیان سیاسی,prisonniers politiques,السجناء السياسيون,term,
enforced disappearance,ناپدیدسازی قهری,disparition forcée,الاختفاء القسري,term,
Amnesty International,سازمان عفو بین‌الملل,Amnesty International,منظمة العفو الدولية,institution,
"""

# A catalog written by hand, as another project would ship it: Arabic's six plural forms,
# contexts, format flags, an obsolete entry and a previous msgid.
ARABIC_CATALOG = r"""# Arabic translation of a file manager.
msgid ""
msgstr ""
"Project-Id-Version: files 2.0\n"
"Language: ar\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
"n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\n"

#: src/files.c:10
#, c-format
msgid "%d file was deleted"
msgid_plural "%d files were deleted"
msgstr[0] "لم يُحذف أي ملف"
msgstr[1] "حُذف ملف واحد"
msgstr[2] "حُذف ملفان"
msgstr[3] "حُذفت %d ملفات"
msgstr[4] "حُذف %d ملفًا"
msgstr[5] "حُذف %d ملف"

#: src/files.c:20
#, python-format
msgid "%(count)d folder"
msgid_plural "%(count)d folders"
msgstr[0] "لا مجلدات"
msgstr[1] "مجلد واحد"
msgstr[2] "مجلدان"
msgstr[3] "%(count)d مجلدات"
msgstr[4] "مجلدًا"
msgstr[5] "%(count)d مجلد"

#: src/files.c:30
msgctxt "menu"
msgid "Open"
msgstr "فتح"

#: src/files.c:31
msgctxt "dialog title"
msgid "Open"
msgstr "افتح"

#: src/files.c:40
#, c-format
msgid "Copying %s to %s"
msgstr "جارٍ نسخ %s إلى %s"

#: src/files.c:50
#, python-brace-format
msgid "Welcome, {name}!"
msgstr "مرحبًا يا {اسم}!"

#: src/files.c:60
#, fuzzy
#| msgid "Delete the file?"
msgid "Delete the files?"
msgstr "حذف الملف؟"

#: src/files.c:70
msgid "%d hour"
msgid_plural "%d hours"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
msgstr[3] ""
msgstr[4] ""
msgstr[5] ""

#~ msgid "Old entry"
#~ msgstr "مدخل قديم"
"""


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    """The test glossary, read from a real locales/glossary.csv."""
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(tmp_path)


Checker = Callable[..., dict[str, str]]


@pytest.fixture
def check(glossary: Glossary) -> Checker:
    """check(source, target, lang) → {check id: message} for one entry alone in its catalog."""

    def run(source: str, target: str, lang: str = "fa", *, flags: tuple[str, ...] = (),
            comments: tuple[str, ...] = (), context: str | None = None) -> dict[str, str]:
        catalog = Catalog(locale=lang)
        message = catalog.add(source, target, flags=flags, user_comments=list(comments),
                              context=context)
        checking = CheckContext.for_catalog(catalog, lang, glossary)
        return {f.check: f.message for f in check_entry(message, lang, checking)}

    return run
