"""``update`` on other projects' catalogs decides as ``msgmerge --previous`` does, writes files
``msgfmt -c`` accepts, and keeps what it does not decide (headers, previous contexts) as
found.  The corpus is real (see ``corpus.py``); each test compares with GNU gettext run on
the same files."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import polib
import pytest

from translate_letter.catalog.reader import load_catalog
from translate_letter.core.similarity import SimilarityIndex, similarity

from ..conftest import Project
from .corpus import PROJECTS, Pair, compare, layout, msgfmt, msgmerge, pairs, unpack

HEADER = """\
# Translators of the project.
# Ana Lima <ana@example.org>, 2023.
# Ana Lima <ana@example.org>, 2023.
msgid ""
msgstr ""
"Project-Id-Version: Django\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2023-01-02 10:00+0100\\n"
"PO-Revision-Date: 2023-02-03 11:00+0000\\n"
"Last-Translator: Ana Lima <ana@example.org>\\n"
"Language-Team: French (http://www.transifex.com/django/language/fr/)\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"X-Generator: Weblate 5.8\\n"
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(tmp_path_factory.mktemp("third-party"))


def run_update(work: Path, lang: str):
    """``translate-letter --locales-dir WORK/locales update -l LANG``, in this process."""
    return Project(work).run("--locales-dir", str(work / "locales"), "update", "-l", lang)


def merge_pair(pair: Pair, work: Path) -> tuple[Path, Path, object]:
    """The pair merged by ``update`` and by msgmerge: both outputs and update's result."""
    po = layout(pair, work / "locales")
    theirs = work / "msgmerge.po"
    msgmerge(pair, theirs)
    return po, theirs, run_update(work, pair.lang)


@pytest.mark.parametrize("project", PROJECTS)
def test_update_decides_as_msgmerge_on_real_catalogs(corpus: Path, project: str,
                                                     tmp_path: Path):
    decisions = agreeing = merged = 0
    for number, pair in enumerate(pairs(corpus, project)):
        work = tmp_path / str(number)
        po, theirs, result = merge_pair(pair, work)
        if result.exit_code == 2:
            # A catalog msgfmt -c refuses too (plural forms that contradict the header): one
            # line naming the place, and nothing written.
            assert msgfmt(pair.catalog, "-c"), f"{pair.name}: {result.stderr}"
            assert len(result.stderr.splitlines()) == 1 and f"{po}:" in result.stderr
            assert po.read_bytes() == pair.catalog.read_bytes()
            continue
        assert result.exit_code == 0, f"{pair.name}: {result.stderr}"
        merged += 1
        found = compare(po, theirs)
        decisions += found.decisions
        agreeing += found.agreeing
        assert not found.previous_differ, (pair.name, found.disagreements[:5])
        assert not found.obsolete_differ, pair.name
        assert not found.header_differs, pair.name
        if not msgfmt(pair.catalog, "-c") or not msgfmt(theirs, "-c"):
            assert not msgfmt(po, "-c"), f"{pair.name}: {msgfmt(po, '-c')}"
    assert merged and decisions
    assert agreeing >= 0.95 * decisions, f"{project}: {agreeing}/{decisions} decisions agree"


