"""Segments of a plain-text document and the rebuild that pours translations back.

A document is a sequence of blocks (paragraphs, list items, headings) separated by
blank lines or list markers; a block is a sequence of sentences.  Every segment keeps
its exact character span in the source, so that everything between segments —
markers, numbering, whitespace, line endings — is carried over untouched.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pysbd

# Characters that count as horizontal space inside a block: they never end a block
# and are folded into one space in a msgid.
_SPACE_CHARS = " \t\u00a0\u2007\u202f\u3000\f\v"
_WHITESPACE = _SPACE_CHARS + "\r\n"

# A list marker at the start of a line: a bullet, or "1." / "1)" / "(1)" / "a)" numbering.
# "1.Mehdi" (no space) counts as well as "2. Hossein".
_MARKER = re.compile(
    r"[ \t\u00a0]*"
    r"(?P<token>[●•▪◦‣∙○■□➢►–\-*](?=[ \t\u00a0])"
    r"|\(?(?P<number>\d{1,3})[.)](?!\d)"
    r"|\(?[a-z]\)(?=[ \t\u00a0]))"
    r"[ \t\u00a0]*"
)
_BLANK = re.compile(r"[ \t\u00a0\u2007\u202f\u3000\f\v]*\r?\n?\Z")
_FOLD = re.compile(rf"[{_WHITESPACE}]+")
_END_PUNCTUATION = tuple(".,;:!?…\"”’)»")


BLOCK_KINDS = ("paragraph", "heading", "list item")
_PLACE = re.compile(r"(paragraph|heading|list item) (\d+)(?:, sentence (\d+))?")


@dataclass(frozen=True)
class Place:
    """Where a segment stands in its document: the block (its kind and its number among the
    blocks of that kind) and, in a block of several sentences, the sentence.

    This is the one place where a place is written as text and read back: the extractor
    writes ``str(place)`` as the entry's ``#.`` comment ("paragraph 7, sentence 2", "list
    item 3"), :meth:`parse` reads it from a catalog, and :meth:`as_dict` is what the review
    app's API sends, so no other component reads English.
    """

    kind: str
    number: int
    sentence: int | None = None  # None: the block has one sentence

    def __str__(self) -> str:
        block = f"{self.kind} {self.number}"
        return block if self.sentence is None else f"{block}, sentence {self.sentence}"

    @classmethod
    def parse(cls, text: str) -> Place | None:
        """The place ``text`` names, or None when it names none (another comment)."""
        found = _PLACE.fullmatch(text.strip())
        if found is None:
            return None
        kind, number, sentence = found.groups()
        return cls(kind, int(number), int(sentence) if sentence else None)

    @property
    def block(self) -> Place:
        """The place of the whole block: "paragraph 7, sentence 2" → "paragraph 7"."""
        return Place(self.kind, self.number)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "number": self.number, "sentence": self.sentence}


@dataclass(frozen=True)
class Segment:
    """One translatable sentence: its normalised text and where it stands in the source.

    ``(place, text)`` is the segment's key: the key by which it is joined to its catalog
    entry (see :func:`translate_letter.catalog.entry.EntryIndex`)."""

    text: str
    start: int
    end: int
    line: int
    block: int
    sentence: int
    place: Place

    @property
    def key(self) -> tuple[Place, str]:
        return (self.place, self.text)


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or list item; ``marker_*`` is the list marker's span, if any."""

    kind: str
    ordinal: int
    start: int
    end: int
    marker_start: int | None = None
    marker_end: int | None = None
    number: int | None = None
    segments: tuple[Segment, ...] = field(default=())

    @property
    def is_list_item(self) -> bool:
        return self.kind == "list item"


@dataclass(frozen=True)
class Document:
    """A source text cut into blocks and segments."""

    text: str
    blocks: tuple[Block, ...]

    @property
    def segments(self) -> list[Segment]:
        return [segment for block in self.blocks for segment in block.segments]

    def rebuild(
        self,
        translate: Callable[[Segment], str | None],
        marker: Callable[[Block, str], str] | None = None,
    ) -> str:
        """Walk the spans again: a segment becomes its translation when ``translate`` has one.

        ``marker`` may localize a list marker (e.g. Persian digits); everything else between
        segments is copied byte for byte, so with no translations the output equals the input.
        """
        out: list[str] = []
        position = 0
        for block in self.blocks:
            if marker is not None and block.marker_start is not None:
                out.append(self.text[position : block.marker_start])
                out.append(marker(block, self.text[block.marker_start : block.marker_end]))
                position = block.marker_end
            for segment in block.segments:
                out.append(self.text[position : segment.start])
                translation = translate(segment)
                out.append(translation or self.text[segment.start : segment.end])
                position = segment.end
        out.append(self.text[position:])
        return "".join(out)


