"""The review's workspace: every catalog of a project as the review app holds it, over one
review database, with what the queries and the commands share.

The catalogs come from the :class:`~.store.CatalogStore`, changes go through the
:class:`~.policy.Policy`, and everything kept beside the PO files through the journal.
The workspace judges an entry's QA findings (through :mod:`assist`, against the other
catalogs of its language), makes its :class:`~.views.EntryView`, and holds the one
translation memory of the editor.  What the app reads is :mod:`.queries`; what it changes
is :mod:`.commands`.
"""

from __future__ import annotations

import threading
import time

from babel.messages.catalog import Catalog, Message

from ..assist import qa_context, qa_findings, word_diff
from ..catalog.project import document_template
from ..catalog.states import State
from ..checks import CheckContext, intended_checks
from ..core.config import Settings
from ..core.document import Document
from ..core.errors import N_
from ..core.glossary import load_glossary
from ..machine.memory import (
    MemoryMatch,
    TranslationMemory,
    Unit,
    best_first,
    outside_memory,
    threshold_of,
)
from ..publish import Counts, catalog_counts, four_eyes
from ..storage import Database
from .errors import NotFound
from .policy import Policy
from .publishing import Publishing
from .sources import source_document
from .sql_journal import SqlJournal
from .store import CatalogState, CatalogStore, StoredEntry
from .views import EntryView

QA_CONTEXT_MAX_AGE = 5.0  # seconds


