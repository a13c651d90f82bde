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
  keeps the app's save, and the outside text goes into the entry's history (superseded).

Each catalog is held twice in memory: the entries that requests read (immutable
:class:`Entry` objects, replaced on every save) and the Babel catalog that only the flusher
touches, kept as PO text entry by entry so that a rewrite costs the changed entries only.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from filelock import FileLock

from ..catalog.entry import messages, new_message, previous_context, set_previous_context
from ..catalog.files import FileStamp, atomic_write_bytes, read_stamped
from ..catalog.lock import acquire, project_lock
from ..catalog.project import load_document_catalog, project_catalogs
from ..catalog.reader import read_catalog
from ..catalog.states import (
    QA_INTENDED,
    State,
    mark_approved,
    mark_draft,
    mark_translated,
    person_origin,
    set_comment,
    state_of,
)
from ..catalog.text import CatalogText
from ..catalog.writer import po_bytes
from ..config import Settings
from ..errors import N_, UserError
from .app_lock import project_instance
from .errors import NotFound, Unavailable
from .journal import (
    DATABASE_FILE,
    Journal,
    OutsideText,
    Save,
    SqliteJournal,
    Version,
    open_database,
)

log = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
WATCH_SECONDS = 1.0  # how often an idle app looks for changes made to the files outside


def entry_id(msgid: str | tuple | list, msgctxt: str | None) -> str:
    """A stable, URL-safe id for a catalog entry (its context and source text hashed)."""
    ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
    key = (msgctxt or "") + "\x04" + "\x00".join(ids)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def translation_text(message: Message) -> str:
    """The translation of ``message`` as one string (plural forms joined by NUL)."""
    string = message.string
    if isinstance(string, (list, tuple)):
        return "\x00".join(s or "" for s in string)
    return string or ""


def source_text(message: Message) -> str:
    """The source of ``message`` (its singular form)."""
    return message.id if isinstance(message.id, str) else message.id[0]


def apply_save(message: Message, translation: str, state: str, user: str, date: str) -> None:
    """Give ``message`` the text and state of a save, with its provenance comments."""
    if state == State.APPROVED:
        mark_approved(message, translation, user, date)
    elif state == State.TRANSLATED:
        mark_translated(message, translation, user, date)
    else:
        mark_draft(message, translation, person_origin(user), date)


def copy_message(message: Message) -> Message:
    """A copy of ``message`` that later changes to either leave the other alone."""
    copy = new_message(
        message.id, message.string, locations=list(message.locations),
        flags=message.flags, auto_comments=message.auto_comments,
        user_comments=message.user_comments, previous_id=list(message.previous_id or ()),
        lineno=message.lineno, context=message.context,
    )
    set_previous_context(copy, previous_context(message))
    return copy


def apply_saves(catalog: Catalog, saves: list[Save],
                text: CatalogText | None = None) -> list[OutsideText]:
    """Apply the journal's ``saves`` to ``catalog`` in order; returns the outside texts they
    replaced.

    An entry whose text is none of the texts its saves went through was changed outside
    since: the saves win (each was acknowledged) and that text is returned for the history.
    A save whose entry is gone (its source changed) stays in the history only.
    """
    by_entry: dict[str, list[Save]] = {}
    for save in saves:
        by_entry.setdefault(save.entry, []).append(save)
    clashes = []
    for eid, group in by_entry.items():
        message = catalog.get(group[0].msgid, group[0].msgctxt)
        if message is None:
            continue
        texts = [save for save in group if save.intended is None]
        current = translation_text(message)
        if texts and current not in {s.before for s in texts} | {s.after for s in texts}:
            clashes.append(OutsideText(eid, group[0].msgid, group[0].msgctxt,
                                       texts[-1].version, str(state_of(message)),
                                       texts[0].before, current, superseded=True))
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


@contextmanager
def _held(lock: FileLock) -> Iterator[None]:
    acquire(lock)
    try:
        yield
    finally:
        lock.release()


