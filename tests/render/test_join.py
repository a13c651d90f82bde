"""Build joins the letter's sentences to their entries by key (place and text), and says so
in one line when the source changed since its catalog was made."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from translate_letter.catalog.entry import Entry, entries, join
from translate_letter.catalog.reader import load_catalog
from translate_letter.core.document import Place, segment

from .conftest import fill, pseudo_persian


def test_every_sentence_of_the_letter_joins_its_entry_by_place_and_text(catalogs):
    document = segment((catalogs.root / "source" / "letter.txt").read_text("utf-8"))
    joined = join(document, entries(load_catalog(catalogs.po("fa"))))
    assert not joined.missing and joined.stale("letter.txt") is None
    for segment_ in document.segments:
        entry = joined.entry(segment_)
        assert entry.msgid == segment_.text and segment_.place in entry.places


def test_a_paragraph_added_above_is_reported_in_one_line_and_build_still_writes(catalogs):
    fill(catalogs, "fa", pseudo_persian)
    source = catalogs.root / "source" / "letter.txt"
    text = source.read_text("utf-8")
    first_blank = text.index("\n\n")
    source.write_text(text[:first_blank] + "\n\nA new paragraph the catalog has never seen."
                      + text[first_blank:], encoding="utf-8")

    result = catalogs.run("build", "-l", "fa", "-f", "txt")

    assert result.exit_code == 0, result.output
    (warning,) = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning.startswith("translate-letter: warning: fa: letter.txt changed since its "
                              "catalog was made: ")
    assert "(first: paragraph 2)" in warning
    assert "run 'translate-letter extract' and 'translate-letter update'" in warning
    # Nothing is joined by text alone: the shifted paragraphs stay in English, as said.
    built = (catalogs.root / "dist" / "fa" / "letter.txt").read_text("utf-8")
    assert "A new paragraph the catalog has never seen." in built

    catalogs.ok("extract")
    catalogs.ok("update")
    again = catalogs.ok("build", "-l", "fa", "-f", "txt", "--min-complete", "0")
    assert "warning" not in again.stderr


def test_a_sentence_the_letter_repeats_is_one_entry_joined_at_both_places():
    document = segment("Thank you.\n\nWe met.\n\nThank you.\n")
    catalog = Catalog(locale="fa")
    for s in document.segments:
        message = catalog.get(s.text) or catalog.add(s.text, "")
        message.auto_comments.append(str(s.place))
    (thanks,) = [e for e in entries(catalog) if e.msgid == "Thank you."]
    assert thanks.places == (Place("paragraph", 1), Place("paragraph", 3))
    joined = join(document, entries(catalog))
    assert [joined.entry(s).msgid for s in document.segments] == ["Thank you.", "We met.",
                                                                 "Thank you."]
    # The same text at a place the catalog does not list is not joined.
    moved = segment("Thank you.\n\nWe met at last.\n\nWe met.\n")
    joined = join(moved, entries(catalog))
    assert [str(s.place) for s in joined.missing] == ["paragraph 2", "paragraph 3"]
    assert joined.stale("letter.txt").startswith(
        "letter.txt changed since its catalog was made: 2 sentences (first: paragraph 2) have "
        "no entry and stay in English")


def test_place_is_written_and_read_in_one_place():
    for text in ("paragraph 7, sentence 2", "list item 3", "heading 1"):
        assert str(Place.parse(text)) == text
    assert Place.parse("paragraph 7, sentence 2").as_dict() == {
        "kind": "paragraph", "number": 7, "sentence": 2}
    assert Place.parse("paragraph 7, sentence 2").block == Place("paragraph", 7)
    assert Place.parse("a translator's note") is None


def test_entry_view_has_plain_fields(catalogs):
    fill(catalogs, "fa", pseudo_persian, how="draft", only=lambda i: i == 0)
    entry = entries(load_catalog(catalogs.po("fa")))[0]
    assert entry.msgid == entry.source and entry.msgid.startswith("14 human rights lawyers")
    assert entry.msgctxt is None and entry.msgid_plural is None and not entry.plural
    assert entry.state == "draft" and entry.fuzzy and entry.origin.startswith("draft mt:test")
    assert entry.text == entry.translation == entry.target == pseudo_persian(entry.msgid)
    assert entry.places == (Place("paragraph", 1, 1),)
    assert entry.locations == ["source/letter.txt:1"]
    assert len(entry.id) == 16 and entry.id == Entry(entry.clone()).id
    copy = entry.clone()
    copy.string = "changed"
    assert entry.translation != "changed"
