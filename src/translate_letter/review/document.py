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
import threading
from functools import lru_cache
from pathlib import Path

from ..accounts import Account
from ..catalog.entry import Joined, join
from ..config import Settings
from ..document import Document, segment
from ..errors import UserError
from ..extract import read_source
from ..render.structure import list_numbering, marker_localizer
from .errors import NotFound
from .workspace import Workspace

_SEGMENTING = threading.Lock()


def document_json(workspace: Workspace, account: Account, doc: str, lang: str) -> bytes:
    """``{blocks, stale}``: the blocks of ``doc`` with the ids of the entries of its
    ``lang`` catalog, and (None, or a count and the first place) the sentences that have no
    entry.  Segmenting is cached until the source changes: for a long document it takes
    seconds."""
    cat = workspace.policy.readable(account, doc, lang)
    workspace.store.refresh(cat)
    path = workspace.settings.source_path(doc)
    numbering = list_numbering(workspace.settings.extra, lang)
    document = _segmented(path, _fingerprint(path))
    with cat.lock:
        entries = list(cat.entries.values())
    joined = join(document, entries)
    stale = None
    if joined.missing:
        stale = {"count": len(joined.missing), "place": joined.missing[0].place.as_dict()}
    data = {"blocks": document_blocks(document, lang, numbering, joined), "stale": stale}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def segment_sources(settings: Settings) -> None:
    """Segment every document once ahead of its first document view (the app starts this
    in the background); a source that cannot be read is left for that view to report."""
    for doc in settings.documents():
        path = settings.source_path(doc)
        try:
            _segmented(path, _fingerprint(path))
        except UserError:
            continue


def _fingerprint(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        raise NotFound(f"no source document {path.name!r}") from None
    return info.st_mtime_ns, info.st_size


def _segmented(path: Path, fingerprint: tuple[int, int]) -> Document:
    # One thread segments a document; another that wants it meanwhile waits for the result.
    with _SEGMENTING:
        return _segment_once(path, fingerprint)


@lru_cache(maxsize=8)
def _segment_once(path: Path, fingerprint: tuple[int, int]) -> Document:
    return segment(read_source(path))


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
