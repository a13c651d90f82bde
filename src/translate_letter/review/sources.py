"""The source documents as the review app segments them: once per version of each file,
since segmenting a long document takes seconds."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from ..core.config import Settings
from ..core.document import Document, segment
from ..core.errors import UserError
from ..extract import read_source
from .errors import NotFound

_SEGMENTING = threading.Lock()


def segment_sources(settings: Settings) -> None:
    """Segment every document once ahead of its first use (the app starts this in the
    background); a source that cannot be read is left for that use to report."""
    for doc in settings.documents():
        try:
            source_document(settings, doc)
        except UserError:
            continue


def source_document(settings: Settings, doc: str) -> Document:
    """The segmented source of ``doc``, as it is on disk now."""
    path = settings.source_path(doc)
    return segmented(path, fingerprint(path))


def fingerprint(path: Path) -> tuple[int, int]:
    """What tells one version of a source file from another."""
    try:
        info = path.stat()
    except OSError:
        raise NotFound(f"no source document {path.name!r}") from None
    return info.st_mtime_ns, info.st_size


def segmented(path: Path, version: tuple[int, int]) -> Document:
    """The segmented source at ``path`` in its ``version`` (see :func:`fingerprint`)."""
    # One thread segments a document; another that wants it meanwhile waits for the result.
    with _SEGMENTING:
        return _segment_once(path, version)


@lru_cache(maxsize=8)
def _segment_once(path: Path, version: tuple[int, int]) -> Document:
    return segment(read_source(path))