class Workspace:
    """The review operations on every catalog of a project, over one review database."""

    def __init__(self, settings: Settings, db: Database, flush_delay: float = 0.5) -> None:
        self.settings = settings
        self.db = db
        self.journal = SqlJournal(db)
        self.glossary = load_glossary(settings.locales_dir)
        self.store = CatalogStore(settings, self.journal, flush_delay)
        self.policy = Policy(self.store, self.journal, self.check, self.view,
                             four_eyes(settings), self.fresh_findings)
        self.publishing = Publishing(db, settings, StoreCatalogs(self))
        # Held from a change until its effect on what the public reads is recorded, so that
        # an approval that completes a language is the one the trail names.
        self.public = threading.Lock()
        self._closed = False  # set once, under public: nothing is recorded after close()
        self._memories: dict[str, tuple[list, TranslationMemory]] = {}  # per language
        self.memory_threshold = threshold_of(settings)
        self.outside_memory = outside_memory(settings)  # other projects' (memory-files)

    def documents(self) -> list[str]:
        return self.settings.documents()

    def catalog(self, doc: str, lang: str) -> CatalogState:
        """The open catalog for ``doc`` and ``lang``; unknown ones are a :class:`NotFound`."""
        return self.store.catalog(doc, lang)

    def flush(self, doc: str | None = None, lang: str | None = None) -> None:
        """Write every catalog (or one) that has saves not yet in its PO file."""
        self.store.flush(doc, lang)

    def start(self) -> None:
        """Write saves in the background from now on."""
        self.store.start()

    def close(self) -> None:
        """Stop writing in the background and write what is still pending; a change of
        what the public reads that the reading room reports afterwards is not recorded."""
        with self.public:
            self._closed = True
        self.store.close()

    # -- the entries as the queries and commands answer with them --------------------------

    def view(self, cat: CatalogState, entry: StoredEntry) -> EntryView:
        """``entry`` of ``cat`` as the editor shows it (made once per stored entry)."""
        if entry._view is not None:
            return entry._view
        source, previous = entry.source, entry.previous_source
        view = EntryView(
            id=entry.id, source=source, context=entry.msgctxt,
            translation=entry.translations if entry.plural else entry.translation,
            state=str(entry.state), version=entry.version, author=entry.author,
            origin=entry.origin, translator=entry.translator, places=entry.places,
            locations=entry.locations, previous_source=previous,
            diff=word_diff(previous, source) if previous and previous != source else None,
            plural=entry.plural, findings=self.findings(cat, entry),
            intended=tuple(sorted(intended_checks(entry.message))))
        entry._view = view
        return view

    def entry_state(self, doc: str, lang: str, eid: str) -> str | None:
        """The state of entry ``eid`` as requests see it now (None: no such entry)."""
        entry = self.catalog(doc, lang).entries.get(eid)
        return None if entry is None else entry.state

    def findings(self, cat: CatalogState, entry: StoredEntry, fresh: bool = False) -> list[dict]:
        """The entry's QA findings, kept with the checks' view they were judged against;
        ``fresh``: judged against the catalogs as they are now."""
        cached = entry._findings
        if cached is not None and not fresh:
            return cached[1]
        context = self._qa_context(cat, fresh)
        if cached is None or cached[0] is not context:
            cached = entry._findings = (context, qa_findings(entry.message, cat.lang, context))
        return cached[1]

    def fresh_findings(self, cat: CatalogState, entry: StoredEntry) -> list[dict]:
        """The entry's QA findings against the catalogs as they are now."""
        return self.findings(cat, entry, fresh=True)

    def check(self, cat: CatalogState, message: Message, fresh: bool = False) -> list[dict]:
        """QA findings for ``message``; ``fresh``: against the catalogs as they are now."""
        return qa_findings(message, cat.lang, self._qa_context(cat, fresh))

    def _qa_context(self, cat: CatalogState, fresh: bool = False) -> CheckContext:
        """The checks' view of the catalogs of ``cat``'s language, rebuilt at most every few
        seconds unless ``fresh``: it indexes every entry, too much work for every save."""
        now = time.monotonic()
        cached = cat.qa_context
        if cached and (cached[0] == cat.revision
                       or (not fresh and now - cached[1] < QA_CONTEXT_MAX_AGE)):
            return cached[2]
        snapshots = {other.doc: self._snapshot(other) for other in self.store.catalogs()
                     if other.lang == cat.lang}
        related = [(doc, snapshot) for doc, snapshot in snapshots.items() if doc != cat.doc]
        context = qa_context(snapshots[cat.doc], cat.lang, self.glossary, cat.doc, related)
        cat.qa_context = (cat.revision, now, context)
        return context

    @staticmethod
    def _snapshot(cat: CatalogState) -> Catalog:
        """A Babel catalog of the entries as requests see them (their messages never change).

        Takes no lock, so that a save holding its catalog's lock may ask for it: copying the
        values of a dict is one step under the interpreter lock, and saves only replace them.
        """
        entries = list(cat.entries.values())
        snapshot = Catalog(locale=None)
        snapshot.mime_headers = cat.text.catalog.mime_headers  # Plural-Forms and the rest
        for entry in entries:
            snapshot[entry.message.id] = entry.message
        return snapshot

    def memory_suggestions(self, entry: StoredEntry, lang: str) -> list[MemoryMatch]:
        """What the translation memory offers for ``entry``: the other entries of every
        catalog of ``lang`` that people translated, and the memories of other projects
        (``memory-files``), by the memory's one set of rules."""
        if entry.plural:
            return []
        cats = [cat for cat in self.store.catalogs() if cat.lang == lang]
        generation = [cat.entries for cat in cats]  # replaced whenever a catalog is re-read
        built = self._memories.get(lang)
        if built is None or len(built[0]) != len(generation) or any(
                a is not b for a, b in zip(built[0], generation, strict=True)):
            memory = TranslationMemory(((cat, eid), other.message.id)
                                       for cat, entries in zip(cats, generation, strict=True)
                                       for eid, other in list(entries.items())
                                       if not other.plural)
            built = self._memories[lang] = (generation, memory)

        def unit(key: tuple[CatalogState, str]) -> Unit | None:
            cat, eid = key
            other = cat.entries.get(eid)
            if other is None or other is entry:  # never the entry's own text
                return None
            return Unit(other.source, other.translation, State(other.state), cat.doc)

        return best_first(
            built[1].matches(entry.message.id, unit, self.memory_threshold),
            self.outside_memory.matches(entry.message.id, lang, self.memory_threshold))

    def settle_outside(self) -> None:
        """Record the changes of what the public reads that came from outside the app (the
        PO files changed by hand, by git or by a command)."""
        with self.public:
            if self._closed:
                return
            self.publishing.settle_all(None, {"cause": "outside"},
                                       "the catalogs changed outside the review app")


class StoreCatalogs:
    """The catalogs as the review app holds them (its saves included), for the publishing
    decisions (see :class:`~.publishing.Catalogs`)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def _open(self, doc: str, lang: str) -> CatalogState:
        cat = self.workspace.catalog(doc, lang)
        self.workspace.store.refresh(cat)
        return cat

    def counts(self, doc: str, lang: str) -> Counts | str:
        try:
            cat = self._open(doc, lang)
        except NotFound:
            return N_("has no catalog (run 'translate-letter update')")
        return catalog_counts(doc, lang, (e.message for e in list(cat.entries.values())),
                              document_template(self.workspace.settings, doc))

    def catalog(self, doc: str, lang: str) -> Catalog:
        return self.workspace._snapshot(self._open(doc, lang))

    def document(self, doc: str) -> Document:
        return source_document(self.workspace.settings, doc)
