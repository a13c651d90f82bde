"""What every rich writer (Markdown, HTML, PDF, DOCX) lays out: blocks of directed runs.

The layout is computed once from a :class:`Letter`: each block's localized marker, its
text cut into spans (translated text with its typography, English fallbacks marked as
such, Latin runs isolated inside right-to-left text) and the English it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..core.document import Block, Segment
from ..languages import profile
from .letter import Letter
from .structure import split_runs

TITLE_LENGTH = 80
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Span:
    """A run of a block's text: ``isolate`` keeps it left to right inside RTL text;
    ``lang`` is set when it is not in the letter's language (an English fallback)."""

    text: str
    isolate: bool = False
    lang: str | None = None
    draft: bool = False


@dataclass(frozen=True)
class Part:
    """One block as laid out: a paragraph, a heading or a list item."""

    kind: str
    spans: tuple[Span, ...]
    source: str
    marker: str | None = None
    source_marker: str | None = None
    numbered: bool = False

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def is_list_item(self) -> bool:
        return self.marker is not None


@dataclass(frozen=True)
class Group:
    """Consecutive parts that belong together: one list, or a single paragraph/heading."""

    kind: str  # "paragraph", "heading", "bullets" or "numbers"
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Layout:
    lang: str
    rtl: bool
    title: str
    parts: tuple[Part, ...]
    has_drafts: bool
    numbering: str
    source_lang: str = SOURCE_LANGUAGE
    notices: tuple[tuple[str, str], ...] = field(default=())
    watermark: str = ""
    date: datetime | None = None  # the date the files carry: the letter's

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def script(self) -> str:
        """The letter's script (ISO 15924), which its elements carry as ``data-script``."""
        return profile(self.lang).script

    @property
    def title_lang(self) -> str | None:
        """The language of the title when it is not the letter's (left in English)."""
        return _language_of(_title_part(self.parts))

    @property
    def language_name(self) -> str:
        return profile(self.lang).name

    @property
    def source_language_name(self) -> str:
        return profile(self.source_lang).name

    def direction_of(self, lang: str) -> str:
        """The direction of a passage in ``lang`` (a notice, an English fallback)."""
        return profile(lang).direction

    def script_of(self, lang: str) -> str:
        """The script of a passage in ``lang``, for its ``data-script``."""
        return profile(lang).script

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the letter's text is in: its own, the source's, its notices'."""
        return tuple(dict.fromkeys((self.lang, self.source_lang,
                                    *(lang for lang, _ in self.notices))))

    @property
    def groups(self) -> list[Group]:
        """Parts with consecutive list items of one kind gathered into a list."""
        groups: list[Group] = []
        for part in self.parts:
            kind = part.kind
            if part.is_list_item:
                kind = "numbers" if part.numbered else "bullets"
                if groups and groups[-1].kind == kind:
                    groups[-1] = Group(kind, (*groups[-1].parts, part))
                    continue
            groups.append(Group(kind, (part,)))
        return groups


def _attributes(span: Span) -> tuple[bool, str | None, bool]:
    return span.isolate, span.lang, span.draft


def _segment_spans(letter: Letter, segment: Segment, rtl: bool) -> list[Span]:
    translation = letter.rendered(segment)
    if translation is None:
        return [Span(segment.text, isolate=rtl, lang=SOURCE_LANGUAGE)]
    draft = letter.is_draft(segment)
    return [Span(r.text, r.isolate, None, draft) for r in split_runs(translation, rtl)]


def _spans(letter: Letter, block: Block, rtl: bool) -> tuple[Span, ...]:
    """The block's sentences joined by a space that belongs to the run on both its sides,
    so consecutive English sentences stay one left-to-right run inside RTL text."""
    spans: list[Span] = []
    for segment in block.segments:
        piece = _segment_spans(letter, segment, rtl)
        if spans and piece:
            before, after = _attributes(spans[-1]), _attributes(piece[0])
            spans.append(Span(" ", *before) if before == after else Span(" "))
        spans.extend(piece)
    merged: list[Span] = []
    for span in spans:
        if merged and _attributes(merged[-1]) == _attributes(span):
            merged[-1] = Span(merged[-1].text + span.text, *_attributes(span))
        else:
            merged.append(span)
    return tuple(merged)


def _part(letter: Letter, block: Block, rtl: bool) -> Part:
    marker = source_marker = None
    if block.marker_start is not None:
        source_marker = letter.document.text[block.marker_start : block.marker_end]
        marker = letter.localize_marker(block, source_marker)
    return Part(
        kind=block.kind,
        spans=_spans(letter, block, rtl),
        source=" ".join(segment.text for segment in block.segments),
        marker=marker,
        source_marker=source_marker,
        numbered=block.number is not None,
    )


def cut_at_word(text: str, length: int) -> str:
    """``text`` if it is at most ``length`` long, else its first words and "…"."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


def _title_part(parts: Iterable[Part]) -> Part | None:
    """The first heading, else the letter's first block."""
    first = None
    for part in parts:
        if part.kind == "heading":
            return part
        first = first or part
    return first


def _title(parts: Iterable[Part]) -> str:
    """The first heading, else the letter's opening words, cut at a word."""
    first = _title_part(parts)
    return cut_at_word(first.text if first else "", TITLE_LENGTH)


def _language_of(part: Part | None) -> str | None:
    """The language of a part all in one other language than its letter's, else None."""
    langs = {span.lang for span in part.spans if span.text.strip()} if part else set()
    return langs.pop() if len(langs) == 1 and None not in langs else None


def _title_block(letter: Letter) -> Part | None:
    rtl = profile(letter.lang).rtl
    return _title_part(_part(letter, block, rtl) for block in letter.document.blocks
                       if block.segments)


def letter_title(letter: Letter) -> tuple[str, str | None]:
    """The title :func:`layout` gives ``letter`` and its language when it is not the
    letter's (:attr:`Layout.title_lang`), laying out no more of it than it takes."""
    first = _title_block(letter)
    return cut_at_word(first.text if first else "", TITLE_LENGTH), _language_of(first)


def layout(letter: Letter) -> Layout:
    """The letter's blocks as directed, localized parts."""
    rtl = profile(letter.lang).rtl
    parts = tuple(_part(letter, block, rtl) for block in letter.document.blocks if block.segments)
    has_drafts = letter.has_drafts
    return Layout(
        lang=letter.lang,
        rtl=rtl,
        title=_title(parts),
        parts=parts,
        has_drafts=has_drafts,
        numbering=letter.numbering,
        notices=(*(letter.draft_notices if has_drafts else ()), *letter.notices),
        watermark=letter.watermark if has_drafts else "",
        date=letter.date,
    )
