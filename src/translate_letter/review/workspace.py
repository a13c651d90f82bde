"""What the review app shows: entries with their versions, QA findings (through
:mod:`assist`), history, comments and suggestions, progress, and downloads.

The catalogs come from the :class:`~.store.CatalogStore`, changes go through the
:class:`~.policy.Policy`, and everything kept beside the PO files through the journal.
"""

from __future__ import annotations

import json
import threading
import time

from babel.messages.catalog import Catalog, Message

from ..accounts import Account, audit
from ..accounts.audit import saved as audit_save
from ..assist import glossary_terms, qa_context, qa_findings, word_diff
from ..build import load_letter
from ..catalog.project import document_template
from ..catalog.states import APPROVED, INCLUDE_LEVELS, State, comment_values
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
from ..render import BILINGUAL_WRITERS, WRITERS, file_name, render_letter
from ..storage import Database
from .errors import NotFound, ReviewError, SaveKept, Unavailable
from .policy import Policy
from .publishing import Publishing
from .sources import source_document
from .sql_journal import SqlJournal
from .store import CatalogState, CatalogStore, StoredEntry

QA_CONTEXT_MAX_AGE = 5.0  # seconds


class Workspace:
    """The review operations on every catalog of a project, over one review database."""

    def __init__(self, settings: Settings, db: Database, flush_delay: float = 0.5) -> None:
        self.settings = settings
        self.db = db
        self.journal = SqlJournal(db)
        self.glossary = load_glossary(settings.locales_dir)
        # On PostgreSQL several review processes may serve the project (see app_lock).
        self.store = CatalogStore(settings, self.journal, flush_delay,
                                  shared=db.location.dialect == "postgresql")
        self.policy = Policy(self.store, self.journal, self.check, self._data,
                             four_eyes(settings), self.fresh_findings)
        self.publishing = Publishing(db, settings, StoreCatalogs(self))
        # Held from a change until its effect on what the public reads is recorded, so that
        # an approval that completes a language is the one the trail names.
        self._public = threading.Lock()
        self._closed = False  # set once, under _public: nothing is recorded after close()
        self._memories: dict[str, tuple[list, TranslationMemory]] = {}  # per language
        self.memory_threshold = threshold_of(settings)
        self.outside_memory = outside_memory(settings)  # other projects' (memory-files)
        self._downloads: dict[tuple, tuple[tuple, bytes]] = {}

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
        with self._public:
            self._closed = True
        self.store.close()

    # -- reading --------------------------------------------------------------------------

    def entries_json(self, account: Account, doc: str, lang: str) -> bytes:
        """The JSON list of every entry of a catalog (cached until the catalog changes)."""
        cat = self.policy.readable(account, doc, lang)
        self.store.refresh(cat)
        with cat.lock:
            revision, entries = cat.revision, list(cat.entries.values())
        listing = cat.listing
        if listing is None or listing[0] != revision:
            data = [self._data(cat, entry) for entry in entries]
            listing = (revision, json.dumps(data, ensure_ascii=False,
                                            separators=(",", ":")).encode("utf-8"))
            cat.listing = listing
        return listing[1]

    def entry(self, account: Account, doc: str, lang: str, eid: str) -> dict:
        """One entry with its history, comments and suggestions."""
        cat = self.policy.readable(account, doc, lang)
        self.store.refresh(cat)
        entry = self.policy.entry(cat, eid)
        data = dict(self._data(cat, entry))
        data["history"] = [{**row, "diff": word_diff(row["before"], row["after"])}
                           for row in self.journal.history(doc, lang, eid)]
        data["comments"] = self.journal.comments(doc, lang, eid)
        data["suggestions"] = {
            "glossary": glossary_terms(self.glossary, data["source"], lang),
            "memory": [m.as_dict() for m in self.memory_suggestions(entry, lang)],
        }
        return data

    def _data(self, cat: CatalogState, entry: StoredEntry) -> dict:
        if entry._data is not None:
            return entry._data
        message = entry.message
        source = entry.source
        previous = entry.previous_source
        data = {
            "id": entry.id,
            "source": source,
            "context": entry.msgctxt,
            "translation": list(entry.translations) if entry.plural else entry.translation,
            "state": entry.state,
            "version": entry.version,
            "author": entry.author,
            "origin": entry.origin,
            "translator": entry.translator,
            "places": [place.as_dict() for place in entry.places],
            "locations": entry.locations,
            "previous_source": previous,
            "diff": word_diff(previous, source) if previous and previous != source else None,
            "plural": entry.plural,
            "findings": self._findings(cat, entry),
            "intended": sorted(intended_checks(message)),
        }
        entry._data = data
        return data

    def _findings(self, cat: CatalogState, entry: StoredEntry, fresh: bool = False) -> list[dict]:
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
        return self._findings(cat, entry, fresh=True)

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

    # -- changing -------------------------------------------------------------------------

    def save(self, account: Account, doc: str, lang: str, eid: str, translation: str,
             state: str, version: int, origin: str | None = None) -> dict:
        """Save a translation durably; returns the entry with its new version."""
        with self._public:
            before = self._state(doc, lang, eid)
            cat, saved = self.policy.save(account, doc, lang, eid, translation, state,
                                          version, origin)
            seq = audit_save(self.db, account.name, doc, lang, eid, saved.state)
            if saved.state != before or seq is not None:
                self._settle(doc, lang, account, saved.state, eid, seq)
        return self._kept(cat, saved)

    def _state(self, doc: str, lang: str, eid: str) -> str | None:
        entry = self.catalog(doc, lang).entries.get(eid)
        return None if entry is None else entry.state

    def _settle(self, doc: str, lang: str, account: Account, state: str, eid: str | None,
                seq: int | None, entries: int = 1) -> None:
        """Record what a change made of the public state: an approval (the audit event
        ``seq``) that completes a language, a save that takes one below the rule.  Such a
        change reaches the PO file, which the public pages are made of, at once."""
        if state == State.APPROVED:
            approval = {"audit": seq, "account": account.name} | (
                {"entry": eid} if eid else {"entries": entries})
            changed = self.publishing.settle(doc, lang, account.name,
                                             {"cause": "approval", "approval": approval},
                                             f"after the approval #{seq} by {account.name}")
        else:
            changed = self.publishing.settle(
                doc, lang, account.name,
                {"cause": "save", "save": {"account": account.name, "entry": eid,
                                           "state": state}},
                f"after {account.name} saved entry {eid} as {state}")
        if changed is not None:
            try:
                self.flush(doc, lang)
            except Unavailable:
                pass  # kept in the journal; the flusher writes it as soon as it can

    def settle_outside(self) -> None:
        """Record the changes of what the public reads that came from outside the app (the
        PO files changed by hand, by git or by a command)."""
        with self._public:
            if self._closed:
                return
            self.publishing.settle_all(None, {"cause": "outside"},
                                       "the catalogs changed outside the review app")

    def approve_many(self, account: Account, doc: str, lang: str,
                     items: list[tuple[str, int]]) -> list[dict]:
        """Approve the person's translations among ``items`` (``(id, version)``) at once;
        one audit event says how many.  Returns ``{id, approved, refusal, entry}`` each."""
        with self._public:
            cat, results = self.policy.approve_many(account, doc, lang, items)
            approved = [r for r in results if r.refusal is None]
            fields = self.publishing.fields(self.publishing.edition(doc, lang))
            seq = audit.record(self.db, "bulk-approved", account.name,
                               f"{doc}/{lang}: {len(approved)} of {len(results)} approved",
                               fields | {"asked": len(results), "approved": len(approved)})
            if approved:
                self._settle(doc, lang, account, str(State.APPROVED), None, seq, len(approved))
        for result in approved:
            # An approval changes a text's findings only through an earlier approval it
            # replaces (one left over from another text is a finding): with none, the
            # findings judged for the approval stay the entry's.
            if not comment_values(result.judged.message, APPROVED):
                result.entry._findings = result.judged._findings
        late = self._late(cat)
        return [{"id": r.id, "approved": r.refusal is None,
                 "refusal": late if r.refusal is None else r.refusal,
                 "entry": None if r.entry is None else self._data(cat, r.entry)}
                for r in results]

    def mark_intended(self, account: Account, doc: str, lang: str, eid: str, check: str,
                      intended: bool, version: int) -> dict:
        """Mark a QA finding on an entry as intended, or withdraw the mark."""
        return self._kept(*self.policy.mark_intended(account, doc, lang, eid, check,
                                                     intended, version))

    def add_comment(self, account: Account, doc: str, lang: str, eid: str, text: str) -> dict:
        """Keep a comment on an entry."""
        return self.policy.add_comment(account, doc, lang, eid, text)

    def _kept(self, cat: CatalogState, entry: StoredEntry) -> dict:
        """The saved entry; a :class:`SaveKept` when its PO file cannot be written now."""
        data = self._data(cat, entry)
        late = self._late(cat, data)
        if late is not None:
            raise late
        return data

    @staticmethod
    def _late(cat: CatalogState, data: dict | None = None) -> SaveKept | None:
        """Why the saves of ``cat`` are not in its PO file yet, when they are not."""
        if cat.write_error is None:
            return None
        return SaveKept(N_("the save is kept in the review journal and will be written to "
                           "%(file)s as soon as it can be (%(reason)s)"), data,
                        file=cat.path.name, reason=cat.write_error)

    # -- dashboard and downloads ----------------------------------------------------------

    def progress(self, account: Account) -> list[dict]:
        """Per document and language the account works on: counts by state, QA errors."""
        rows = []
        for doc in self.documents():
            for lang in account.languages(self.settings.languages):
                try:
                    cat = self.catalog(doc, lang)
                except NotFound:
                    continue
                self.store.refresh(cat)
                entries = list(cat.entries.values())
                counted = catalog_counts(doc, lang, (e.message for e in entries),
                                         document_template(self.settings, doc))
                stats = counted.stats
                errors = sum(1 for e in entries for f in self._findings(cat, e)
                             if f["level"] == "error")
                rows.append({"doc": doc, "lang": lang, "total": stats.total,
                             "counts": stats.counts,
                             "percent": {s: stats.percent(s) for s in stats.counts},
                             "qa_errors": errors, "role": account.role_for(lang),
                             "rule_counts": counted})
        return rows

    def download(self, account: Account, doc: str, lang: str, fmt: str, include: str,
                 bilingual: bool = False) -> tuple[str, bytes]:
        """(file name, bytes) of the letter in ``fmt`` (or its bilingual edition), built from
        the current catalog; the name is the one ``build`` gives the file."""
        cat = self.policy.readable(account, doc, lang)
        writers = BILINGUAL_WRITERS if bilingual else WRITERS
        if fmt not in writers:
            raise NotFound(N_("unknown format %(format)r (known: %(formats)s)"), format=fmt,
                           formats=", ".join(writers))
        if include not in INCLUDE_LEVELS:
            raise ReviewError(f"include must be one of {', '.join(INCLUDE_LEVELS)}")
        self.store.write(cat)
        key = (doc, lang, fmt, include, bilingual)
        source = self.settings.source_path(doc)
        state = (cat.digest, source.stat().st_mtime_ns if source.exists() else None)
        cached = self._downloads.get(key)
        if cached is None or cached[0] != state:
            letter, _ = load_letter(self.settings, doc, lang, include)
            cached = (state, render_letter(letter, fmt, bilingual))
            self._downloads[key] = cached
        return file_name(doc, fmt, bilingual), cached[1]


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
