"""Review operations on the project's catalogs: entries with versions, durable saves,
history, comments, suggestions and QA findings (through :mod:`assist`), and downloads.

The PO files stay the source of truth for text.  A save is appended to the SQLite journal
(``store.history``) and acknowledged once committed; a background flusher then writes the
catalog atomically, coalescing the saves of the last moments into one rewrite, so that no
request pays for serialising a 5,000-entry catalog.  On start, saves that a killed process
had acknowledged but not yet written are replayed into the PO files.

Each catalog is held twice in memory: the entries that requests read (immutable
:class:`Entry` objects, replaced on every save) and the Babel catalog that only the
flusher touches, so a rewrite never sees an entry half-changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..accounts import Account
from ..accounts.audit import saved as audit_save
from ..assist import (
    Candidate,
    glossary_terms,
    memory_matches,
    qa_context,
    qa_findings,
    word_diff,
)
from ..build import load_letter
from ..catalog.entry import messages
from ..catalog.files import atomic_write_bytes
from ..catalog.project import project_catalogs
from ..catalog.reader import load_catalog
from ..catalog.states import (
    INCLUDE_LEVELS,
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
from ..catalog.stats import catalog_stats
from ..catalog.text import CatalogText
from ..catalog.writer import po_bytes, save_catalog
from ..checks import CHECKS, CheckContext, intended_checks, mark_intended, unmark_intended
from ..config import Settings
from ..errors import UserError
from ..glossary import load_glossary
from ..render import BILINGUAL_WRITERS, WRITERS, file_name, render_letter
from .journal import Database

log = logging.getLogger(__name__)

SAVE_STATES = (str(State.TRANSLATED), str(State.APPROVED), str(State.DRAFT))
MAX_TRANSLATION_CHARS = 20_000
MAX_COMMENT_CHARS = 5_000
QA_CONTEXT_MAX_AGE = 5.0  # seconds
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Where a saved text came from, when a person took it from a suggestion.
SUGGESTION_ORIGIN = re.compile(r"(mt:[\w.:/@+-]{1,100}|memory:\d{1,3}%)( edited)?")


class ReviewError(UserError):
    """A refused review operation; ``status`` is the HTTP status the web app answers."""

    status = 400


class NotFound(ReviewError):
    status = 404


class Forbidden(ReviewError):
    status = 403


class Conflict(ReviewError):
    """The save was based on an old version; ``entry`` is the current one."""

    status = 409

    def __init__(self, message: str, entry: dict) -> None:
        super().__init__(message)
        self.entry = entry


def entry_id(msgid: str | tuple | list, msgctxt: str | None) -> str:
    """A stable, URL-safe id for a catalog entry (its context and source text hashed)."""
    ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
    key = (msgctxt or "") + "\x04" + "\x00".join(ids)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def apply_save(message: Message, translation: str, state: str, user: str, date: str) -> None:
    """Give ``message`` the text and state of a save, with its provenance comments."""
    if state == State.APPROVED:
        mark_approved(message, translation, user, date)
    elif state == State.TRANSLATED:
        mark_translated(message, translation, user, date)
    else:
        mark_draft(message, translation, person_origin(user), date)


def copy_message(message: Message) -> Message:
    return Message(
        message.id, message.string, locations=list(message.locations),
        flags=set(message.flags), auto_comments=list(message.auto_comments),
        user_comments=list(message.user_comments), previous_id=list(message.previous_id or ()),
        lineno=message.lineno, context=message.context,
    )


def _text(message: Message) -> str:
    string = message.string
    if isinstance(string, (list, tuple)):
        return "\x00".join(s or "" for s in string)
    return string or ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fingerprint(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files an atomic write left behind when the process was killed mid-write."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def normalize_translation(message: Message, text: str) -> str:
    """The translation as it will be stored, or a :class:`ReviewError` saying what is wrong.

    Refuses what would make ``msgfmt -c`` reject the catalog, so the file stays valid.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReviewError("the translation is empty")
    if len(text) > MAX_TRANSLATION_CHARS:
        raise ReviewError(f"the translation is longer than {MAX_TRANSLATION_CHARS} characters")
    if _CONTROL.search(text):
        raise ReviewError("the translation contains control characters")
    source = message.id if isinstance(message.id, str) else message.id[0]
    for where, test in (("begin", str.startswith), ("end", str.endswith)):
        if test(source, "\n") != test(text, "\n"):
            raise ReviewError(f"the source and the translation must both {where} with a "
                              "line break, or neither")
    problem = _format_problem(message, text)
    if problem:
        raise ReviewError(f"format check failed: {problem}")
    return text


