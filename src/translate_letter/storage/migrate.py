"""Which revision of the schema a database is at, and bringing it to this release's.

The migrations are Alembic revisions shipped in ``migrations/versions`` (``0001_….py``,
``0002_….py``, … one line of descent) and run here, in the program, never by hand: opening a
database brings it up to date, and ``translate-letter db upgrade`` does it and says so.  A
database made before migrations existed has no revision; the first one adopts it as it is.
An empty database is made at once as the schema says (what every migration in turn would
make, as a test checks), without Alembic's import.

Migrations run in one write transaction, after the database's write lock (SQLite's) or an
advisory lock (PostgreSQL's), so that processes starting together migrate once.  A database
at a revision this release does not know was made by a newer one and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, inspect, text

from ..core.errors import UserError
from .database import Database
from .schema import metadata

MIGRATIONS = Path(__file__).with_name("migrations")
# Revision ids are the numbers that start the file names; a test checks Alembic agrees.
REVISIONS = tuple(sorted(path.name.split("_", 1)[0]
                         for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py")))
HEAD = REVISIONS[-1]
VERSION_TABLE = "alembic_version"
# PostgreSQL advisory lock key held while migrating ("tl-migr" in ASCII).
_MIGRATION_LOCK = 0x746C2D6D696772


class NewerDatabase(UserError):
    """The database was made by a newer release of translate-letter."""


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade` found and did: the revision before (None: none, an empty
    database or one made before migrations), the one now, and whether the schema was made
    from nothing."""

    before: str | None
    after: str
    created: bool = False

    def describe(self) -> str:
        if self.created:
            return f"made at revision {self.after}"
        if self.before == self.after:
            return f"at revision {self.after}, up to date"
        made = "as made before migrations" if self.before is None else \
            f"from revision {self.before}"
        return f"upgraded {made} to revision {self.after}"


def revision(db: Database) -> str | None:
    """The revision ``db`` is at; None for an empty database or one made before
    migrations."""
    with db.reading() as conn:
        return _revision(conn)


def upgrade(db: Database) -> Upgrade:
    """Bring ``db`` to this release's revision."""
    before = revision(db)
    if before == HEAD:
        return Upgrade(before, HEAD)
    _known(db, before)
    with db.transaction() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        before = _revision(conn)  # again: another process may have migrated meanwhile
        if before is None and not inspect(conn).get_table_names():
            _create(conn)
            return Upgrade(None, HEAD, created=True)
        if before != HEAD:
            _known(db, before)
            _run_alembic(conn)
    return Upgrade(before, HEAD)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _create(conn: Connection) -> None:
    """An empty database gets the schema as it is and this release's revision at once (as
    running every migration would leave it: a test compares the two)."""
    metadata.create_all(conn)
    conn.execute(text(f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL,"
                      f" CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"))
    conn.execute(text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:head)"),
                 {"head": HEAD})


def _known(db: Database, found: str | None) -> None:
    if found is not None and found not in REVISIONS:
        raise NewerDatabase(f"{db.location}: the review database is at revision {found}, "
                            f"made by a newer translate-letter (this one knows up to {HEAD}); "
                            "upgrade translate-letter")


def _run_alembic(conn: Connection) -> None:
    # Imported here: Alembic is needed only when there is something to migrate.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
