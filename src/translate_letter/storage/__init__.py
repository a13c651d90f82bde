"""The review database: where it is, one schema for every table, migrations, and the few
statements each database spells its own way.

It imports nothing of the project but :mod:`..errors` and :mod:`..config`; the review, the
accounts, publishing and the machine translation cache keep their rows through it.

- :func:`configured` / :func:`locate` / :class:`Location`: where a project's database is
  (``review.sqlite3`` in the instance folder by default, or the URL of the ``database``
  setting or ``TRANSLATE_LETTER_DATABASE``: SQLite or PostgreSQL), and whether there is one
  yet;
- :func:`open_database`: a :class:`Database` brought up to this release's schema;
- :class:`Database`: ``transaction()`` (a write transaction, joined by any opened inside it in
  the same thread), ``reading()``, ``query()``, ``first()``; a write that cannot be done now
  is a :class:`DatabaseUnavailable`;
- :mod:`.schema`: the tables (SQLAlchemy Core), written with Core statements that run as
  they are on every database;
- :func:`upsert`, :func:`insert_ignore`: ``INSERT … ON CONFLICT`` for the database at hand;
- :mod:`.migrate`: the revision a database is at, and ``upgrade()``.

To change the schema: change :mod:`.schema` and add the next numbered revision to
``migrations/versions`` (Alembic's ``op`` operations); ``tests/storage`` checks that the
migrations make what the schema says and adopt a database of every earlier release.

Importing this package is cheap; SQLAlchemy is imported with the first name that needs it.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from .location import DATABASE_FILE, INSTANCE_DIR, Location, configured, instance_path, locate

if TYPE_CHECKING:
    from . import schema
    from .database import Database, DatabaseUnavailable
    from .sql import insert_ignore, upsert

__all__ = ["DATABASE_FILE", "INSTANCE_DIR", "Database", "DatabaseUnavailable", "Location",
           "configured", "insert_ignore", "instance_path", "locate", "open_database", "schema",
           "upsert"]

_LAZY = {"Database": ".database", "DatabaseUnavailable": ".database", "schema": ".schema",
         "upsert": ".sql", "insert_ignore": ".sql"}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(_LAZY[name], __name__)
    return module if name == "schema" else getattr(module, name)


def open_database(where: Location | Path) -> Database:
    """The database at ``where`` (a :class:`Location`, or an instance folder), created on
    first use and migrated to this release's schema."""
    from .database import Database
    from .migrate import upgrade

    db = Database(where if isinstance(where, Location) else locate(where))
    try:
        upgrade(db)
    except BaseException:
        db.close()
        raise
    return db
