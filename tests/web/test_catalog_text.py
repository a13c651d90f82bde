"""The per-entry PO text used by the flusher equals the writer's whole-catalog output."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_approved, mark_draft, mark_translated
from translate_letter.catalog.text import CatalogText
from translate_letter.catalog.writer import po_bytes

THIRD_PARTY = r'''msgid ""
msgstr ""
"Language: ar\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
"n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\n"

#. paragraph 1
#: source/a.txt:1
#, fuzzy
#| msgid ""
#| "A long previous source that Babel wraps over more than one line because it is "
#| "longer than seventy-six characters."
msgid "A long current source."
msgstr "نص"

#: a.c:3
msgid "one file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
msgstr[3] ""
msgstr[4] ""
msgstr[5] ""

msgctxt "menu"
msgid "Open"
msgstr ""

#: a.c:9
msgid "Last \"quoted\" entry\twith a tab"
msgstr ""

#~ msgid "Gone"
#~ msgstr "ذهب"
'''


@pytest.fixture
def third_party(tmp_path: Path) -> Path:
    path = tmp_path / "ar.po"
    path.write_text(THIRD_PARTY, encoding="utf-8")
    return path


def test_previous_source_is_read_back_from_hash_bar_lines(third_party):
    message = load_catalog(third_party).get("A long current source.")
    assert message.previous_id == [
        ("A long previous source that Babel wraps over more than one line because it is "
         "longer than seventy-six characters.")]
    assert not any(c.startswith("|") for c in message.user_comments)


@pytest.mark.parametrize("which", ["shipped", "third-party"])
def test_entry_by_entry_text_equals_the_whole_output_after_changes(which, shipped,
                                                                      third_party):
    path = shipped.po("fa") if which == "shipped" else third_party
    catalog = load_catalog(path)
    text = CatalogText(catalog)
    assert text.data() == po_bytes(catalog)
    singular = [m for m in messages(catalog) if isinstance(m.id, str)]
    changes = [
        (singular[0], lambda m: mark_translated(m, "متن «اول»\nبا دو سطر", "farid", "2026-01-02")),
        (singular[-1], lambda m: mark_approved(m, "آخر " * 40, "roya", "2026-01-03")),
        (singular[len(singular) // 2], lambda m: mark_draft(m, "پیش‌نویس", "mt:google")),
    ]
    for message, change in changes:
        change(message)
        text.update(message)
        assert text.data() == po_bytes(catalog)