def write_saves(settings: Settings, journal: Journal, lock: FileLock) -> None:
    """Write every save the journal holds that has not reached its PO file yet."""
    for doc, lang in journal.unwritten_catalogs():
        path = settings.catalog_path(doc, lang)
        if not path.exists():
            continue
        with _held(lock):
            saves = journal.unwritten(doc, lang)  # read again: the app may have written them
            if not saves:
                continue
            catalog = load_document_catalog(settings, doc, lang)
            clashes = apply_saves(catalog, saves)
            try:
                atomic_write_bytes(path, po_bytes(catalog))
            except OSError as exc:
                raise Unavailable(f"{path}: cannot write the review app's saves into it "
                                  f"({exc.strerror or exc}); they stay in its journal") from None
            journal.mark_written(doc, lang, saves[-1].seq, clashes)
            log.info("%s: wrote %d acknowledged save(s) of the review app", path, len(saves))


def write_review_saves(settings: Settings) -> None:
    """Write the review app's acknowledged saves that have not reached their PO files yet,
    so that a command of the CLI reads them (nothing happens in a project without a review
    database)."""
    instance = project_instance(settings)
    if not (instance / DATABASE_FILE).exists():
        return
    db = open_database(instance)
    try:
        write_saves(settings, SqliteJournal(db), project_lock(settings))
    finally:
        db.close()