def test_a_catalog_rewritten_keeps_its_header_and_previous_contexts(corpus: Path,
                                                                    tmp_path: Path):
    pair = next(p for p in pairs(corpus, "allauth") if p.kind == "own" and p.lang == "fa")
    before = polib.pofile(str(pair.catalog))
    contexts = [e.previous_msgctxt for e in before if e.previous_msgctxt]
    assert contexts
    po, theirs, result = merge_pair(pair, tmp_path)
    assert result.exit_code == 0, result.stderr
    after = polib.pofile(str(po))
    assert [e.previous_msgctxt for e in after if e.previous_msgctxt] == contexts
    assert after.header == before.header
    fields = dict(before.metadata)
    fields["POT-Creation-Date"] = polib.pofile(str(pair.template)).metadata["POT-Creation-Date"]
    assert dict(after.metadata) == fields == dict(polib.pofile(str(theirs)).metadata)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_headers_are_kept_as_found(tmp_path: Path):
    catalog = write(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "django.po", HEADER + """
        msgid "Delete"
        msgstr "Supprimer"
        """.replace("        ", ""))
    write(tmp_path / "locales" / "django.pot", """\
        msgid ""
        msgstr ""
        "Project-Id-Version: PACKAGE VERSION\\n"
        "POT-Creation-Date: 2024-05-22 11:46-0300\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"

        msgid "Delete"
        msgstr ""
        """)
    assert run_update(tmp_path, "fr").exit_code == 0
    text = catalog.read_text(encoding="utf-8")
    expected = (HEADER.replace("2023-01-02 10:00+0100", "2024-05-22 11:46-0300")
                + '\nmsgid "Delete"\nmsgstr "Supprimer"\n')
    assert text == expected  # no Generated-By, FULL NAME, YEAR-MO-DA, charset=utf-8


def test_fields_the_template_gives_go_where_msgmerge_puts_them(tmp_path: Path):
    header = "\n".join(line for line in HEADER.splitlines()
                       if not line.startswith(('"Report-Msgid', '"POT-Creation'))) + "\n"
    ours, theirs, _ = compared(tmp_path, header + '\nmsgid "Delete"\nmsgstr "Supprimer"\n',
                               POT.replace('"Content-Type', '"Report-Msgid-Bugs-To: bugs@x.org'
                                           '\\n"\n"POT-Creation-Date: 2024-05-22 11:46-0300'
                                           '\\n"\n"Content-Type') + '\nmsgid "Delete"\n'
                               'msgstr ""\n')
    assert list(ours.metadata.items()) == list(theirs.metadata.items())
    assert ours.metadata["POT-Creation-Date"] == "2024-05-22 11:46-0300"


def test_an_xgettext_template_is_accepted(tmp_path: Path):
    """A template made by xgettext says ``nplurals=INTEGER; plural=EXPRESSION;`` and
    ``charset=CHARSET``; update creates and merges catalogs from it as msginit and msgmerge
    do."""
    source = write(tmp_path / "app.py", """\
        from gettext import gettext as _, ngettext

        print(_("Delete"))
        print(ngettext("%d file", "%d files", 3) % 3)
        """)
    template = tmp_path / "locales" / "app.pot"
    template.parent.mkdir()
    subprocess.run(["xgettext", "-L", "Python", "-o", str(template), str(source)], check=True)
    assert "nplurals=INTEGER" in template.read_text()
    assert run_update(tmp_path, "ar").exit_code == 0  # created
    created = polib.pofile(str(tmp_path / "locales" / "ar" / "LC_MESSAGES" / "app.po"))
    assert len(created.find("%d file").msgstr_plural) == 6
    assert not msgfmt(tmp_path / "locales" / "ar" / "LC_MESSAGES" / "app.po", "-c")
    write(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "app.po", HEADER + """
        msgid "Deleted"
        msgstr "Supprimé"
        """.replace("        ", ""))
    assert run_update(tmp_path, "fr").exit_code == 0  # merged
    merged = polib.pofile(str(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "app.po"))
    assert merged.find("Delete").fuzzy and merged.find("Delete").msgstr == "Supprimé"


def compared(tmp_path: Path, catalog: str, template: str, lang: str = "fr"):
    """``catalog`` merged into ``template`` by update and by msgmerge: both outputs read."""
    pair = Pair("made", "app", lang, "across",
                write(tmp_path / "in" / f"{lang}.po", catalog),
                write(tmp_path / "in" / "app.pot", template))
    po, theirs, result = merge_pair(pair, tmp_path / "work")
    assert result.exit_code == 0, result.stderr
    return polib.pofile(str(po)), polib.pofile(str(theirs)), po


