"""The document view's data: the source's blocks in their order, as the editor lays them out.

Each block (paragraph, heading, list item) carries its list marker as the source writes it
and as the translation shows it (the locale's digits, bullets kept), whether a blank line
comes before it in the source, and the ids of its sentences' entries.  The text, state and
findings of each sentence come from the entries list the editor already holds.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..accounts import Account
from ..document import Document
from ..render.structure import list_numbering, marker_localizer
from .sources import fingerprint, segmented
from .store import entry_id
from .workspace import Workspace


def document_json(workspace: Workspace, account: Account, doc: str, lang: str) -> bytes:
    """The JSON list of the blocks of ``doc`` for its ``lang`` catalog (cached until the
    source changes: segmenting a long document takes seconds)."""
    workspace.policy.readable(account, doc, lang)
    path = workspace.settings.source_path(doc)
    numbering = list_numbering(workspace.settings.extra, lang)
    return _blocks_json(path, fingerprint(path), lang, numbering)


@lru_cache(maxsize=32)
def _blocks_json(path: Path, fingerprint: tuple[int, int], lang: str, numbering: str) -> bytes:
    blocks = document_blocks(segmented(path, fingerprint), lang, numbering)
    return json.dumps(blocks, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def document_blocks(document: Document, lang: str, numbering: str = "default") -> list[dict]:
    """``{kind, marker, translated_marker, numbered, gap, entries}`` for each block that has
    sentences, in the source's order."""
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
            "entries": [entry_id(s.text, None) for s in block.segments],
        })
        end = block.end
    return blocks
