"""Copying a review database into another, empty one: SQLite into PostgreSQL when a project
outgrows one machine, or back.

Every table of the schema is copied row by row, ids included (history, comments, the audit
trail keep their numbers), in one write transaction of the target that holds its write lock
the whole time, so the copy is all there or not there at all.  The source is read in one
transaction too: what is copied is one state of it, even while the app runs beside.  The
target is brought to this release's schema first and must hold no row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Integer, func, insert, select, text

from ..core.errors import UserError
from . import open_database
from .database import Database
from .location import Location
from .schema import metadata

BATCH = 1000  # rows per INSERT


class TargetNotEmpty(UserError):
    """The database to copy into already holds rows."""


@dataclass(frozen=True)
class Copied:
    """What :func:`copy_database` copied: the number of rows of every table, in the order
    they were copied."""

    source: Location
    target: Location
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_database(source: Database, to: Location) -> Copied:
    """Copy every row of ``source`` into the empty database at ``to``."""
    if to.url == source.location.url:
        raise UserError(f"{to}: that is the database being copied; name another one")
    target = open_database(to)
    try:
        with source.reading() as reading, target.transaction() as writing:
            _refuse_rows(writing, to)
            rows = {table.name: _copy_table(reading, writing, table)
                    for table in metadata.sorted_tables}
            _continue_numbering(writing)
    finally:
        target.close()
    return Copied(source.location, to, rows)


def _refuse_rows(conn: Connection, where: Location) -> None:
    held = {table.name: n for table in metadata.sorted_tables
            if (n := conn.execute(select(func.count()).select_from(table)).scalar_one())}
    if held:
        listed = ", ".join(f"{n} in {name}" for name, n in held.items())
        raise TargetNotEmpty(f"{where}: the database to copy into is not empty ({listed} "
                             "rows); copy into an empty database")


def _copy_table(reading: Connection, writing: Connection, table) -> int:
    count = 0
    result = reading.execute(select(table).order_by(*table.primary_key.columns))
    while batch := result.mappings().fetchmany(BATCH):
        writing.execute(insert(table), [dict(row) for row in batch])
        count += len(batch)
    return count


def _continue_numbering(conn: Connection) -> None:
    """PostgreSQL numbers new rows from a sequence, which rows given their ids leave where
    it was: it continues after the highest id copied.  (SQLite continues after the highest
    on its own.)"""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                          f"COALESCE((SELECT MAX({key[0].name}) FROM {table.name}), 0) + 1, "
                          "false)"), {"table": table.name, "column": key[0].name})
