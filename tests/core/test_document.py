"""Segmentation of the letter and the byte-exact rebuild."""

from __future__ import annotations

import threading

import pytest

from translate_letter.core.document import Place, normalize, segment

from ..conftest import LETTER

LETTER_TEXT = LETTER.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def letter():
    return segment(LETTER_TEXT)


def _segment_containing(document, fragment):
    found = [s for s in document.segments if fragment in s.text]
    assert found, f"no segment contains {fragment!r}"
    return found


def test_letter_source_is_the_users_letter():
    assert LETTER_TEXT.count("\u00a0") == 109
    assert not LETTER_TEXT.endswith("\n")


@pytest.mark.parametrize(
    "fragment",
    [
        "asked U.N. security council to intervene",
        "by the U.S Ambassador and then the Council’s President Nikki Haley",
        "(Please see S/PV.7926) regarding the Maintenance",
        "(see A/PV.564 to A/PV.573) so as to make the appropriate measures.",
        "the resolution 120 (1956) adopted on 4 November 1956 on Hungary",
        "by the Regime’s snipers in Nov 2019 and quickly became a symbol",
        "the death toll is estimated to be over 1,500 within 3 days",
        "(S/2011/612) introduced by Portugal",
    ],
)
def test_abbreviations_and_symbols_do_not_split_a_sentence(letter, fragment):
    assert _segment_containing(letter, fragment)


def test_sentences_of_a_paragraph_are_separate_segments(letter):
    starts = [s.text[:40] for s in letter.segments
              if s.place.block == Place("paragraph", 14) and s.place.sentence]
    assert starts == [
        "We have seen in an instance in the past ",
        "We remind the Council about the resoluti",
        "The Council called an emergency special ",
        "We invite the Council to do the same as ",
    ]


def test_msgids_have_whitespace_normalised(letter):
    for seg in letter.segments:
        assert "\u00a0" not in seg.text and "  " not in seg.text and "\n" not in seg.text
        assert seg.text == seg.text.strip()
        assert seg.text == normalize(LETTER_TEXT[seg.start : seg.end])


def test_bullets_are_structure_not_text(letter):
    items = [b for b in letter.blocks if b.kind == "list item" and b.number is None]
    assert len(items) == 8
    for block in items:
        assert LETTER_TEXT[block.marker_start : block.marker_end] == "●"
        assert not block.segments[0].text.startswith("●")
    assert items[0].segments[0].text.startswith("To consider the relevant conclusions")
    assert str(items[0].segments[0].place) == "list item 1"


def test_signatory_numbering_with_and_without_space(letter):
    signatories = [b for b in letter.blocks if b.number is not None]
    assert [b.number for b in signatories] == list(range(1, 15))
    first, second = signatories[0], signatories[1]
    assert LETTER_TEXT[first.marker_start : first.marker_end] == "1."
    assert first.segments[0].text == "Mehdi Houshmand-Rahimi-Human Rights Lawyer"
    assert LETTER_TEXT[second.marker_start : second.marker_end] == "2."
    assert second.segments[0].text == "Hossein Ahmadiniaz- Human Rights Lawyer"
    assert signatories[-1].segments[0].place == Place("list item", 14)


def test_segments_carry_their_source_line(letter):
    salutation = _segment_containing(letter, "Dear President Kelly Craft,")[0]
    assert salutation.line == 3
    last = letter.segments[-1]
    assert last.text == "Daniel Rasteen – Human Rights Lawyer"
    assert last.line == LETTER_TEXT.count("\n") + 1


def test_quoted_sentences_stay_with_their_quote(letter):
    quote = _segment_containing(letter, "Human rights are intrinsically linked")[0]
    assert quote.text.endswith("to prevent mass atrocities”.")


