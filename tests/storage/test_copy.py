"""``translate-letter db copy --to URL``: a project's SQLite database into PostgreSQL and back
with every row of every table kept, and the copy usable; a target holding rows is refused."""

from __future__ import annotations

import shutil

import pyotp
import pytest
from sqlalchemy import insert, select

from translate_letter.accounts import authenticate
from translate_letter.accounts.schema import open_accounts
from translate_letter.accounts.twofactor import verify_code
from translate_letter.review.sql_journal import SqlJournal
from translate_letter.storage import Database, Location, open_database
from translate_letter.storage.location import DATABASE_ENV
from translate_letter.storage.schema import metadata, public_state

from .test_migrations import PASSWORD, made_before  # noqa: F401 - the fixture

pytestmark = pytest.mark.databases("postgresql")


def every_row(db: Database) -> dict[str, list[tuple]]:
    with db.reading() as conn:
        return {table.name: sorted((tuple(row) for row in conn.execute(select(table))),
                                   key=repr) for table in metadata.sorted_tables}


@pytest.fixture
def populated(catalogs, made_before, monkeypatch):  # noqa: F811
    """The project's own SQLite database, holding rows in every table: a release's
    accounts with two-factor secrets and recovery codes, sessions, history and comments,
    publishing decisions, the audit trail and the machine translation cache."""
    monkeypatch.delenv(DATABASE_ENV)
    shutil.move(made_before, catalogs.root / "instance")
    db = open_database(catalogs.root / "instance")
    with db.transaction() as conn:
        conn.execute(insert(public_state), {"doc": "letter", "lang": "fr", "published": False,
                                            "text_sha256": None, "at": "2026-12-01T09:00:00Z"})
    rows = every_row(db)
    db.close()
    assert all(rows.values()), [name for name, held in rows.items() if not held]
    return rows


def test_a_copy_to_postgresql_and_back_keeps_every_row(catalogs, populated, database,
                                                       monkeypatch):
    there = catalogs.ok("db", "copy", "--to", database)
    shown = database.replace("postgresql://", "postgresql+psycopg://")
    total = sum(len(rows) for rows in populated.values())
    assert there.output.splitlines()[-1] == (
        f"copied {total} rows from {catalogs.root / 'instance' / 'review.sqlite3'} to {shown}")
    assert f"history {len(populated['history']):>8}".replace(" ", "") in \
        there.output.replace(" ", "")

    monkeypatch.setenv(DATABASE_ENV, database)  # the project now works on PostgreSQL
    back = catalogs.root / "back.sqlite3"
    catalogs.ok("db", "copy", "--to", f"sqlite:///{back}")

    on_postgresql = open_accounts(Location.parse(database))
    returned = open_database(Location.sqlite(back))
    try:
        assert every_row(on_postgresql) == populated
        assert every_row(returned) == populated

        # The copy is the project's database: its people sign in, with their second factor.
        assert authenticate(on_postgresql, "farid", PASSWORD).grants == {"fa": "translator"}
        secret = (catalogs.root / "instance" / "roya-totp-secret").read_text()
        assert verify_code(on_postgresql, "roya", pyotp.TOTP(secret).now()) == "totp"
        # New rows are numbered after the copied ones.
        journal = SqlJournal(on_postgresql)
        comment = journal.add_comment("letter", "fa", "e0", "farid", "now", "after the copy")
        assert comment == max(row[0] for row in populated["comments"]) + 1
    finally:
        on_postgresql.close()
        returned.close()


def test_a_target_that_holds_rows_is_refused_and_left_as_it_was(catalogs, populated,
                                                                database):
    catalogs.ok("db", "copy", "--to", database)
    target = open_database(Location.parse(database))
    before = every_row(target)

    again = catalogs.run("db", "copy", "--to", database)
    assert again.exit_code == 2
    assert again.stderr.count("\n") == 1 and "is not empty" in again.stderr, again.stderr
    same = catalogs.run("db", "copy", "--to",
                        f"sqlite:///{catalogs.root / 'instance' / 'review.sqlite3'}")
    assert same.exit_code == 2 and "that is the database being copied" in same.stderr
    wrong = catalogs.run("db", "copy", "--to", "mongodb://127.0.0.1/reviews")
    assert wrong.exit_code == 2 and "not a database URL" in wrong.stderr
    assert every_row(target) == before
    target.close()