def _format_problem(message: Message, text: str) -> str | None:
    """What ``msgfmt -c`` says about ``text`` for an entry with a ``*-format`` flag."""
    formats = [f for f in message.flags if f.endswith("-format") and not f.startswith("no-")]
    msgfmt = shutil.which("msgfmt") if formats else None
    if not msgfmt:
        return None
    probe = Catalog(locale=None)
    probe.add(message.id, text, flags=formats, context=message.context)
    result = subprocess.run([msgfmt, "-c", "-o", os.devnull, "-"], input=po_bytes(probe),
                            capture_output=True, check=False)
    if result.returncode == 0:
        return None
    lines = [line.split(": ", 1)[-1] for line in result.stderr.decode("utf-8", "replace")
             .splitlines() if "warning:" not in line and not line.startswith("msgfmt:")]
    return lines[0] if lines else "rejected by msgfmt"


@dataclass(frozen=True)
class Change:
    """One acknowledged save, as the flusher applies it to the catalog."""

    seq: int
    msgid: str
    msgctxt: str | None
    translation: str
    state: str
    user: str
    date: str
    intended: str | None = None  # a reviewer's new set of intended QA findings, if that

    def apply_to(self, catalog: Catalog) -> Message | None:
        """The changed message, or None when the source changed since the save (the save
        then stays in the history only)."""
        message = catalog.get(self.msgid, self.msgctxt)
        if message is None:
            return None
        if self.intended is not None:
            set_comment(message, QA_INTENDED, self.intended.split() or None)
        else:
            apply_save(message, self.translation, self.state, self.user, self.date)
        return message


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
        return _text(self.message)

    @property
    def state(self) -> str:
        return str(state_of(self.message))


class CatalogState:
    """One catalog of the workspace: its entries, its unflushed saves and its locks.

    ``lock`` guards entries and pending saves (held for microseconds); ``flush_lock`` is
    held while the catalog is written or reloaded from disk.  Order: flush_lock, lock.
    """

    def __init__(self, doc: str, lang: str, path: Path) -> None:
        self.doc = doc
        self.lang = lang
        self.path = path
        self.lock = threading.Lock()
        self.flush_lock = threading.Lock()
        self.text: CatalogText | None = None  # the flusher's catalog, kept as PO text
        self.entries: dict[str, Entry] = {}
        self.pending: list[Change] = []
        self.fingerprint: tuple[int, int, int] | None = None
        self.revision = 0
        self.listing: tuple[int, bytes] | None = None
        self.qa_context: tuple[int, float, object] | None = None


