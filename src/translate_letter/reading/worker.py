"""The reading room's renderer, run in worker processes beside the review app's server.

A worker decides what is public (:func:`publication_of`, reading each catalog once per
version of its file) and makes public files (:func:`render_file`, segmenting each source
and reading each letter once per version of its files).  It runs at a lower CPU priority
than the server, in a process of its own, so that typesetting a PDF never holds the
server's interpreter nor its request threads.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.config import Settings
from ..core.document import Document, segment
from ..extract import read_source
from ..publish import (
    Counts,
    Decisions,
    Edition,
    Publication,
    PublishRule,
    edition_counts,
    edition_letter,
    publication,
)
from ..render import Letter
from .release import release_stamps
from .site import SiteFile, site_files

# A file's version: (path, modification time in ns, size, inode), or None when it is absent.
Stamp = tuple[str, int, int, int] | None

NICENESS = 10  # below the server, which answers people


def stamp(path: Path) -> Stamp:
    """The version of the file at ``path``, read with one ``stat`` call."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return str(path), info.st_mtime_ns, info.st_size, info.st_ino


@dataclass(frozen=True)
class Versions:
    """The version of every file the public files are made of: per document its template
    and source, per (document, language) its catalog, and the releases' folder and sums."""

    templates: dict[str, Stamp]
    sources: dict[str, Stamp]
    catalogs: dict[tuple[str, str], Stamp]
    releases: tuple[Stamp, ...] = ()

    def of(self, edition: Edition) -> tuple[Stamp, Stamp, Stamp]:
        """The versions ``edition`` is made of: template, source and catalog."""
        catalog = None if edition.original else self.catalogs.get((edition.doc, edition.lang))
        return self.templates.get(edition.doc), self.sources.get(edition.doc), catalog


def versions(settings: Settings) -> Versions:
    """The versions of a project's files as they are now (a few ``stat`` calls)."""
    docs = settings.documents()
    return Versions({doc: stamp(settings.template_path(doc)) for doc in docs},
                    {doc: stamp(settings.source_path(doc)) for doc in docs},
                    {(doc, lang): stamp(settings.catalog_path(doc, lang))
                     for doc in docs for lang in settings.languages},
                    tuple(stamp(path) for path in release_stamps(settings)))


def start_worker() -> None:
    """Run in each worker process as it starts: yield the CPU to the server, and end with
    the process that started it."""
    try:
        os.nice(NICENESS)
    except OSError:
        pass  # not allowed here: the worker is still a process of its own
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), name="end-with-parent",
                         daemon=True).start()


def _end_with(parent: multiprocessing.process.BaseProcess) -> None:
    """Wait for ``parent`` to end, then end this worker.  A server killed with SIGKILL cannot
    tell its workers; a worker left waiting for tasks would also keep the fork server that
    made it alive (it holds that server's "alive" pipe), both forever."""
    parent.join()
    os._exit(0)


def publication_of(settings: Settings, decisions: Decisions, files: Versions) -> Publication:
    """What is public under ``decisions``, the catalogs being at the versions ``files``."""
    counts = {(doc, lang): _counts(settings, doc, lang, files.templates.get(doc), version)
              for (doc, lang), version in files.catalogs.items()}
    return publication(settings, decisions, counts=counts)


@lru_cache(maxsize=64)
def _counts(settings: Settings, doc: str, lang: str, template: Stamp,
            catalog: Stamp) -> Counts | str:
    return edition_counts(settings, doc, lang)


# The files of the last publication this worker made files for: a page and the downloads it
# gives the checksums of are made once.
_site: tuple[Publication, Versions, dict[str, SiteFile]] | None = None


def render_file(pub: Publication, path: str, ui: str | None, files: Versions) -> bytes | None:
    """The bytes of the public file at ``path`` (a page's words in ``ui``), made from the
    files at the versions ``files``; None when there is no such file."""
    global _site
    if _site is None or _site[:2] != (pub, files):

        def letter_of(edition: Edition) -> Letter:
            return _letter(pub.settings, pub.rule, edition.doc, edition.lang,
                           edition.original, *files.of(edition))

        _site = (pub, files, site_files(pub, static=False, letter_of=letter_of))
    file = _site[2].get(path)
    return None if file is None else file.make(ui)


@lru_cache(maxsize=32)
def _letter(settings: Settings, rule: PublishRule, doc: str, lang: str, original: bool,
            template: Stamp, source: Stamp, catalog: Stamp) -> Letter:
    document = _document(settings.source_path(doc), source)
    return edition_letter(settings, rule, doc, lang, original, document)


@lru_cache(maxsize=4)
def _document(path: Path, version: Stamp) -> Document:
    """The source at ``path`` segmented, once per version of the file (a long document
    takes a while)."""
    return segment(read_source(path))
