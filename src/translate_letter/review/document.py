"""The document view's data: the source's blocks in their order, as the editor lays them out.

Each block (paragraph, heading, list item) carries its list marker as the source writes it
and as the translation shows it (the locale's digits, bullets kept), whether a blank line
comes before it in the source, and the ids of its sentences' entries, joined to the
segments by key (:func:`~..catalog.entry.join`).  The text, state and findings of each
sentence come from the entries list the editor already holds.  When the source changed
since the catalog was made, ``stale`` says how many sentences have no entry, and where the
first one is.
"""

from __future__ import annotations

from ..catalog.entry import Joined
from ..core.document import Document
from ..render.structure import marker_localizer
from .views import Block, DocumentView, Stale


def document_view(document: Document, lang: str, numbering: str,
                  joined: Joined) -> DocumentView:
    """The blocks of ``document`` that have sentences, in the source's order, with the ids
    of the entries ``joined`` to their sentences, and (None, or a count and the first
    place) the sentences that have no entry."""
    localize = marker_localizer(lang, numbering)
    text = document.text
    blocks: list[Block] = []
    end = 0
    for block in document.blocks:
        if not block.segments:
            continue
        marker = None
        if block.marker_start is not None:
            marker = text[block.marker_start : block.marker_end]
        blocks.append(Block(
            kind=block.kind, marker=marker,
            translated_marker=localize(block, marker) if marker else None,
            numbered=block.number is not None,
            gap=bool(blocks) and "\n" in text[end : block.start],
            entries=tuple(entry.id for entry in map(joined.entry, block.segments) if entry)))
        end = block.end
    stale = None
    if joined.missing:
        stale = Stale(len(joined.missing), joined.missing[0].place)
    return DocumentView(tuple(blocks), stale)