class Entry:
    """One catalog entry as requests see it; never changed once published."""

    __slots__ = ("_data", "_findings", "author", "id", "message", "version")

    def __init__(self, eid: str, message: Message, version: int, author: str | None) -> None:
        self.id = eid
        self.message = message
        self.version = version
        self.author = author
        self._findings: list[dict] | None = None
        self._data: dict | None = None

    @property
    def plural(self) -> bool:
        return not isinstance(self.message.id, str)

    @property
    def translation(self) -> str:
        return translation_text(self.message)

    @property
    def state(self) -> str:
        return str(state_of(self.message))


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
        self.entries: dict[str, Entry] = {}
        self.pending: list[Save] = []  # kept in the journal, not yet in the file
        self.revision = 0
        self.write_error: str | None = None  # why the last write failed, until one works
        self.listing: tuple[int, bytes] | None = None
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

    def __init__(self, settings: Settings, journal: Journal, flush_delay: float = 0.5) -> None:
        self.settings = settings
        self.journal = journal
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

    def _open(self, doc: str, lang: str, path: Path) -> CatalogState:
        cat = CatalogState(doc, lang, path)
        _remove_stale_temporaries(path)
        with cat.flush_lock:
            data, stamp = read_stamped(path)
            catalog = read_catalog(data, str(path))
            with cat.lock:
                self._adopt(cat, catalog)
            cat.seen(data, stamp, CatalogText(catalog))
        self._catalogs[(doc, lang)] = cat
        return cat

    def _adopt(self, cat: CatalogState, catalog: Catalog) -> None:
        """Publish the entries of ``catalog`` as read from the file (caller holds
        ``cat.lock``).  A text or state that differs from the version the app published
        was changed outside: it becomes a new version and goes into the history.  Entries
        with saves not yet written keep the app's text: the flush settles them."""
        known = self.journal.versions(cat.doc, cat.lang)
        waiting = {save.entry for save in cat.pending}
        entries: dict[str, Entry] = {}
        versions: dict[str, Version] = {}
        outside: list[OutsideText] = []
        for message in messages(catalog):
            eid = entry_id(message.id, message.context)
            if eid in waiting and eid in cat.entries:
                entries[eid] = cat.entries[eid]
                continue
            text, state = translation_text(message), str(state_of(message))
            row = known.get(eid)
            if row is None:
                versions[eid] = Version(1, None, text, state)
            elif (row.translation, row.state) == (text, state):
                versions[eid] = row
            elif row.author is not None and text in self.journal.replaced_texts(
                    cat.doc, cat.lang, eid):
                # A text the app's saves had replaced: an old copy of the file came back
                # (git checkout, git pull, a backup).  The saves are written again.
                restored = self.journal.unwrite_latest(cat.doc, cat.lang, eid)
                outside.append(OutsideText(eid, source_text(message), message.context,
                                           row.version, state, row.translation, text,
                                           superseded=True))
                cat.pending.extend(restored)
                message = copy_message(message)
                _apply(message, restored)
                versions[eid] = row
            else:
                versions[eid] = Version(row.version + 1, None, text, state)
                outside.append(OutsideText(eid, source_text(message), message.context,
                                           row.version + 1, state, row.translation, text))
            current = cat.entries.get(eid)
            if (current is not None and current.version == versions[eid].version
                    and _same(current.message, message)):
                entries[eid] = current  # keeps its cached data and findings
            else:
                entries[eid] = Entry(eid, copy_message(message), versions[eid].version,
                                     versions[eid].author)
        self.journal.record_outside(cat.doc, cat.lang, {
            eid: v for eid, v in versions.items() if known.get(eid) != v}, outside)
        cat.entries = entries
        cat.revision += 1
        if cat.pending:
            self._dirty.set()

    def refresh(self, cat: CatalogState) -> None:
        """Take in changes another program made to the PO file since the app last saw it."""
        if cat.unchanged():
            return
        with cat.flush_lock:
            try:
                data, stamp = read_stamped(cat.path)
                if _digest(data) == cat.digest:
                    cat.seen(data, stamp, cat.text)
                    return
                catalog = read_catalog(data, str(cat.path))
            except (OSError, UserError) as exc:  # mid-edit by hand, or broken: keep ours
                log.warning("not reading %s again: %s", cat.path, exc)
                return
            with cat.lock:
                self._adopt(cat, catalog)
            cat.seen(data, stamp, CatalogText(catalog))

    # -- saving ---------------------------------------------------------------------------

    def record(self, cat: CatalogState, entry: Entry, message: Message, save: Save) -> Entry:
        """Keep ``save`` in the journal (caller holds ``cat.lock``), then publish ``message``
        as the entry's new version and queue the save for the PO file: once this returns,
        the save survives a crash."""
        return self.record_many(cat, [(entry, message, save)])[0]

    def record_many(self, cat: CatalogState,
                    changes: list[tuple[Entry, Message, Save]]) -> list[Entry]:
        """:meth:`record` for several entries of ``cat`` in one journal transaction."""
        if not changes:
            return []
        kept = self.journal.record_saves([save for _, _, save in changes])
        saved = []
        for entry, message, save in changes:
            saved.append(Entry(entry.id, message, save.version, save.user))
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
        """Take in what other programs wrote to the PO files while the app was idle (an
        old copy brought back by git gets the app's saves written again)."""
        for cat in self.catalogs():
            if not cat.unchanged():
                try:
                    self.write(cat)
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

    def write(self, cat: CatalogState) -> None:
        """Write the catalog's unwritten saves into its PO file, merged with the file as it
        is on disk; a failure is kept in ``cat.write_error`` until a write works."""
        if not cat.pending and cat.unchanged():
            return
        try:
            # The project lock first: while a CLI command holds it, requests reading the
            # catalog (which take only ``flush_lock``) are not held up.
            with _held(self.lock), cat.flush_lock:
                self._write(cat)
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

    def _write(self, cat: CatalogState) -> None:
        """Write under the project lock and ``flush_lock`` (the caller holds both)."""
        with cat.lock:
            queued = len(cat.pending)
        # The journal says which saves are still to write: a CLI command may have written
        # some of them already.
        saves = self.journal.unwritten(cat.doc, cat.lang)
        data, stamp = read_stamped(cat.path)
        outside = _digest(data) != cat.digest
        text = CatalogText(read_catalog(data, str(cat.path))) if outside else cat.text
        clashes = apply_saves(text.catalog, saves, text)
        written = text.data()
        if written != data:
            stamp = atomic_write_bytes(cat.path, written)
        if saves:
            self.journal.mark_written(cat.doc, cat.lang, saves[-1].seq, clashes)
        cat.seen(written, stamp, text)
        with cat.lock:
            del cat.pending[:queued]  # every one of them is in the file now
            if outside:
                self._adopt(cat, text.catalog)

    def close(self) -> None:
        """Stop the flusher and write what is still pending."""
        self._stop.set()
        self._dirty.set()
        self._flusher.join()
        try:
            self.flush()
        except Unavailable as exc:
            log.warning("saves left in the journal, written at the next start: %s", exc)


def _same(a: Message, b: Message) -> bool:
    """Whether two messages would be written alike."""
    return (a.string == b.string and a.flags == b.flags and a.user_comments == b.user_comments
            and a.auto_comments == b.auto_comments and a.locations == b.locations
            and list(a.previous_id or ()) == list(b.previous_id or ()))