POT = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def test_a_translation_that_breaks_a_format_flag_the_template_adds_becomes_a_draft(
        tmp_path: Path):
    ours, theirs, po = compared(tmp_path, HEADER + textwrap.dedent("""
        msgid "Hello {name}"
        msgstr "Bonjour {nom}"

        msgid "Hello {name}, again"
        msgstr "Rebonjour {name}"

        msgid "%s items"
        msgstr "%s éléments"
        """), POT + textwrap.dedent("""
        #, python-brace-format
        msgid "Hello {name}"
        msgstr ""

        #, python-brace-format
        msgid "Hello {name}, again"
        msgstr ""

        #, javascript-format
        msgid "%s items"
        msgstr ""
        """))
    assert ours.find("Hello {name}").fuzzy and theirs.find("Hello {name}").fuzzy
    assert not ours.find("Hello {name}, again").fuzzy
    assert not theirs.find("Hello {name}, again").fuzzy
    assert ours.find("%s items").flags == theirs.find("%s items").flags == ["javascript-format"]
    assert not msgfmt(po, "-c")


def test_a_singular_translation_lent_to_a_plural_entry_fills_every_form(tmp_path: Path):
    arabic = HEADER.replace("nplurals=2; plural=(n > 1);", "nplurals=6; plural=n==0 ? 0 : "
                            "n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? "
                            "4 : 5;")
    ours, theirs, po = compared(tmp_path, arabic + textwrap.dedent("""
        msgid "%(count)s file deleted"
        msgstr "حُذف ملف %(count)s"
        """), POT + textwrap.dedent("""
        #, python-format
        msgid "%(count)s file deleted"
        msgid_plural "%(count)s files deleted"
        msgstr[0] ""
        msgstr[1] ""
        """), lang="ar")
    entry = ours.find("%(count)s file deleted")
    assert entry.fuzzy and list(entry.msgstr_plural.values()) == ["حُذف ملف %(count)s"] * 6
    assert entry.msgstr_plural == theirs.find("%(count)s file deleted").msgstr_plural
    assert not msgfmt(po, "-c")


def test_entries_that_lent_their_translation_are_dropped_as_msgmerge_drops_them(
        tmp_path: Path):
    ours, theirs, _ = compared(tmp_path, HEADER + textwrap.dedent("""
        msgid "Delete"
        msgstr "Supprimer"

        msgid "Gone for good"
        msgstr "Parti pour de bon"

        #~ msgid "Save the file"
        #~ msgstr "Enregistrer le fichier"
        """), POT + textwrap.dedent("""
        msgid "Deleted:"
        msgstr ""

        msgid "Save the files"
        msgstr ""
        """))
    assert ours.find("Deleted:").msgstr == "Supprimer" and ours.find("Deleted:").fuzzy
    assert ours.find("Save the files").previous_msgid == "Save the file"
    assert [e.msgid for e in ours.obsolete_entries()] == ["Gone for good"]
    assert [e.msgid for e in theirs.obsolete_entries()] == ["Gone for good"]


def test_a_template_that_rewords_most_entries_is_merged_not_refused(corpus: Path,
                                                                     tmp_path: Path):
    """A project that changes its style everywhere (straight quotes to curly ones, a final
    period dropped) loses no translation: each reworded entry lends its translation, so the
    guard against a wrong source does not fire."""
    pair = next(p for p in pairs(corpus, "sphinx") if p.kind == "own" and p.lang == "fr")
    template = polib.pofile(str(pair.template))
    for entry in template:
        entry.msgid = entry.msgid.replace("'", "’").rstrip(".") + " "
    reworded = tmp_path / "sphinx.pot"
    template.save(str(reworded))
    po, _, result = merge_pair(Pair("sphinx", "sphinx", "fr", "own", pair.catalog, reworded),
                               tmp_path / "work")
    assert result.exit_code == 0, result.stderr
    catalog = load_catalog(po)
    assert sum(1 for m in catalog if m.id and m.fuzzy and m.previous_id) > 300


