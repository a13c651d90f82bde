"""The review app's SQLite database: accounts, entry versions, history (the save journal)
and comments, kept in the instance folder.

Every save is one transaction in write-ahead-log mode with ``synchronous=FULL``: once it
commits, it survives a crash of the process or the machine.  The ``history`` table doubles
as the journal of saves: rows with ``flushed = 0`` have not reached the PO file yet and are
replayed into it when the app starts.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UserError

DATABASE_FILE = "review.sqlite3"
INSTANCE_DIR = "instance"

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
    origin TEXT                  -- not NULL: the suggestion the text was taken from
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
"""


class Database:
    """One SQLite connection shared by the app's threads; statements run under one lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
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
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self.lock:
            self._conn.close()


# Columns added since the first release: (table, column, declaration).
_ADDED_COLUMNS = (("history", "origin", "TEXT"),)


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