class Workspace:
    """The review operations on every catalog of a project, over one review database."""

    def __init__(self, settings: Settings, db: Database, flush_delay: float = 0.5) -> None:
        self.settings = settings
        self.db = db
        self.flush_delay = flush_delay
        self.glossary = load_glossary(settings.locales_dir)
        self._catalogs: dict[tuple[str, str], CatalogState] = {}
        self._open_lock = threading.Lock()
        self._downloads: dict[tuple, tuple[tuple, bytes]] = {}
        self._dirty = threading.Event()
        self._stop = threading.Event()
        for doc, lang, path in project_catalogs(settings, list(settings.languages)):
            self._open(doc, lang, path)
        self._flusher = threading.Thread(target=self._flush_loop, name="catalog-flusher",
                                         daemon=True)
        self._flusher.start()

    # -- catalogs -------------------------------------------------------------------------

    def documents(self) -> list[str]:
        return self.settings.documents()

    def catalog(self, doc: str, lang: str) -> CatalogState:
        """The open catalog for ``doc`` and ``lang``; unknown ones are a :class:`NotFound`."""
        cat = self._catalogs.get((doc, lang))
        if cat is not None:
            return cat
        if lang not in self.settings.languages or doc not in self.documents():
            raise NotFound(f"no catalog for document {doc!r} in language {lang!r}")
        path = self.settings.catalog_path(doc, lang)
        if not path.exists():
            raise NotFound(f"no catalog for document {doc!r} in language {lang!r}")
        with self._open_lock:
            return self._catalogs.get((doc, lang)) or self._open(doc, lang, path)

    def _open(self, doc: str, lang: str, path: Path) -> CatalogState:
        """Load a catalog, replaying acknowledged saves that never reached the file."""
        cat = CatalogState(doc, lang, path)
        _remove_stale_temporaries(path)
        cat.fingerprint = _fingerprint(path)
        catalog = load_catalog(path)
        rows = self.db.query(
            "SELECT * FROM history WHERE doc = ? AND lang = ? AND flushed = 0 AND user IS NOT NULL"
            " ORDER BY seq", (doc, lang))
        if rows:
            for row in rows:
                Change(row["seq"], row["msgid"], row["msgctxt"], row["after"], row["state"],
                       row["user"], row["at"][:10], row["intended"]).apply_to(catalog)
            save_catalog(path, catalog)
            cat.fingerprint = _fingerprint(path)
            self._mark_flushed(doc, lang, rows[-1]["seq"])
            log.info("%s: replayed %d unwritten save(s)", path, len(rows))
        cat.text = CatalogText(catalog)
        self._sync_entries(cat, catalog)
        self._catalogs[(doc, lang)] = cat
        return cat

    def _sync_entries(self, cat: CatalogState, catalog: Catalog) -> None:
        """Publish the entries of ``catalog``; a text or state that differs from the last
        one the app knew (changed in the file by someone else) gets a new version."""
        known = {row["entry"]: row for row in self.db.query(
            "SELECT entry, version, author, translation, state FROM versions"
            " WHERE doc = ? AND lang = ?", (cat.doc, cat.lang))}
        entries: dict[str, Entry] = {}
        inserts, changes = [], []
        at = _now()
        for message in messages(catalog):
            eid = entry_id(message.id, message.context)
            text, state = _text(message), str(state_of(message))
            row = known.get(eid)
            if row is None:
                version, author = 1, None
                inserts.append((cat.doc, cat.lang, eid, version, None, text, state))
            elif (row["translation"], row["state"]) != (text, state):
                version, author = row["version"] + 1, None
                changes.append((eid, message, version, text, state, row["translation"]))
            else:
                version, author = row["version"], row["author"]
            entries[eid] = Entry(eid, copy_message(message), version, author)
        if inserts or changes:
            with self.db.transaction() as conn:
                conn.executemany("INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 inserts)
                for eid, message, version, text, state, before in changes:
                    conn.execute("INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?, NULL, ?, ?)",
                                 (cat.doc, cat.lang, eid, version, text, state))
                    conn.execute(
                        "INSERT INTO history (doc, lang, entry, msgctxt, msgid, version, user, at,"
                        " state, before, after, flushed) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?,"
                        " ?, 1)",
                        (cat.doc, cat.lang, eid, message.context, _text_id(message), version, at,
                         state, before, text))
        cat.entries = entries
        cat.revision += 1

    def _refresh(self, cat: CatalogState) -> None:
        """Take in changes another program made to the PO file since the app last saw it."""
        if _fingerprint(cat.path) == cat.fingerprint:
            return
        with cat.flush_lock:
            if _fingerprint(cat.path) != cat.fingerprint:
                self._reload(cat)

    def _reload(self, cat: CatalogState) -> bool:
        """Re-read the file (caller holds ``flush_lock``); unwritten saves are kept on top."""
        fingerprint = _fingerprint(cat.path)
        try:
            catalog = load_catalog(cat.path)
        except UserError as exc:  # mid-write by another program, or broken: keep ours
            log.warning("not reloading %s: %s", cat.path, exc)
            return False
        text = CatalogText(catalog)
        with cat.lock:
            for change in cat.pending:
                message = change.apply_to(catalog)
                if message is not None:
                    text.update(message)
            self._sync_entries(cat, catalog)
            cat.text = text
            cat.fingerprint = fingerprint
        return True

    # -- reading --------------------------------------------------------------------------

    def entries_json(self, account: Account, doc: str, lang: str) -> bytes:
        """The JSON list of every entry of a catalog (cached until the catalog changes)."""
        cat = self._readable(account, doc, lang)
        self._refresh(cat)
        with cat.lock:
            revision, entries = cat.revision, list(cat.entries.values())
        listing = cat.listing
        if listing is None or listing[0] != revision:
            data = [self._data(cat, entry) for entry in entries]
            listing = (revision, _json_bytes(data))
            cat.listing = listing
        return listing[1]

    def entry(self, account: Account, doc: str, lang: str, eid: str) -> dict:
        """One entry with its history, comments and suggestions."""
        cat = self._readable(account, doc, lang)
        self._refresh(cat)
        entry = self._entry(cat, eid)
        data = dict(self._data(cat, entry))
        data["history"] = self.history(cat, eid)
        data["comments"] = self.comments(cat, eid)
        data["suggestions"] = {
            "glossary": glossary_terms(self.glossary, data["source"], lang),
            "memory": self.memory_suggestions(entry, lang),
        }
        return data

    def _readable(self, account: Account, doc: str, lang: str) -> CatalogState:
        cat = self.catalog(doc, lang)
        if not account.can_edit(lang):
            raise Forbidden(f"{account.name} has no role for language {lang!r}")
        return cat

    @staticmethod
    def _entry(cat: CatalogState, eid: str) -> Entry:
        entry = cat.entries.get(eid)
        if entry is None:
            raise NotFound(f"no entry {eid!r} in {cat.doc} ({cat.lang})")
        return entry

    def _data(self, cat: CatalogState, entry: Entry) -> dict:
        if entry._data is not None:
            return entry._data
        message = entry.message
        source = message.id if isinstance(message.id, str) else message.id[0]
        previous = message.previous_id[0] if message.previous_id else None
        data = {
            "id": entry.id,
            "source": source,
            "context": message.context,
            "translation": message.string if entry.plural else entry.translation,
            "state": entry.state,
            "version": entry.version,
            "author": entry.author,
            "origin": origin_of(message),
            "where": "; ".join(message.auto_comments),
            "locations": [f"{file}:{line}" if line else file for file, line in message.locations],
            "previous_source": previous,
            "diff": word_diff(previous, source) if previous and previous != source else None,
            "plural": entry.plural,
            "findings": self._findings(cat, entry),
            "intended": sorted(intended_checks(message)),
        }
        entry._data = data
        return data

    def _findings(self, cat: CatalogState, entry: Entry) -> list[dict]:
        if entry._findings is None:
            entry._findings = self.check(cat, entry.message)
        return entry._findings

    def check(self, cat: CatalogState, message: Message) -> list[dict]:
        """QA findings for ``message``."""
        return qa_findings(message, cat.lang, self._qa_context(cat))

    def _qa_context(self, cat: CatalogState) -> CheckContext:
        """The checks' view of the catalogs of ``cat``'s language, rebuilt at most every few
        seconds: it indexes every entry, too much work to repeat on every save."""
        now = time.monotonic()
        cached = cat.qa_context
        if cached and (cached[0] == cat.revision or now - cached[1] < QA_CONTEXT_MAX_AGE):
            return cached[2]
        snapshots = {doc: self._snapshot(other) for (doc, lang), other
                     in list(self._catalogs.items()) if lang == cat.lang}
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

    def history(self, cat: CatalogState, eid: str) -> list[dict]:
        rows = self.db.query(
            "SELECT version, user, at, state, before, after, intended, origin FROM history"
            " WHERE doc = ? AND lang = ? AND entry = ? ORDER BY seq DESC",
            (cat.doc, cat.lang, eid))
        return [{**dict(row), "diff": word_diff(row["before"], row["after"])} for row in rows]

    def comments(self, cat: CatalogState, eid: str) -> list[dict]:
        rows = self.db.query(
            "SELECT id, user, at, text FROM comments WHERE doc = ? AND lang = ? AND entry = ?"
            " ORDER BY id", (cat.doc, cat.lang, eid))
        return [dict(row) for row in rows]

    def memory_suggestions(self, entry: Entry, lang: str) -> list[dict]:
        """Translations of similar sources in every catalog of ``lang``."""
        if entry.plural:
            return []
        candidates = (
            Candidate(doc, other.message.id, other.translation, other.state)
            for (doc, code), cat in list(self._catalogs.items()) if code == lang
            for other in list(cat.entries.values())
            if other is not entry and not other.plural and other.translation
        )
        return memory_matches(entry.message.id, candidates)

    # -- saving ---------------------------------------------------------------------------

    def save(self, account: Account, doc: str, lang: str, eid: str, translation: str,
             state: str, version: int, origin: str | None = None) -> dict:
        """Save a translation durably; returns the entry with its new version.

        Raises :class:`Conflict` when ``version`` is older than the entry's, unless every
        newer version is the same person's own save.  ``origin`` says where the person took
        the text from (a machine or memory suggestion); the history keeps it.
        """
        cat = self._readable(account, doc, lang)
        if state not in SAVE_STATES:
            raise ReviewError(f"state must be one of {', '.join(SAVE_STATES)}")
        if origin is not None and not SUGGESTION_ORIGIN.fullmatch(origin):
            raise ReviewError("origin must name a suggestion, such as 'mt:google' or "
                              "'memory:85%' (with ' edited' when the text was changed)")
        if state == State.APPROVED and not account.can_review(lang):
            raise Forbidden(f"{account.name} may not approve {lang!r} translations")
        self._refresh(cat)
        with cat.lock:
            entry = self._entry(cat, eid)
            if entry.plural:
                raise ReviewError("plural entries are edited in a PO editor, not here")
            translation = normalize_translation(entry.message, translation)
            if entry.state == State.APPROVED and not account.can_review(lang):
                raise Forbidden("only a reviewer may change an approved translation")
            if (translation, state) == (entry.translation, entry.state):
                return self._data(cat, entry)  # nothing to change: no version, no conflict
            if version != entry.version and not self._own_newer_versions(cat, entry, version,
                                                                         account.name):
                raise Conflict(f"{entry.author or 'someone'} saved this entry meanwhile",
                               self._data(cat, entry))
            message = copy_message(entry.message)
            at = _now()
            apply_save(message, translation, state, account.name, at[:10])
            if state == State.APPROVED:
                errors = [f for f in self.check(cat, message) if f["level"] == "error"]
                if errors:
                    raise ReviewError("QA errors block approval: " + "; ".join(
                        f"{f['check']}: {f['message']}" for f in errors))
            saved = self._record(cat, entry, message, account.name, at, state, origin=origin)
            audit_save(self.db, account.name, doc, lang, eid, str(state))
        self._dirty.set()
        return self._data(cat, saved)

    def mark_intended(self, account: Account, doc: str, lang: str, eid: str, check: str,
                      intended: bool, version: int) -> dict:
        """A reviewer marks a QA finding on an entry as intended (or withdraws the mark);
        the checks then no longer report it there.  Stored with the entry in the PO file."""
        cat = self._readable(account, doc, lang)
        if not account.can_review(lang):
            raise Forbidden("only a reviewer marks a QA finding as intended")
        if check not in CHECKS:
            raise ReviewError(f"unknown QA check {check!r}")
        self._refresh(cat)
        with cat.lock:
            entry = self._entry(cat, eid)
            marks = intended_checks(entry.message)
            wanted = marks | {check} if intended else marks - {check}
            if wanted == marks:
                return self._data(cat, entry)
            if version != entry.version and not self._own_newer_versions(cat, entry, version,
                                                                         account.name):
                raise Conflict(f"{entry.author or 'someone'} saved this entry meanwhile",
                               self._data(cat, entry))
            message = copy_message(entry.message)
            (mark_intended if intended else unmark_intended)(message, check)
            saved = self._record(cat, entry, message, account.name, _now(), entry.state,
                                 intended=" ".join(sorted(wanted)))
        self._dirty.set()
        return self._data(cat, saved)

    def _record(self, cat: CatalogState, entry: Entry, message: Message, user: str, at: str,
                state: str, intended: str | None = None, origin: str | None = None) -> Entry:
        """Journal a change (caller holds ``cat.lock``), then publish it and queue it for
        the PO file: once this returns, the change survives a crash."""
        saved = Entry(entry.id, message, entry.version + 1, user)
        with self.db.transaction() as conn:
            seq = conn.execute(
                "INSERT INTO history (doc, lang, entry, msgctxt, msgid, version, user, at,"
                " state, before, after, intended, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cat.doc, cat.lang, entry.id, message.context, message.id, saved.version, user,
                 at, state, entry.translation, saved.translation, intended, origin)).lastrowid
            conn.execute("INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (cat.doc, cat.lang, entry.id, saved.version, user, saved.translation,
                          saved.state))
        cat.entries[entry.id] = saved
        cat.revision += 1
        cat.pending.append(Change(seq, message.id, message.context, saved.translation, state,
                                  user, at[:10], intended))
        return saved

    def _own_newer_versions(self, cat: CatalogState, entry: Entry, base: int,
                            user: str) -> bool:
        """Whether every version after ``base`` is ``user``'s own save (no self-conflict)."""
        if not 1 <= base < entry.version:
            return False
        rows = self.db.query(
            "SELECT DISTINCT version, user FROM history WHERE doc = ? AND lang = ? AND entry = ?"
            " AND version > ?", (cat.doc, cat.lang, entry.id, base))
        return (len(rows) == entry.version - base
                and all(row["user"] == user for row in rows))

    def add_comment(self, account: Account, doc: str, lang: str, eid: str, text: str) -> dict:
        cat = self._readable(account, doc, lang)
        self._entry(cat, eid)
        text = text.strip()
        if not text:
            raise ReviewError("the comment is empty")
        if len(text) > MAX_COMMENT_CHARS or _CONTROL.search(text.replace("\r", "")):
            raise ReviewError(f"a comment is plain text of at most {MAX_COMMENT_CHARS} "
                              "characters")
        at = _now()
        with self.db.transaction() as conn:
            cid = conn.execute(
                "INSERT INTO comments (doc, lang, entry, user, at, text) VALUES (?, ?, ?, ?, ?, ?)",
                (doc, lang, eid, account.name, at, text)).lastrowid
        return {"id": cid, "user": account.name, "at": at, "text": text}

    # -- writing the PO files -------------------------------------------------------------

    def _flush_loop(self) -> None:
        while not self._stop.is_set():
            self._dirty.wait()
            if self._stop.is_set():
                break
            self._stop.wait(self.flush_delay)  # let the saves of the next moments join in
            self._dirty.clear()
            try:
                self.flush()
            except Exception:  # keep the saves queued; the next round retries
                log.exception("writing catalogs failed; retrying")
                self._dirty.set()
                self._stop.wait(1.0)

    def flush(self, doc: str | None = None, lang: str | None = None) -> None:
        """Write every catalog (or one) that has saves not yet in its PO file."""
        for (d, code), cat in list(self._catalogs.items()):
            if (doc is None or d == doc) and (lang is None or code == lang):
                self._flush(cat)

    def _flush(self, cat: CatalogState) -> None:
        with cat.flush_lock:
            if _fingerprint(cat.path) != cat.fingerprint and not self._reload(cat):
                raise OSError(f"{cat.path} changed on disk and cannot be read back")
            with cat.lock:
                batch, cat.pending = cat.pending, []
            if not batch:
                return
            try:
                for change in batch:
                    message = change.apply_to(cat.text.catalog)
                    if message is not None:
                        cat.text.update(message)
                atomic_write_bytes(cat.path, cat.text.data())
            except BaseException:
                with cat.lock:
                    cat.pending[:0] = batch  # applying twice gives the same entry
                raise
            cat.fingerprint = _fingerprint(cat.path)
            self._mark_flushed(cat.doc, cat.lang, batch[-1].seq)

    def _mark_flushed(self, doc: str, lang: str, seq: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE history SET flushed = 1 WHERE doc = ? AND lang = ?"
                         " AND flushed = 0 AND seq <= ?", (doc, lang, seq))

    def close(self) -> None:
        """Stop the flusher and write what is still pending."""
        self._stop.set()
        self._dirty.set()
        self._flusher.join()
        self.flush()

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
                self._refresh(cat)
                entries = list(cat.entries.values())
                # catalog_stats only iterates over the messages it is given.
                stats = catalog_stats(doc, lang, [e.message for e in entries])  # type: ignore[arg-type]
                errors = sum(1 for e in entries for f in self._findings(cat, e)
                             if f["level"] == "error")
                rows.append({"doc": doc, "lang": lang, "total": stats.total,
                             "counts": stats.counts,
                             "percent": {s: stats.percent(s) for s in stats.counts},
                             "qa_errors": errors, "role": account.role_for(lang),
                             "stats": stats})
        return rows

    def download(self, account: Account, doc: str, lang: str, fmt: str, include: str,
                 bilingual: bool = False) -> tuple[str, bytes]:
        """(file name, bytes) of the letter in ``fmt`` (or its bilingual edition), built from
        the current catalog; the name is the one ``build`` gives the file."""
        cat = self._readable(account, doc, lang)
        writers = BILINGUAL_WRITERS if bilingual else WRITERS
        if fmt not in writers:
            raise NotFound(f"unknown format {fmt!r} (known: {', '.join(writers)})")
        if include not in INCLUDE_LEVELS:
            raise ReviewError(f"include must be one of {', '.join(INCLUDE_LEVELS)}")
        self._refresh(cat)
        self._flush(cat)
        key = (doc, lang, fmt, include, bilingual)
        state = (cat.fingerprint, _fingerprint(self.settings.source_path(doc)))
        cached = self._downloads.get(key)
        if cached is None or cached[0] != state:
            letter, _ = load_letter(self.settings, doc, lang, include)
            cached = (state, render_letter(letter, fmt, bilingual))
            self._downloads[key] = cached
        return file_name(doc, fmt, bilingual), cached[1]


def _text_id(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _json_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
