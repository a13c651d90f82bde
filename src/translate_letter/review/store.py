"""The review app's catalog store: the PO files loaded, the journal's unwritten saves
written into them, changes made outside merged in, and saves flushed to disk.

The rules (DESIGN, "One truth for the catalogs"):

- a save is kept in the journal before it is acknowledged; writing it into the PO file is a
  read-modify-write under the project-wide lock, on the file as it is on disk at that moment,
  and the journal learns that it is written before the lock is released;
- the command line sees every acknowledged save: :func:`write_review_saves` writes the
  journal's unwritten saves into the PO files before a command reads them;
- a PO file is known by the hash of its bytes: its timestamps and size miss an edit made
  within the timestamp resolution after the app's own write.  Its stat is taken from the
  open file the bytes were read from or written to (a :class:`FileStamp`), never from the
  path afterwards, where ``git checkout`` may already have put another file;
- an entry changed outside, and not saved in the app meanwhile, gets a new version (no
  author), so a stale editor gets a conflict; an entry changed both outside and in the app
  keeps the app's save, and the outside text goes into the entry's history (superseded);
- a change made outside is taken in only once the file is complete: it has stopped changing
  (:func:`~..catalog.files.read_settled`), it parses, it keeps its ``Language`` header, and
  it has lost no entry whose segment the document still has.  Until then the app keeps its
  own copy, says why in the log (once), and writes nothing into that file: the write path
  never rewrites a file whose contents it has not taken in;
- a file that comes back byte for byte as the app's saves once made it (a backup, a
  checkout of a commit of it) is an old copy: the saves the app made since are written
  again.  Any other change, a hand revert or a ``git revert`` included, is a person's, and
  holds.

**Several review processes** (on PostgreSQL, ``shared``): the database is the truth for
entries.  A save is kept only on the version the database holds (:class:`VersionMoved`
otherwise, a conflict for the person); before a request reads a catalog, the process takes
in the saves other processes kept since it last looked (by the journal's ``seq``), and a
file read from disk gets the saves no process has written into it yet.  Every process's
writer writes every unwritten save, whichever process acknowledged it: one writer at a time,
chosen by a database lock (a PostgreSQL advisory lock, so hosts sharing the folder take
turns too), and it holds the project lock as it writes, as commands and the app always did.

Each catalog is held twice in memory: the entries that requests read (immutable
:class:`Entry` objects, replaced on every save) and the Babel catalog that only the flusher
touches, kept as PO text entry by entry so that a rewrite costs the changed entries only.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..catalog.entry import Entry, clone, messages
from ..catalog.files import FileStamp, atomic_write_bytes, read_settled, read_stamped
from ..catalog.lock import FolderLock, LockTimeout, acquire, project_lock
from ..catalog.project import (
    IncompleteCatalog,
    document_template,
    load_document_catalog,
    project_catalogs,
    refuse_incomplete,
)
from ..catalog.reader import read_catalog
from ..catalog.states import (
    QA_INTENDED,
    State,
    mark_approved,
    mark_draft,
    mark_translated,
    origin_of,
    person_origin,
    set_comment,
    state_of,
)
from ..catalog.text import CatalogText
from ..catalog.writer import po_bytes
from ..core.config import Settings
from ..core.errors import N_, UserError
from .app_lock import project_database
from .errors import NotFound, Unavailable
from .journal import Journal, OutsideText, Save, Version, VersionMoved

log = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
WATCH_SECONDS = 1.0  # how often an idle app looks for changes made to the files outside
# An outside change the app still cannot take in after this long makes the saves of its
# catalog answer that they wait in the journal.
PATIENCE_SECONDS = 10.0


def apply_save(message: Message, translation: str, state: str, user: str, date: str) -> None:
    """Give ``message`` the text and state of a save, with its provenance comments."""
    if state == State.APPROVED:
        mark_approved(message, translation, user, date)
    elif state == State.TRANSLATED:
        mark_translated(message, translation, user, date)
    else:
        mark_draft(message, translation, person_origin(user), date)


def apply_saves(catalog: Catalog, saves: list[Save],
                text: CatalogText | None = None) -> list[OutsideText]:
    """Apply the journal's ``saves`` to ``catalog`` in order; returns the outside texts they
    replaced.

    An entry whose text is none of the texts its saves went through was changed outside
    since: the saves win (each was acknowledged) and that text is returned for the history.
    A save whose entry is gone (its source changed) stays in the history only.
    """
    clashes = []
    for eid, group in _by_entry(saves).items():
        message = catalog.get(group[0].msgid, group[0].msgctxt)
        if message is None:
            continue
        texts = [save for save in group if save.intended is None]
        current = Entry(message).text
        if texts and current not in {s.before for s in texts} | {s.after for s in texts}:
            clashes.append(OutsideText(eid, group[0].msgid, group[0].msgctxt,
                                       texts[-1].version, str(state_of(message)),
                                       texts[0].before, current, superseded=True,
                                       provenance=origin_of(message)))
        _apply(message, group)
        if text is not None:
            text.update(message)
    return clashes


def _apply(message: Message, saves: list[Save]) -> None:
    for save in saves:
        if save.intended is not None:
            set_comment(message, QA_INTENDED, save.intended.split() or None)
        else:
            apply_save(message, save.after, save.state, save.user, save.at[:10])


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files an atomic write left behind when the process was killed mid-write."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _refuse_lost_saves(catalog: Catalog, saves: list[Save], template: Catalog | None,
                       path: Path) -> None:
    """Refuse to write ``saves`` into a file that lacks some of their entries while the
    document still has their segments: it was cut short (or they were deleted by hand), and
    writing would drop both the saves and whatever else the file lost."""
    if template is None:
        return
    lost = {s.entry for s in saves
            if catalog.get(s.msgid, s.msgctxt) is None and template.get(s.msgid, s.msgctxt)}
    if lost:
        raise IncompleteCatalog(
            f"{path}: lacks {len(lost)} entries that the review app saved and the document "
            "still has (a file cut short while another program wrote it, or entries deleted "
            "by hand); restore it (git checkout), then run the command again")


def write_saves(settings: Settings, journal: Journal, lock: FolderLock) -> None:
    """Write every save the journal holds that has not reached its PO file yet."""
    for doc, lang in journal.unwritten_catalogs():
        path = settings.catalog_path(doc, lang)
        if not path.exists():
            continue
        with acquire(lock):
            saves = journal.unwritten(doc, lang)  # read again: the app may have written them
            if not saves:
                continue
            catalog = load_document_catalog(settings, doc, lang)
            _refuse_lost_saves(catalog, saves, document_template(settings, doc), path)
            clashes = apply_saves(catalog, saves)
            data = po_bytes(catalog)
            try:
                atomic_write_bytes(path, data)
            except OSError as exc:
                raise Unavailable(f"{path}: cannot write the review app's saves into it "
                                  f"({exc.strerror or exc}); they stay in its journal") from None
            journal.mark_written(doc, lang, saves[-1].seq, clashes, _digest(data))
            log.info("%s: wrote %d acknowledged save(s) of the review app", path, len(saves))


def write_review_saves(settings: Settings) -> None:
    """Write the review app's acknowledged saves that have not reached their PO files yet,
    so that a command of the CLI reads them (nothing happens in a project without a review
    database)."""
    where = project_database(settings)
    if not where.exists():
        return
    # Imported here: a project without a review database never loads the database layer.
    from ..storage import open_database
    from .sql_journal import SqlJournal

    db = open_database(where)
    try:
        write_saves(settings, SqlJournal(db), project_lock(settings))
    finally:
        db.close()


class StoredEntry(Entry):
    """One catalog entry as requests see it, with its version; never changed once
    published."""

    __slots__ = ("_findings", "_view", "author", "version")

    def __init__(self, eid: str, message: Message, version: int, author: str | None) -> None:
        super().__init__(message, eid)
        self.version = version
        self.author = author
        self._findings: list[dict] | None = None
        self._view: object | None = None  # the EntryView the queries made of it


class CatalogState:
    """One catalog of the store: its entries, its unwritten saves and its locks.

    ``lock`` guards entries and pending saves (held for microseconds); ``flush_lock`` is
    held while the catalog is written or read back from disk.  Order: the project lock,
    flush_lock, lock.
    """

    def __init__(self, doc: str, lang: str, path: Path) -> None:
        self.doc = doc
        self.lang = lang
        self.path = path
        self.lock = threading.Lock()
        self.flush_lock = threading.Lock()
        self.text: CatalogText | None = None  # the flusher's catalog, kept as PO text
        self.digest = b""  # of the bytes last read from or written to the file
        self.stamp: FileStamp | None = None  # of the file those bytes were in
        self.entries: dict[str, StoredEntry] = {}
        self.pending: list[Save] = []  # kept in the journal, not yet in the file
        self.revision = 0
        self.synced = 0  # the journal's last seq whose saves the entries hold (shared store)
        self.write_error: str | None = None  # why the last write failed, until one works
        self.refused: str | None = None  # why the file's contents are not taken in (logged)
        self.refused_since: float | None = None
        # The queries' encoded answers, each with what it was made of (see review/queries).
        self.listing: tuple[object, object] | None = None
        self.document_view: tuple[object, object] | None = None
        self.qa_context: tuple[int, float, object] | None = None

    def seen(self, data: bytes, stamp: FileStamp, text: CatalogText) -> None:
        """The file stamped ``stamp`` holds ``data``, which ``text`` represents."""
        self.stamp = stamp
        self.digest = _digest(data)
        self.text = text

    def unchanged(self) -> bool:
        """Whether the file still holds the bytes last seen (cheap: a stat, and the bytes
        only while the file is too recent for its timestamp to tell)."""
        holds = self.stamp.holds(self.path) if self.stamp else False
        if holds is not None:
            return holds
        try:
            data, stamp = read_stamped(self.path)
        except OSError:
            return False
        if _digest(data) != self.digest:
            return False
        self.stamp = stamp
        return True


class CatalogStore:
    """Every catalog of a project as the review app holds it, kept in step with the PO
    files and the journal; a background thread writes saves into the files."""

    def __init__(self, settings: Settings, journal: Journal, flush_delay: float = 0.5,
                 writer: Callable[[], AbstractContextManager] | None = None) -> None:
        """``writer``: when other review processes keep saves in the same journal, the
        database lock that makes one of their writers at a time the one that writes."""
        self.settings = settings
        self.journal = journal
        self.shared = writer is not None
        self._writer = writer or nullcontext
        self.flush_delay = flush_delay
        self.lock = project_lock(settings)
        self._catalogs: dict[tuple[str, str], CatalogState] = {}
        self._open_lock = threading.Lock()
        self._dirty = threading.Event()
        self._stop = threading.Event()
        write_saves(settings, journal, self.lock)  # what a killed app acknowledged
        for doc, lang, path in project_catalogs(settings, list(settings.languages)):
            self._open(doc, lang, path)
        self._flusher = threading.Thread(target=self._flush_loop, name="catalog-flusher",
                                         daemon=True)
        self._flusher_lock = threading.Lock()

    def start(self) -> None:
        """Start writing saves in the background (once; until then :meth:`flush` writes)."""
        with self._flusher_lock:
            if not self._flusher.is_alive() and not self._stop.is_set():
                self._flusher.start()

    # -- catalogs -------------------------------------------------------------------------

    def catalog(self, doc: str, lang: str) -> CatalogState:
        """The open catalog for ``doc`` and ``lang``; unknown ones are a :class:`NotFound`."""
        cat = self._catalogs.get((doc, lang))
        if cat is not None:
            return cat
        if lang not in self.settings.languages or doc not in self.settings.documents():
            raise NotFound(N_("no catalog for document %(doc)r in language %(lang)r"),
                           doc=doc, lang=lang)
        path = self.settings.catalog_path(doc, lang)
        if not path.exists():
            raise NotFound(N_("no catalog for document %(doc)r in language %(lang)r"),
                           doc=doc, lang=lang)
        with self._open_lock:
            return self._catalogs.get((doc, lang)) or self._open(doc, lang, path)

    def catalogs(self) -> list[CatalogState]:
        """Every open catalog."""
        return list(self._catalogs.values())

    def _reading(self, cat: CatalogState, wait: bool = True) -> AbstractContextManager | None:
        """Held while the file of ``cat`` is read and taken in: ``flush_lock``, and in a
        shared store the project lock too, so that the file and the journal are read as one
        writer left them (another process's writer holds it from its write until the journal
        knows the saves are written).  None when ``wait`` is false and a writer holds the
        project lock: a request does not wait for a command's write."""
        stack = ExitStack()
        if self.shared:
            try:
                self.lock.acquire(timeout=None if wait else 0)
            except LockTimeout:
                if wait:
                    raise
                return None
            stack.callback(self.lock.release)
        stack.enter_context(cat.flush_lock)
        return stack

    def _open(self, doc: str, lang: str, path: Path) -> CatalogState:
        cat = CatalogState(doc, lang, path)
        with self._reading(cat):
            _remove_stale_temporaries(path)
            data, stamp = read_settled(path)
            catalog = read_catalog(data, str(path))
            refuse_incomplete(catalog, document_template(self.settings, doc), str(path))
            with cat.lock:
                self._adopt(cat, catalog, _digest(data))
            cat.seen(data, stamp, CatalogText(catalog))
        self._catalogs[(doc, lang)] = cat
        return cat

    def _restore(self, cat: CatalogState, digest: bytes) -> dict[str, list[Save]]:
        """When the file's bytes (``digest``) are those of an earlier write of the app's
        saves, an old copy came back: the saves made since are to be written again.
        Returns them by entry (caller holds ``cat.lock``)."""
        held = self.journal.written_with(cat.doc, cat.lang, digest)
        if held is None:
            return {}
        pending = {save.seq for save in cat.pending}
        restored = [s for s in self.journal.unwrite_after(cat.doc, cat.lang, held)
                    if s.seq not in pending]
        if restored:
            log.warning("%s: an earlier copy of the file came back, as the app wrote it "
                        "before; %d save(s) made since are written again", cat.path,
                        len(restored))
        cat.pending.extend(restored)
        return _by_entry(restored)

    def _adopt(self, cat: CatalogState, catalog: Catalog, digest: bytes) -> None:
        """Publish the entries of ``catalog`` as read from the file, whose bytes have the
        SHA-256 ``digest`` (caller holds ``cat.lock``).  A text or state that differs from
        the version the app published was changed outside: it becomes a new version and
        goes into the history.  Entries with saves not yet written keep the app's text: the
        flush settles them."""
        restored = self._restore(cat, digest)
        latest = self.journal.latest(cat.doc, cat.lang) if self.shared else 0
        known = self.journal.versions(cat.doc, cat.lang)
        waiting = {save.entry for save in cat.pending}
        elsewhere = _by_entry(self.journal.unwritten(cat.doc, cat.lang)) if self.shared else {}
        entries: dict[str, StoredEntry] = {}
        versions: dict[str, Version] = {}
        outside: list[OutsideText] = []
        for message in messages(catalog):
            eid = Entry(message).id
            row = known.get(eid)
            if eid in waiting and eid in cat.entries and (
                    row is None or cat.entries[eid].version >= row.version):
                entries[eid] = cat.entries[eid]  # (another process's later save: below)
                continue
            text, state = Entry(message).text, str(state_of(message))
            if eid in restored and row is not None:  # an old copy, read at the app's start
                message = clone(message)
                _apply(message, restored[eid])
                versions[eid] = row
            elif eid in elsewhere and row is not None:  # another process's, not written yet
                message = clone(message)
                _apply(message, elsewhere[eid])
                versions[eid] = row
            elif row is None:
                versions[eid] = Version(1, None, text, state)
            elif (row.translation, row.state) == (text, state):
                versions[eid] = row
            else:
                versions[eid] = Version(row.version + 1, None, text, state)
                outside.append(OutsideText(eid, Entry(message).source, message.context,
                                           row.version + 1, state, row.translation, text,
                                           provenance=origin_of(message)))
            current = cat.entries.get(eid)
            if (current is not None and current.version == versions[eid].version
                    and _same(current.message, message)):
                entries[eid] = current  # keeps its cached data and findings
            else:
                entries[eid] = StoredEntry(eid, clone(message), versions[eid].version,
                                           versions[eid].author)
        self.journal.record_outside(cat.doc, cat.lang, {
            eid: v for eid, v in versions.items() if known.get(eid) != v}, outside)
        cat.entries = entries
        cat.revision += 1
        cat.synced = max(cat.synced, latest)
        if cat.pending or elsewhere:
            self._dirty.set()

    def refresh(self, cat: CatalogState) -> None:
        """Take in changes another program made to the PO file since the app last saw it,
        and the saves other review processes kept since."""
        if not cat.unchanged():
            reading = self._reading(cat, wait=False)
            if reading is not None:  # else taken in by a later request, or the watcher
                with reading:
                    self._take_in(cat)
        if self.shared:
            with cat.lock:
                self._catch_up(cat)

    def _catch_up(self, cat: CatalogState) -> None:
        """Give the entries of ``cat`` the saves other review processes kept since it last
        looked (caller holds ``cat.lock``)."""
        saves = self.journal.saves_since(cat.doc, cat.lang, cat.synced)
        changed = False
        for save in saves:
            entry = cat.entries.get(save.entry)
            if entry is not None and save.version > entry.version:
                message = clone(entry.message)
                _apply(message, [save])
                cat.entries[save.entry] = StoredEntry(save.entry, message, save.version,
                                                      save.user)
                changed = True
        if saves:
            cat.synced = max(cat.synced, saves[-1].seq)
        if changed:
            cat.revision += 1
            self._dirty.set()  # this process's writer may write them too

    def _take_in(self, cat: CatalogState) -> bool:
        """Take in what another program wrote to the file of ``cat``, once it is complete
        (caller holds ``flush_lock``); False while the file holds a change the app cannot
        take in (still being written, broken, cut short): the app keeps its own copy."""
        try:
            data, stamp = read_settled(cat.path, tries=1)
            if _digest(data) == cat.digest:
                cat.seen(data, stamp, cat.text)
                self._settled(cat)
                return True
            catalog = read_catalog(data, str(cat.path))
            self._refuse_cut_short(cat, catalog)
        except (OSError, UserError) as exc:
            self._refuse(cat, str(exc) if isinstance(exc, UserError)
                         else f"{cat.path}: {exc.strerror or exc}")
            return False
        with cat.lock:
            self._adopt(cat, catalog, _digest(data))
        cat.seen(data, stamp, CatalogText(catalog))
        self._settled(cat)
        return True

    def _refuse_cut_short(self, cat: CatalogState, catalog: Catalog) -> None:
        """Raise :class:`IncompleteCatalog` when ``catalog``, just read from the file of
        ``cat``, looks cut short rather than changed: it holds no entry, it lost its
        ``Language`` header, or it lacks entries whose segments the document still has."""
        template = document_template(self.settings, cat.doc)
        refuse_incomplete(catalog, template, str(cat.path))
        if cat.text is not None and cat.text.catalog.locale is not None \
                and catalog.locale is None:
            raise IncompleteCatalog(f"{cat.path}: its header lost the Language field (a file "
                                    "cut short, or a header edited by hand?)")
        segments = set(map(_key, messages(template))) if template else set()
        held = set(map(_key, messages(catalog)))
        lost = [e for e in cat.entries.values()
                if _key(e.message) in segments and _key(e.message) not in held]
        if lost:
            raise IncompleteCatalog(f"{cat.path}: lacks {len(lost)} of its entries whose "
                                    "segments the document still has (a file cut short, or "
                                    "entries deleted by hand?)")

    def _refuse(self, cat: CatalogState, reason: str) -> None:
        """Keep the app's copy of ``cat`` while its file cannot be taken in: say why once
        (and again when the reason changes); after a while, its saves say they wait."""
        if cat.refused != reason:
            log.warning("not taken in for now: %s; the app keeps its own copy and writes "
                        "nothing into the file meanwhile", reason)
            cat.refused = reason
        now = time.monotonic()
        if cat.refused_since is None:
            cat.refused_since = now
        elif now - cat.refused_since >= PATIENCE_SECONDS:
            cat.write_error = reason

    def _settled(self, cat: CatalogState) -> None:
        """The file of ``cat`` is the app's view again."""
        if cat.refused is not None:
            log.warning("%s: taken in again", cat.path)
            if cat.write_error == cat.refused:
                cat.write_error = None
        cat.refused = cat.refused_since = None

    # -- saving ---------------------------------------------------------------------------

    def record(self, cat: CatalogState, entry: StoredEntry, message: Message,
               save: Save) -> StoredEntry:
        """Keep ``save`` in the journal (caller holds ``cat.lock``), then publish ``message``
        as the entry's new version and queue the save for the PO file: once this returns,
        the save survives a crash."""
        return self.record_many(cat, [(entry, message, save)])[0]

    def record_many(self, cat: CatalogState,
                    changes: list[tuple[StoredEntry, Message, Save]]) -> list[StoredEntry]:
        """:meth:`record` for several entries of ``cat`` in one journal transaction."""
        if not changes:
            return []
        try:
            kept = self.journal.record_saves([save for _, _, save in changes])
        except VersionMoved:
            if self.shared:
                self._catch_up(cat)  # the person is shown the version that is kept
            raise
        saved = []
        for entry, message, save in changes:
            saved.append(StoredEntry(entry.id, message, save.version, save.user))
            cat.entries[entry.id] = saved[-1]
        cat.revision += 1
        cat.pending.extend(kept)
        self._dirty.set()
        return saved

    def _flush_loop(self) -> None:
        while not self._stop.is_set():
            if not self._dirty.wait(WATCH_SECONDS):
                self._watch()
                continue
            if self._stop.is_set():
                break
            self._stop.wait(self.flush_delay)  # let the saves of the next moments join in
            self._dirty.clear()
            try:
                self.flush()
            except Exception as exc:  # the saves stay in the journal; retry soon
                if not isinstance(exc, Unavailable):
                    log.exception("writing catalogs failed; retrying")
                self._dirty.set()
                self._stop.wait(RETRY_SECONDS)

    def _watch(self) -> None:
        """Take in what other programs wrote to the PO files while the app was idle, and
        write the saves that wait for a file to be complete (an old copy brought back gets
        the app's saves written again)."""
        # Saves another review process acknowledged and did not write (it was stopped or
        # killed) are written by whichever process looks first.
        others = set(self.journal.unwritten_catalogs()) if self.shared else set()
        for cat in self.catalogs():
            if cat.pending or (cat.doc, cat.lang) in others or not cat.unchanged():
                try:
                    self.write(cat, (cat.doc, cat.lang) in others)
                except Unavailable:
                    pass  # kept in ``write_error``; the next round tries again

    def flush(self, doc: str | None = None, lang: str | None = None) -> None:
        """Write every catalog (or one) that has saves not yet in its PO file."""
        failed: Unavailable | None = None
        for cat in self.catalogs():
            if (doc is None or cat.doc == doc) and (lang is None or cat.lang == lang):
                try:
                    self.write(cat)
                except Unavailable as exc:  # the other catalogs may still be written
                    failed = exc
        if failed is not None:
            raise failed

    def write(self, cat: CatalogState, others: bool = False) -> None:
        """Write the catalog's unwritten saves into its PO file, merged with the file as it
        is on disk (``others``: the journal holds saves of other processes to write too); a
        failure is kept in ``cat.write_error`` until a write works."""
        if not cat.pending and not others and cat.unchanged():
            return
        try:
            # The project lock first: while a CLI command holds it, requests reading the
            # catalog (which take only ``flush_lock``) are not held up.
            with self._writer(), acquire(self.lock), cat.flush_lock:
                if not self._write(cat):
                    return  # an outside change not taken in yet: ``_refuse`` said why
        except (OSError, UserError) as exc:
            reason = str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
            if cat.write_error != reason:
                log.warning("cannot write %s: %s; the saves stay in the journal",
                            cat.path, reason)
            cat.write_error = reason
            raise Unavailable(N_("%(file)s cannot be written now (%(reason)s); the saves are "
                                 "kept in the review journal"), file=cat.path.name,
                              reason=reason) from None
        cat.write_error = None

    def _write(self, cat: CatalogState) -> bool:
        """Write under the project lock and ``flush_lock`` (the caller holds both), into
        the file as the app took it in; False, writing nothing, while the file holds a
        change the app cannot take in."""
        if not cat.unchanged() and not self._take_in(cat):
            return False
        with cat.lock:
            queued = len(cat.pending)
        # The journal says which saves are still to write: a CLI command may have written
        # some of them already.
        saves = self.journal.unwritten(cat.doc, cat.lang)
        text = cat.text
        clashes = apply_saves(text.catalog, saves, text)
        written = text.data()
        digest = _digest(written)
        if digest != cat.digest:
            cat.seen(written, atomic_write_bytes(cat.path, written), text)
        if saves:
            self.journal.mark_written(cat.doc, cat.lang, saves[-1].seq, clashes, digest)
        with cat.lock:
            del cat.pending[:queued]  # every one of them is in the file now
        return True

    def close(self) -> None:
        """Stop the flusher and write what is still pending."""
        self._stop.set()
        self._dirty.set()
        with self._flusher_lock:
            if self._flusher.is_alive():
                self._flusher.join()
        try:
            self.flush()
        except Unavailable as exc:
            log.warning("saves left in the journal, written at the next start: %s", exc)


def _by_entry(saves: list[Save]) -> dict[str, list[Save]]:
    by_entry: dict[str, list[Save]] = {}
    for save in saves:
        by_entry.setdefault(save.entry, []).append(save)
    return by_entry


def _key(message: Message) -> tuple:
    return Entry(message).key


def _same(a: Message, b: Message) -> bool:
    """Whether two messages would be written alike."""
    return (a.string == b.string and a.flags == b.flags and a.user_comments == b.user_comments
            and a.auto_comments == b.auto_comments and a.locations == b.locations
            and list(a.previous_id or ()) == list(b.previous_id or ()))