DOCUMENTS = {
    "crlf": "Title line\r\n\r\nFirst sentence here. Second one follows.\r\nWrapped line.\r\n",
    "tabs": "\tIndented paragraph with a tab. Another sentence.\n\n\t\tDeeper\tinner tab.",
    "hard_wrapped": (
        "This paragraph is hard wrapped at a narrow\n"
        "width, so one sentence runs over several\n"
        "lines. The next sentence starts mid-line and\n"
        "    ends on an indented line.\n\n"
        "Second paragraph, single line.\n"
    ),
    "lists": (
        "Requests:\n\n"
        "1. First numbered item. With two sentences.\n"
        "2) Second item\n"
        "   continues on an indented line.\n"
        "(3) Third item.\n\n"
        "- dash bullet item\n"
        "* star bullet item\n"
        "● black circle\u00a0with NBSP\n"
    ),
    "numbered_sections": (
        "1. Introduction\n\n"
        "1.1 The scope of this note is small.\n\n"
        "2. Findings\n\n"
        "The Council met on 18 April 2017 (S/PV.7926). It adopted nothing."
    ),
    "no_final_newline": "Only one line without a final newline.",
    "blank_lines_with_spaces": "Para one.\n   \n\u00a0\nPara two.  \n\n\n",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_rebuild_without_translations_is_identical(name):
    text = DOCUMENTS[name]
    assert segment(text).rebuild(lambda s: None).encode("utf-8") == text.encode("utf-8")


def test_rebuild_of_the_letter_without_translations_is_identical(letter):
    assert letter.rebuild(lambda s: None).encode("utf-8") == LETTER.read_bytes()


def _skeleton(document, text):
    """The document with every segment replaced by a placeholder: its layout."""
    parts, position = [], 0
    for seg in document.segments:
        parts.append(text[position : seg.start])
        parts.append("\x00")
        position = seg.end
    parts.append(text[position:])
    return "".join(parts)


@pytest.mark.parametrize("name", sorted(DOCUMENTS) + ["letter"])
def test_pseudo_translation_replaces_every_segment_and_keeps_layout(name):
    text = LETTER_TEXT if name == "letter" else DOCUMENTS[name]
    document = segment(text)
    pseudo = {s.text: f"⟦{s.text.upper()}⟧" for s in document.segments}
    rebuilt = document.rebuild(lambda s: pseudo[s.text])
    assert rebuilt.count("⟦") == len(document.segments)
    # Everything between segments (markers, numbering, blank lines, line endings) is kept.
    expected = _skeleton(document, text)
    pieces = rebuilt
    for seg in document.segments:
        pieces = pieces.replace(pseudo[seg.text], "\x00", 1)
    assert pieces == expected


def test_hard_wrapped_sentence_is_one_segment_with_its_first_line():
    document = segment(DOCUMENTS["hard_wrapped"])
    first = document.segments[0]
    assert first.text == (
        "This paragraph is hard wrapped at a narrow width, so one sentence runs over several lines."
    )
    assert first.line == 1
    assert document.segments[1].text == (
        "The next sentence starts mid-line and ends on an indented line."
    )
    assert document.segments[1].line == 3


def test_list_items_of_every_marker_style_are_blocks():
    document = segment(DOCUMENTS["lists"])
    items = [b for b in document.blocks if b.kind == "list item"]
    assert [s.text for b in items for s in b.segments] == [
        "First numbered item.",
        "With two sentences.",
        "Second item continues on an indented line.",
        "Third item.",
        "dash bullet item",
        "star bullet item",
        "black circle with NBSP",
    ]
    assert [b.number for b in items[:3]] == [1, 2, 3]


def test_two_threads_segmenting_at_once_get_the_segments_of_their_own_text():
    texts = {
        "numbers": "\n\n".join(" ".join(f"Statement {n} asks the Council to act." for n in
                                        range(p, p + 5)) for p in range(0, 600, 5)),
        "short": "\n\n".join(" ".join(f"Item {n} is here. Yes." for n in range(p, p + 3))
                             for p in range(0, 600, 3)),
    }
    alone = {name: segment(text).segments for name, text in texts.items()}
    together: dict[str, list] = {}
    threads = [threading.Thread(target=lambda n=name, t=text: together.update(
        {n: segment(t).segments})) for name, text in texts.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert together == alone
