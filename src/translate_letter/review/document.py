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

import json

from ..accounts import Account
from ..catalog.entry import Joined, join
from ..core.document import Document
from ..render.structure import list_numbering, marker_localizer
from .sources import fingerprint, segmented
from .workspace import Workspace


def document_json(workspace: Workspace, account: Account, doc: str, lang: str) -> bytes:
    """``{blocks, stale}``: the blocks of ``doc`` with the ids of the entries of its
    ``lang`` catalog, and (None, or a count and the first place) the sentences that have no
    entry.  Made again only when the source or the catalog changed: for a long document
    segmenting and joining take seconds."""
    cat = workspace.policy.readable(account, doc, lang)
    workspace.store.refresh(cat)
    path = workspace.settings.source_path(doc)
    numbering = list_numbering(workspace.settings.extra, lang)
    version = fingerprint(path)
    document = segmented(path, version)
    with cat.lock:
        made_of = (version, numbering, cat.revision)
        entries = list(cat.entries.values())
        cached = cat.document_view
    if cached is not None and cached[0] == made_of:
        return cached[1]
    joined = join(document, entries)
    stale = None
    if joined.missing:
        stale = {"count": len(joined.missing), "place": joined.missing[0].place.as_dict()}
    data = {"blocks": document_blocks(document, lang, numbering, joined), "stale": stale}
    view = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    cat.document_view = (made_of, view)
    return view


def document_blocks(document: Document, lang: str, numbering: str,
                    joined: Joined) -> list[dict]:
    """``{kind, marker, translated_marker, numbered, gap, entries}`` for each block that has
    sentences, in the source's order; ``entries`` are the ids of the entries ``joined`` to
    its sentences."""
    localize = marker_localizer(lang, numbering)
    text = document.text
    blocks: list[dict] = []
    end = 0
    for block in document.blocks:
        if not block.segments:
            continue
        marker = None
        if block.marker_start is not None:
            marker = text[block.marker_start : block.marker_end]
        blocks.append({
            "kind": block.kind,
            "marker": marker,
            "translated_marker": localize(block, marker) if marker else None,
            "numbered": block.number is not None,
            "gap": bool(blocks) and "\n" in text[end : block.start],
            "entries": [entry.id for entry in map(joined.entry, block.segments) if entry],
        })
        end = block.end
    return blocks
