"""The review database: an SQLAlchemy engine, write transactions and reads.

SQLite (the default) runs in write-ahead-log mode with ``synchronous=FULL``: a transaction
that commits survives a crash of the process or the machine.  A write transaction starts
with ``BEGIN IMMEDIATE``, so it holds SQLite's write lock from its first statement and two
writers never deadlock; the threads of one process take turns for it on a lock of their own,
and other processes (the CLI beside the app) wait for it up to :data:`BUSY_SECONDS`.  Reads
run beside writes, each on a connection of its own.

PostgreSQL keeps the same rule: a write transaction first takes a transaction-level advisory
lock, so writers of every process take turns as they do on SQLite, and reads run beside them.

A transaction is per thread: code that runs inside one and opens another (an audit event
recorded inside the change it describes) joins it, and a read inside it sees its writes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.sql import Executable

from ..core.errors import N_, UserError
from .location import Location

BUSY_SECONDS = 10.0
_WRITE = "translate_letter_write"
# PostgreSQL advisory lock key every write transaction holds ("tl-writ" in ASCII).
WRITE_LOCK = 0x746C2D77726974


class DatabaseUnavailable(UserError):
    """The database cannot be written or read now (a full disk, a read-only folder, another
    writer holding it too long); trying again later may work."""


class Database:
    """One review database, shared by the threads of a process."""

    def __init__(self, location: Location) -> None:
        self.location = location
        try:
            if location.path is not None:
                _create_owner_only(location.path)
            self.engine = _engine(location)
            with self.engine.connect() as conn:  # fail here, with the path, not later
                conn.exec_driver_sql("SELECT 1")
        except (SQLAlchemyError, OSError) as exc:
            raise UserError(f"{location}: cannot open the review database "
                            f"({_reason(exc)})") from None
        self.dialect = self.engine.dialect.name
        # One writer at a time: the threads of this process queue here rather than in the
        # database's own wait, each without a connection held.
        self._writer = threading.Lock()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed (and synced) on leaving, rolled back on error.
        Inside another transaction of this thread, it is that one."""
        joined = getattr(self._local, "connection", None)
        if joined is not None:
            yield joined
            return
        try:
            with self._writer, self.engine.connect() as conn:
                conn.execution_options(**{_WRITE: True})
                with conn.begin():
                    self._local.connection = conn
                    try:
                        yield conn
                    finally:
                        self._local.connection = None
        except OperationalError as exc:  # a full disk, a read-only folder, …
            raise DatabaseUnavailable(N_("nothing was saved: the review database cannot be "
                                         "written (%(reason)s); try again"),
                                      reason=_reason(exc)) from None

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Held by one process at a time among all that use this database: on PostgreSQL a
        transaction-level advisory lock on ``name``, held on a connection of its own until
        the block ends (whatever ends it, the server releases it with the transaction); on
        SQLite, whose file serves the processes of one host, nothing."""
        if self.dialect != "postgresql":
            yield
            return
        key = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big",
                             signed=True)
        try:
            with self.engine.connect() as conn, conn.begin():
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
                yield
        except OperationalError as exc:
            raise DatabaseUnavailable(N_("the review database cannot be read (%(reason)s); "
                                         "try again"), reason=_reason(exc)) from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for several reads that see one state of the database (the
        transaction's own, inside one)."""
        joined = getattr(self._local, "connection", None)
        if joined is not None:
            yield joined
            return
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except OperationalError as exc:
            raise DatabaseUnavailable(N_("the review database cannot be read (%(reason)s); "
                                         "try again"), reason=_reason(exc)) from None

    def query(self, statement: Executable | str,
              params: Mapping[str, Any] | None = None) -> list[RowMapping]:
        """The rows of one statement (SQL text takes ``:name`` parameters)."""
        if isinstance(statement, str):
            statement = text(statement)
        with self.reading() as conn:
            return list(conn.execute(statement, params or {}).mappings())

    def first(self, statement: Executable | str,
              params: Mapping[str, Any] | None = None) -> RowMapping | None:
        """The first row of one statement, or None."""
        rows = self.query(statement, params)
        return rows[0] if rows else None

    def close(self) -> None:
        """Close every connection of this process."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.location})"


def _engine(location: Location) -> Engine:
    if location.path is None:
        engine = create_engine(location.url, pool_pre_ping=True, pool_size=4, max_overflow=20,
                               connect_args={"connect_timeout": int(BUSY_SECONDS)})
        event.listen(engine, "begin", _postgresql_begin)
        return engine
    engine = create_engine(location.url, pool_size=4, max_overflow=60,
                           connect_args={"timeout": BUSY_SECONDS, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, record: object) -> None:
    # The driver's own transaction handling off: ``_sqlite_begin`` says when one begins.
    dbapi_connection.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   f"busy_timeout={int(BUSY_SECONDS * 1000)}"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE)
                         else "BEGIN")


def _postgresql_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def _create_owner_only(path: os.PathLike) -> None:
    """The database file, readable by its owner only: it holds password hashes.  SQLite
    gives its -wal and -shm files the mode of the database file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)


def _reason(exc: BaseException) -> str:
    """What went wrong, in the driver's words."""
    original = getattr(exc, "orig", None)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    # One line, whatever the driver says (psycopg adds hints on lines of their own).
    return " ".join(str(original if original is not None else exc).split())
