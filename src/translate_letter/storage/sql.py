"""The statements that each database spells its own way, built for the connection at hand.

Everything else is written with SQLAlchemy Core over :mod:`.schema` and runs as it is on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}

Assignments = Mapping[str, Any] | Callable[[Any], Mapping[str, Any]]


def _insert(conn: Connection, table: Table) -> Insert:
    try:
        return _INSERTS[conn.dialect.name](table)
    except KeyError:
        raise NotImplementedError(f"no upsert for {conn.dialect.name}") from None


def _key(table: Table, key: Sequence[str] | None) -> list[str]:
    return list(key) if key is not None else [c.name for c in table.primary_key.columns]


def upsert(conn: Connection, table: Table, set_: Assignments | None = None, *,
           key: Sequence[str] | None = None, key_where: ColumnElement[bool] | None = None,
           where: Callable[[Any], ColumnElement[bool]] | None = None) -> Insert:
    """``INSERT … ON CONFLICT (key) DO UPDATE``: a row whose ``key`` (default: the primary
    key) is taken gets ``set_`` instead — a mapping of column to value, or a function of the
    row that was to be inserted (``excluded``) that returns one; by default every other
    column from that row.  ``key_where`` names a partial unique index's condition; ``where``
    (a function of ``excluded``) limits the update to the rows it holds for."""
    statement = _insert(conn, table)
    columns = _key(table, key)
    excluded = statement.excluded
    if set_ is None:
        assignments = {c.name: excluded[c.name] for c in table.columns if c.name not in columns}
    else:
        assignments = set_(excluded) if callable(set_) else set_
    return statement.on_conflict_do_update(index_elements=columns, index_where=key_where,
                                           set_=assignments,
                                           where=None if where is None else where(excluded))


def insert_ignore(conn: Connection, table: Table, *,
                  key: Sequence[str] | None = None) -> Insert:
    """``INSERT … ON CONFLICT (key) DO NOTHING``: rows whose key is taken are left out."""
    return _insert(conn, table).on_conflict_do_nothing(index_elements=_key(table, key))
