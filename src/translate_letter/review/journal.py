"""The review app's SQLite database and the journal: every SQL statement of the review.

Every save is one transaction in write-ahead-log mode with ``synchronous=FULL``: once it
commits, it survives a crash of the process or the machine.  The ``history`` table doubles
as the journal of saves: rows with ``flushed = 0`` have not reached the PO file yet; the
review app and every command of the CLI write them into the PO files before anything else.
The ``written`` table knows the files those writes made (by digest), so that an old copy of
a file coming back is told from a change a person made.

:class:`Journal` is the interface the rest of the review works through (a PostgreSQL
backend would implement it too); :class:`SqliteJournal` implements it on :class:`Database`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from ..errors import N_, UserError
from .errors import Unavailable

DATABASE_FILE = "review.sqlite3"
INSTANCE_DIR = "instance"
WRITTEN_KEPT = 1000  # files written per catalog that an old copy is recognised as

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS grants (
    name TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    lang TEXT NOT NULL,          -- a language code, or '*' for every language
    role TEXT NOT NULL,
    PRIMARY KEY (name, lang)
);
CREATE TABLE IF NOT EXISTS versions (
    doc TEXT NOT NULL,
    lang TEXT NOT NULL,
    entry TEXT NOT NULL,
    version INTEGER NOT NULL,
    author TEXT,                 -- NULL: the text came from the PO file itself
    translation TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (doc, lang, entry)
);
CREATE TABLE IF NOT EXISTS history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    lang TEXT NOT NULL,
    entry TEXT NOT NULL,
    msgctxt TEXT,
    msgid TEXT NOT NULL,
    version INTEGER NOT NULL,
    user TEXT,                   -- NULL: changed in the PO file outside the app
    at TEXT NOT NULL,
    state TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    intended TEXT,               -- not NULL: the QA checks marked intended after the change
    flushed INTEGER NOT NULL DEFAULT 0,
    origin TEXT,                 -- not NULL: the suggestion the text was taken from
    superseded INTEGER NOT NULL DEFAULT 0  -- 1: an outside text an app save replaced
);
CREATE INDEX IF NOT EXISTS history_pending ON history (doc, lang, flushed);
CREATE INDEX IF NOT EXISTS history_entry ON history (doc, lang, entry, seq);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    lang TEXT NOT NULL,
    entry TEXT NOT NULL,
    user TEXT NOT NULL,
    at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_entry ON comments (doc, lang, entry, id);
CREATE TABLE IF NOT EXISTS written (
    doc TEXT NOT NULL,
    lang TEXT NOT NULL,
    digest BLOB NOT NULL,        -- SHA-256 of a PO file as saves of the app were written in
    seq INTEGER NOT NULL,        -- the last save that file holds
    PRIMARY KEY (doc, lang, digest)
);
"""

class Database:
    """One SQLite connection shared by the app's threads; statements run under one lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Owner only: it holds password hashes.  SQLite gives its -wal and -shm files
            # the mode of the database file.
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
            os.chmod(path, 0o600)
            self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            # The CLI may add an account while the server runs: wait for its lock.
            self._conn.execute("PRAGMA busy_timeout=10000")
            self._conn.executescript(_SCHEMA)
            _add_missing_columns(self._conn)
        except (sqlite3.Error, OSError) as exc:
            raise UserError(f"{path}: cannot open the review database ({exc})") from None
        self.lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed (and synced) on leaving, rolled back on error."""
        with self.lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:  # a full disk, a read-only folder, …
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise Unavailable(N_("nothing was saved: the review database cannot be "
                                     "written (%(reason)s); try again"), reason=str(exc)) from None

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """The rows of one read-only statement."""
        with self.lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self.lock:
            self._conn.close()