def normalize(text: str) -> str:
    """The msgid form of a span: NBSP and every whitespace run become one space, trimmed."""
    return _FOLD.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


# pysbd's segmenter keeps the text it works on in itself, so two threads (two downloads or
# document views of the review app) must not use it at once.
_SEGMENTER_LOCK = threading.Lock()


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of surrounding whitespace.

    pysbd treats a newline as a sentence break, which is wrong for hard-wrapped
    paragraphs, so every whitespace character is replaced by a plain space of the same
    length before segmenting: offsets stay valid for the original text.
    """
    chunk = text[start:end]
    flat = chunk.translate(_FLATTEN)
    spans: list[tuple[int, int]] = []
    cursor = 0
    with _SEGMENTER_LOCK:
        sentences = _segmenter().segment(flat)
    for sentence in sentences:
        found = flat.find(sentence, cursor)
        if found < 0:  # pysbd changed the text; fall back to the whole block
            return _trimmed([(start, end)], text)
        cursor = found + len(sentence)
        spans.append((start + found, start + cursor))
    return _trimmed(spans, text)


_FLATTEN = {ord(c): " " for c in _WHITESPACE}


def _trimmed(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    result = []
    for s, e in spans:
        while s < e and text[s] in _WHITESPACE:
            s += 1
        while e > s and text[e - 1] in _WHITESPACE:
            e -= 1
        if s < e:
            result.append((s, e))
    return result


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line with its ending) for every line of ``text``."""
    out = []
    offset = 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line))
        offset += len(line)
    return out


def _block_kind(body: str) -> str:
    """A short single line without closing punctuation reads as a heading."""
    if "\n" not in body.strip() and len(body.split()) <= 10 and not body.rstrip().endswith(
        _END_PUNCTUATION
    ):
        return "heading"
    return "paragraph"


def segment(text: str) -> Document:
    """Cut ``text`` into blocks and sentence segments, keeping every span."""
    lines = _lines(text)
    # (start, end, marker token start, marker token end, body start, list number)
    raw: list[list] = []
    in_block = False
    for offset, line in lines:
        if _BLANK.match(line):
            in_block = False
            continue
        marker = _MARKER.match(line)
        if marker is not None and line[marker.end() :].strip(_WHITESPACE):
            number = marker.group("number")
            raw.append([
                offset,
                offset + len(line),
                offset + marker.start("token"),
                offset + marker.end("token"),
                offset + marker.end(),
                int(number) if number else None,
            ])
        elif not in_block:
            raw.append([offset, offset + len(line), None, None, offset, None])
        else:
            raw[-1][1] = offset + len(line)
        in_block = True

    line_starts = [offset for offset, _ in lines] or [0]
    blocks: list[Block] = []
    counters = {"paragraph": 0, "heading": 0}
    item = 0
    previous_was_item = False
    for index, (start, end, m_start, m_end, body_start, number) in enumerate(raw, start=1):
        if m_start is not None:
            item = item + 1 if previous_was_item else 1
            kind, ordinal = "list item", item
        else:
            kind = _block_kind(text[body_start:end])
            counters[kind] += 1
            ordinal = counters[kind]
        previous_was_item = m_start is not None
        spans = _sentence_spans(text, body_start, end)
        segments = tuple(
            Segment(
                text=normalize(text[s:e]),
                start=s,
                end=e,
                line=_line_of(line_starts, s),
                block=index,
                sentence=n,
                place=Place(kind, ordinal, n if len(spans) > 1 else None),
            )
            for n, (s, e) in enumerate(spans, start=1)
        )
        blocks.append(Block(kind, ordinal, start, end, m_start, m_end, number, segments))
    return Document(text=text, blocks=tuple(blocks))


def _line_of(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset)
