"""What the review app reads, changing nothing: a catalog's entries, one entry in detail,
the progress of every catalog an account works on, the document view, and the letters
built from the current catalogs.

Every query checks the account's role for the language first.  Listings and the document
view are what a long catalog makes expensive, so they are kept, encoded by the caller's
``encode``, until the catalog (or the source) changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..accounts import Account
from ..assist import glossary_terms, word_diff
from ..build import load_letter
from ..catalog.entry import join
from ..catalog.project import document_template
from ..catalog.states import INCLUDE_LEVELS
from ..core.errors import N_
from ..publish import catalog_counts
from ..render import BILINGUAL_WRITERS, WRITERS, file_name, render_letter
from ..render.structure import list_numbering
from .document import document_view
from .errors import NotFound, ReviewError
from .sources import fingerprint, segmented
from .store import CatalogState
from .views import DocumentView, EntryDetail, EntryView, Progress
from .workspace import Workspace

T = TypeVar("T")


class Queries:
    """The review's reads over one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._downloads: dict[tuple, tuple[tuple, bytes]] = {}

    def _catalog(self, account: Account, doc: str, lang: str) -> CatalogState:
        cat = self.workspace.policy.readable(account, doc, lang)
        self.workspace.store.refresh(cat)
        return cat

    def entries(self, account: Account, doc: str, lang: str,
                encode: Callable[[list[EntryView]], T]) -> T:
        """Every entry of a catalog, in its order, as ``encode`` makes of them."""
        cat = self._catalog(account, doc, lang)
        with cat.lock:
            revision, entries = cat.revision, list(cat.entries.values())
        made_of = (revision, encode)
        if cat.listing is None or cat.listing[0] != made_of:
            view = self.workspace.view
            cat.listing = (made_of, encode([view(cat, entry) for entry in entries]))
        return cat.listing[1]

    def entry(self, account: Account, doc: str, lang: str, eid: str) -> EntryDetail:
        """One entry with its history, comments, glossary terms and memory matches."""
        workspace = self.workspace
        cat = self._catalog(account, doc, lang)
        entry = workspace.policy.entry(cat, eid)
        view = workspace.view(cat, entry)
        history = [{**row, "diff": word_diff(row["before"], row["after"])}
                   for row in workspace.journal.history(doc, lang, eid)]
        return EntryDetail(view, history, workspace.journal.comments(doc, lang, eid),
                           glossary_terms(workspace.glossary, view.source, lang),
                           workspace.memory_suggestions(entry, lang))

    def progress(self, account: Account) -> list[Progress]:
        """Each document in each language the account works on, by state."""
        workspace = self.workspace
        rows = []
        for doc in workspace.documents():
            for lang in account.languages(workspace.settings.languages):
                try:
                    cat = workspace.catalog(doc, lang)
                except NotFound:
                    continue
                workspace.store.refresh(cat)
                entries = list(cat.entries.values())
                counted = catalog_counts(doc, lang, (e.message for e in entries),
                                         document_template(workspace.settings, doc))
                stats = counted.stats
                errors = sum(1 for e in entries for f in workspace.findings(cat, e)
                             if f["level"] == "error")
                rows.append(Progress(doc, lang, stats.total, stats.counts,
                                     {s: stats.percent(s) for s in stats.counts}, errors,
                                     account.role_for(lang), counted))
        return rows

    def document(self, account: Account, doc: str, lang: str,
                 encode: Callable[[DocumentView], T]) -> T:
        """The source's blocks with the ids of the catalog's entries joined to their
        sentences, as ``encode`` makes of them; made again only when the source or the
        catalog changed (for a long document segmenting and joining take seconds)."""
        cat = self._catalog(account, doc, lang)
        settings = self.workspace.settings
        path = settings.source_path(doc)
        numbering = list_numbering(settings.extra, lang)
        version = fingerprint(path)
        document = segmented(path, version)
        with cat.lock:
            made_of = (version, numbering, cat.revision, encode)
            entries = list(cat.entries.values())
            cached = cat.document_view
        if cached is not None and cached[0] == made_of:
            return cached[1]
        encoded = encode(document_view(document, lang, numbering, join(document, entries)))
        cat.document_view = (made_of, encoded)
        return encoded

    def download(self, account: Account, doc: str, lang: str, fmt: str, include: str,
                 bilingual: bool = False) -> tuple[str, bytes]:
        """(file name, bytes) of the letter in ``fmt`` (or its bilingual edition), built from
        the current catalog; the name is the one ``build`` gives the file."""
        workspace = self.workspace
        cat = workspace.policy.readable(account, doc, lang)
        writers = BILINGUAL_WRITERS if bilingual else WRITERS
        if fmt not in writers:
            raise NotFound(N_("unknown format %(format)r (known: %(formats)s)"), format=fmt,
                           formats=", ".join(writers))
        if include not in INCLUDE_LEVELS:
            raise ReviewError(f"include must be one of {', '.join(INCLUDE_LEVELS)}")
        workspace.store.write(cat)
        key = (doc, lang, fmt, include, bilingual)
        source = workspace.settings.source_path(doc)
        state = (cat.digest, source.stat().st_mtime_ns if source.exists() else None)
        cached = self._downloads.get(key)
        if cached is None or cached[0] != state:
            letter, _ = load_letter(workspace.settings, doc, lang, include)
            cached = (state, render_letter(letter, fmt, bilingual))
            self._downloads[key] = cached
        return file_name(doc, fmt, bilingual), cached[1]