# Columns added since the first release: (table, column, declaration).
_ADDED_COLUMNS = (("history", "origin", "TEXT"),
                  ("history", "superseded", "INTEGER NOT NULL DEFAULT 0"))


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Bring a database made by an earlier release up to the schema above."""
    for table, column, declaration in _ADDED_COLUMNS:
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


def instance_path(project_root: Path, given: Path | str | None = None) -> Path:
    """The instance folder: ``given``, or ``instance/`` in the project."""
    return Path(given).resolve() if given else project_root / INSTANCE_DIR


def open_database(instance_path: Path) -> Database:
    """The review database of an instance folder, created on first use."""
    return Database(instance_path / DATABASE_FILE)


@dataclass(frozen=True)
class Save:
    """One acknowledged change of an entry: a text and state, or a new set of QA checks
    marked intended (``intended`` not None).  ``seq`` orders the journal (0: not yet kept)."""

    doc: str
    lang: str
    entry: str
    msgid: str
    msgctxt: str | None
    version: int
    user: str
    at: str
    state: str
    before: str
    after: str
    intended: str | None = None
    origin: str | None = None  # the suggestion the text was taken from
    seq: int = 0


@dataclass(frozen=True)
class Version:
    """The version of an entry as the review app last published it."""

    version: int
    author: str | None  # None: the text came from the PO file itself
    translation: str
    state: str


@dataclass(frozen=True)
class OutsideText:
    """A text found in a PO file that the review app did not write there.

    ``superseded``: an acknowledged save replaced it (both changed the entry); otherwise it
    became the entry's new ``version``.
    """

    entry: str
    msgid: str
    msgctxt: str | None
    version: int
    state: str
    before: str
    after: str
    superseded: bool = False


class Journal(Protocol):
    """What the review keeps besides the PO files: versions, the history of every change
    (the journal of saves) and comments."""

    def versions(self, doc: str, lang: str) -> dict[str, Version]:
        """The published version of every entry of a catalog that the journal knows."""

    def record_save(self, save: Save) -> Save:
        """Keep ``save`` durably (history and version); returns it with its ``seq``."""

    def record_saves(self, saves: list[Save]) -> list[Save]:
        """Keep ``saves`` durably in one transaction; returns them with their ``seq``."""

    def record_outside(self, doc: str, lang: str, versions: dict[str, Version],
                       texts: list[OutsideText]) -> None:
        """Publish ``versions`` and keep the outside ``texts`` in the history."""

    def unwritten_catalogs(self) -> list[tuple[str, str]]:
        """(doc, lang) of every catalog with saves not yet in its PO file."""

    def unwritten(self, doc: str, lang: str) -> list[Save]:
        """The saves of a catalog not yet in its PO file, oldest first."""

    def mark_written(self, doc: str, lang: str, seq: int, clashes: list[OutsideText],
                     digest: bytes) -> None:
        """The saves up to ``seq`` are in the PO file, whose bytes have the SHA-256
        ``digest`` now; ``clashes`` are the outside texts they replaced."""

    def written_with(self, doc: str, lang: str, digest: bytes) -> int | None:
        """The last save a PO file holds whose bytes have the SHA-256 ``digest``, when
        a write of saves made that very file; else None."""

    def unwrite_after(self, doc: str, lang: str, seq: int) -> list[Save]:
        """Mark the saves after ``seq`` as not yet written, on entries whose current
        version is a person's save; returns the catalog's unwritten saves, oldest first."""

    def changed_outside(self, doc: str, lang: str) -> set[str]:
        """The entries of a catalog whose text was ever changed in the PO file outside the
        app."""

    def history(self, doc: str, lang: str, entry: str) -> list[dict]:
        """Every change of an entry, newest first."""

    def comments(self, doc: str, lang: str, entry: str) -> list[dict]:
        """The comments on an entry, oldest first."""

    def add_comment(self, doc: str, lang: str, entry: str, user: str, at: str,
                    text: str) -> int:
        """Keep a comment; returns its id."""


_HISTORY_INSERT = (
    "INSERT INTO history (doc, lang, entry, msgctxt, msgid, version, user, at, state, before,"
    " after, intended, origin, flushed, superseded)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_VERSION_UPSERT = "INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)"


class SqliteJournal:
    """The :class:`Journal` in the review database of the instance folder."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def versions(self, doc: str, lang: str) -> dict[str, Version]:
        rows = self.db.query("SELECT entry, version, author, translation, state FROM versions"
                             " WHERE doc = ? AND lang = ?", (doc, lang))
        return {row["entry"]: Version(row["version"], row["author"], row["translation"],
                                      row["state"]) for row in rows}

    def record_save(self, save: Save) -> Save:
        return self.record_saves([save])[0]

    def record_saves(self, saves: list[Save]) -> list[Save]:
        kept = []
        with self.db.transaction() as conn:
            for save in saves:
                seq = conn.execute(_HISTORY_INSERT, (
                    save.doc, save.lang, save.entry, save.msgctxt, save.msgid, save.version,
                    save.user, save.at, save.state, save.before, save.after, save.intended,
                    save.origin, 0, 0,
                )).lastrowid
                kept.append(replace(save, seq=seq))
            conn.executemany(_VERSION_UPSERT, [
                (save.doc, save.lang, save.entry, save.version, save.user, save.after,
                 save.state) for save in saves])
        return kept

    def record_outside(self, doc: str, lang: str, versions: dict[str, Version],
                       texts: list[OutsideText]) -> None:
        if not versions and not texts:
            return
        with self.db.transaction() as conn:
            conn.executemany(_VERSION_UPSERT, [
                (doc, lang, eid, v.version, v.author, v.translation, v.state)
                for eid, v in versions.items()])
            self._insert_outside(conn, doc, lang, texts)

    @staticmethod
    def _insert_outside(conn: sqlite3.Connection, doc: str, lang: str,
                        texts: list[OutsideText]) -> None:
        at = now()
        conn.executemany(_HISTORY_INSERT, [
            (doc, lang, t.entry, t.msgctxt, t.msgid, t.version, None, at, t.state, t.before,
             t.after, None, None, 1, int(t.superseded)) for t in texts])

    def unwritten_catalogs(self) -> list[tuple[str, str]]:
        rows = self.db.query("SELECT DISTINCT doc, lang FROM history WHERE flushed = 0"
                             " AND user IS NOT NULL ORDER BY doc, lang")
        return [(row["doc"], row["lang"]) for row in rows]

    def unwritten(self, doc: str, lang: str) -> list[Save]:
        rows = self.db.query(
            "SELECT seq, doc, lang, entry, msgid, msgctxt, version, user, at, state, before,"
            " after, intended, origin FROM history WHERE doc = ? AND lang = ? AND flushed = 0"
            " AND user IS NOT NULL ORDER BY seq", (doc, lang))
        return [Save(**dict(row)) for row in rows]

    def mark_written(self, doc: str, lang: str, seq: int, clashes: list[OutsideText],
                     digest: bytes) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE history SET flushed = 1 WHERE doc = ? AND lang = ?"
                         " AND flushed = 0 AND seq <= ?", (doc, lang, seq))
            self._insert_outside(conn, doc, lang, clashes)
            conn.execute("INSERT OR REPLACE INTO written VALUES (?, ?, ?, ?)",
                         (doc, lang, digest, seq))
            conn.execute("DELETE FROM written WHERE doc = ? AND lang = ? AND seq <"
                         " (SELECT seq FROM written WHERE doc = ? AND lang = ?"
                         "  ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                         (doc, lang, doc, lang, WRITTEN_KEPT - 1))

    def written_with(self, doc: str, lang: str, digest: bytes) -> int | None:
        rows = self.db.query("SELECT seq FROM written WHERE doc = ? AND lang = ? AND"
                             " digest = ?", (doc, lang, digest))
        return rows[0]["seq"] if rows else None

    def unwrite_after(self, doc: str, lang: str, seq: int) -> list[Save]:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE history SET flushed = 0 WHERE doc = ? AND lang = ? AND seq > ?"
                " AND user IS NOT NULL AND entry IN (SELECT entry FROM versions WHERE"
                " doc = ? AND lang = ? AND author IS NOT NULL)", (doc, lang, seq, doc, lang))
        return self.unwritten(doc, lang)

    def changed_outside(self, doc: str, lang: str) -> set[str]:
        rows = self.db.query("SELECT DISTINCT entry FROM history WHERE doc = ? AND lang = ?"
                             " AND user IS NULL AND before != after", (doc, lang))
        return {row["entry"] for row in rows}

    def history(self, doc: str, lang: str, entry: str) -> list[dict]:
        rows = self.db.query(
            "SELECT version, user, at, state, before, after, intended, origin, superseded"
            " FROM history"
            " WHERE doc = ? AND lang = ? AND entry = ? ORDER BY seq DESC", (doc, lang, entry))
        return [{**dict(row), "superseded": bool(row["superseded"])} for row in rows]

    def comments(self, doc: str, lang: str, entry: str) -> list[dict]:
        rows = self.db.query(
            "SELECT id, user, at, text FROM comments WHERE doc = ? AND lang = ? AND entry = ?"
            " ORDER BY id", (doc, lang, entry))
        return [dict(row) for row in rows]

    def add_comment(self, doc: str, lang: str, entry: str, user: str, at: str,
                    text: str) -> int:
        with self.db.transaction() as conn:
            return conn.execute(
                "INSERT INTO comments (doc, lang, entry, user, at, text) VALUES (?, ?, ?, ?, ?, ?)",
                (doc, lang, entry, user, at, text)).lastrowid


def now() -> str:
    """The journal's timestamp for this moment (UTC, ISO 8601, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