def test_candidates_are_found_by_characters_as_msgmerge_finds_them(tmp_path: Path):
    """Inflected forms share no word but are alike (``Delete`` and ``Deleted:``, 86 %); a
    query of four characters or more is alike only to texts sharing a 4-gram with it
    (``save`` is 75 % like ``Save`` but shares none); a shorter one is compared with every
    short text."""
    assert round(similarity("Delete", "Deleted:"), 3) == 0.857
    ours, theirs, _ = compared(tmp_path, HEADER + textwrap.dedent("""
        msgid "save"
        msgstr "enregistrer"

        msgid "Del"
        msgstr "Sup"

        msgid "Delete"
        msgstr "Supprimer"
        """), POT + textwrap.dedent("""
        msgid "Save"
        msgstr ""

        msgid "Dl"
        msgstr ""

        msgid "Deleted:"
        msgstr ""
        """))
    decided = {e.msgid: (e.fuzzy, e.msgstr) for e in ours if not e.obsolete}
    assert decided == {"Save": (False, ""), "Dl": (True, "Sup"),
                       "Deleted:": (True, "Supprimer")}
    assert decided == {e.msgid: (e.fuzzy, e.msgstr) for e in theirs if not e.obsolete}
    index: SimilarityIndex[str] = SimilarityIndex()
    for text in ("Delete", "Remove the file", "Deleted items"):
        index.add(text, text)
    assert [key for _, key in index.search("Deleted:")] == ["Delete", "Deleted items"]


@pytest.mark.parametrize(("team", "language"), [
    ("French (http://www.transifex.com/django/language/fr/)", "fr"),
    ("Persian <fa@li.org>", "fa"),
    ("Arabic <https://hosted.weblate.org/projects/django/ar/>", "ar"),
    ("Chinese (simplified) <i18n-zh@googlegroups.com>", "zh_CN"),
    ("Spanish", ""),  # no address: msgmerge compares the name with its line end
    ("LANGUAGE <LL@li.org>", ""),
    ("none", ""),
])
def test_a_catalog_without_a_language_field_takes_its_teams_as_msgmerge_does(
        tmp_path: Path, team: str, language: str):
    header = HEADER.replace('"Language: fr\\n"\n', "").replace(
        "French (http://www.transifex.com/django/language/fr/)", team)
    ours, theirs, po = compared(tmp_path, header + '\nmsgid "Delete"\nmsgstr "Supprimer"\n',
                                POT + '\nmsgid "Delete"\nmsgstr ""\n')
    assert ours.metadata["Language"] == language
    assert po.read_bytes() == (tmp_path / "work" / "msgmerge.po").read_bytes()


XGETTEXT_POT = """\
# SOME DESCRIPTIVE TITLE.
# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER
# This file is distributed under the same license as the PACKAGE package.
# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2024-05-22 11:46-0300\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=CHARSET\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"
"X-Generator: makemessages\\n"

#, python-format
msgid "Delete %(name)s"
msgstr ""
"""


def test_a_catalog_made_from_another_projects_template_keeps_its_header(tmp_path: Path):
    """As msginit does: the template's comment and fields as found, in their order and
    spelling, with the language, its team, charset and plural forms filled in — no Babel
    fields (Generated-By), no lower-cased charset, no fuzzy header."""
    write(tmp_path / "locales" / "django.pot", XGETTEXT_POT)
    assert run_update(tmp_path, "fa").exit_code == 0
    made = tmp_path / "locales" / "fa" / "LC_MESSAGES" / "django.po"
    expected = (XGETTEXT_POT.replace("#, fuzzy\n", "")
                .replace("LANGUAGE <LL@li.org>", "Persian <fa@li.org>")
                .replace('"Language: \\n"', '"Language: fa\\n"')
                .replace("charset=CHARSET", "charset=UTF-8")
                .replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n > 1);"))
    assert made.read_text(encoding="utf-8") == expected
    assert not msgfmt(made, "-c")
    assert polib.pofile(str(made)).metadata["X-Generator"] == "makemessages"
