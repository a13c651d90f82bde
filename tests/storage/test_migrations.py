"""The review database's schema and migrations: the migrations make what the schema says, a
database made by the releases before migrations is adopted without losing a row, and
``translate-letter db upgrade`` says which revision a database is at."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pyotp
import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from translate_letter.accounts import authenticate, load_account, throttle
from translate_letter.accounts.audit import events
from translate_letter.accounts.preferences import interface_language
from translate_letter.accounts.schema import open_accounts
from translate_letter.accounts.signin import pending_name
from translate_letter.accounts.twofactor import verify_code
from translate_letter.core.errors import UserError
from translate_letter.machine.cache import TranslationCache
from translate_letter.review.publishing import saved_decisions
from translate_letter.review.sql_journal import SqlJournal
from translate_letter.storage import Database, locate, open_database
from translate_letter.storage.migrate import HEAD, MIGRATIONS, REVISIONS, revision, upgrade
from translate_letter.storage.schema import metadata

MADE_BEFORE = Path(__file__).with_name("databases") / "d28f685"  # see databases/make.py
PASSWORD = "correct horse battery"


def rows_of(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of an SQLite file, read with the standard library."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                for table in tables}


def columns_of(path: Path, table: str) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


@pytest.fixture
def made_before(tmp_path: Path) -> Path:
    """An instance folder holding the databases of the release before migrations."""
    instance = tmp_path / "instance"
    shutil.copytree(MADE_BEFORE, instance)
    return instance


def migrated_step_by_step(path: Path) -> Database:
    """A database made from nothing by running every migration (not the shortcut that
    makes an empty database from the schema at once)."""
    db = Database(locate(path))
    with db.transaction() as conn:
        conn.execute(text("CREATE TABLE placeholder (x INTEGER)"))  # not empty: migrations run
    upgrade(db)
    with db.transaction() as conn:
        conn.execute(text("DROP TABLE placeholder"))
    return db


def differences(db: Database) -> list:
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_the_migrations_make_what_the_schema_says(tmp_path):
    stepwise = migrated_step_by_step(tmp_path / "stepwise")
    at_once = open_database(tmp_path / "at-once")
    try:
        assert differences(stepwise) == []
        assert differences(at_once) == []
        assert revision(stepwise) == revision(at_once) == HEAD
    finally:
        stepwise.close()
        at_once.close()


def test_the_revisions_are_alembics_one_line_of_descent():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [HEAD]
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(REVISIONS)


def test_a_database_made_before_migrations_is_adopted_without_losing_a_row(made_before):
    database = made_before / "review.sqlite3"
    before = rows_of(database)
    assert before["history"] and before["audit"] and before["recovery_codes"]

    db = open_accounts(made_before)
    try:
        after = rows_of(database)
        for table, rows in before.items():  # columns added since come last, empty
            width = len(columns_of(MADE_BEFORE / "review.sqlite3", table))
            assert [row[:width] for row in after[table]] == rows, table
            assert {row[width:] for row in after[table]} <= {(), (None,)}, table
        assert columns_of(database, "history")[:16] == columns_of(
            MADE_BEFORE / "review.sqlite3", "history")
        assert after["alembic_version"] == [(HEAD,)]

        # And the rows mean what they meant.
        assert authenticate(db, "farid", PASSWORD).grants == {"fa": "translator"}
        roya = load_account(db, "roya")
        assert roya.two_factor and roya.must_change_password
        assert roya.grants == {"fa": "reviewer", "ar": "reviewer"}
        secret = (made_before / "roya-totp-secret").read_text()
        code = pyotp.TOTP(secret).now()
        assert verify_code(db, "roya", code) == "totp"  # the secret is the one enrolled
        assert verify_code(db, "roya", code) is None  # and a code is still spent by use
        assert interface_language(db, "farid") == "fa"
        assert pending_name(db, "no such token") is None
        assert throttle.client(db, "farid", "203.0.113.5").good_address
        assert sum(e["count"] for e in events(db) if e["event"] == "signin-failed") == 4
        journal = SqlJournal(db)
        assert [s.after for s in journal.unwritten("letter", "fa")] == ["جمله 2."]
        assert journal.history("letter", "fa", "e1")[0]["origin"] == "memory"
        assert journal.changed_outside("letter", "fa") == {"e9"}
        assert journal.written_with("letter", "fa", b"\x01" * 32) is not None
        assert journal.comments("letter", "fa", "e0")[0]["text"] == "«جمله» با گیومه"
        assert saved_decisions(db.location)[("letter", "fr")].published is False

        # The machine translation cache of the old file is in the database now.
        cache = TranslationCache(db)
        assert cache.get("libretranslate", "en", "fa", "The Council met.") == \
            "شورا تشکیل جلسه داد."
        assert cache.get("libretranslate", "en", "fa", "A" * 3000) == "B" * 3000
    finally:
        db.close()


def test_an_adopted_database_differs_from_a_new_one_in_declarations_only(made_before):
    """What SQLite keeps of the old declarations differs in words, not in effect: REAL and
    INTEGER where the schema says Float and Boolean (the same values stored), a text primary
    key that SQLite reports as nullable, and foreign keys whose ON DELETE CASCADE it does not
    report (PRAGMA foreign_key_list has it)."""
    db = open_database(made_before)
    try:
        found = [d for diff in differences(db) for d in (diff if isinstance(diff, list)
                                                           else [diff])]
        kinds = {d[0] for d in found}
        assert kinds <= {"modify_type", "modify_nullable", "remove_fk", "add_fk"}, found
        for change in (d for d in found if d[0] == "modify_type"):
            was, now = str(change[5]), str(change[6])
            assert (was, now) in {("REAL", "FLOAT"), ("INTEGER", "BOOLEAN")}, change
        for change in (d for d in found if d[0] == "modify_nullable"):
            assert metadata.tables[change[2]].c[change[3]].primary_key, change
        with closing(sqlite3.connect(made_before / "review.sqlite3")) as conn:
            for table in {d[1].table.name for d in found if d[0].endswith("_fk")}:
                assert [(row[2], row[6]) for row in conn.execute(
                    f"PRAGMA foreign_key_list({table})")] == [("accounts", "CASCADE")], table
        journal = SqlJournal(db)
        assert journal.add_comment("letter", "fa", "e0", "farid", "now", "another") == 2
    finally:
        db.close()


def test_db_upgrade_says_where_a_database_is_and_is_then_up_to_date(catalogs, made_before):
    shutil.move(made_before, catalogs.root / "instance")
    first = catalogs.ok("db", "upgrade")
    assert first.output == (f"review database {catalogs.root / 'instance' / 'review.sqlite3'}"
                            f": upgraded as made before migrations to revision {HEAD}\n")
    again = catalogs.ok("db", "upgrade")
    assert again.output.endswith(f": at revision {HEAD}, up to date\n")
    elsewhere = catalogs.root / "elsewhere"
    made = catalogs.ok("db", "upgrade", "--instance", str(elsewhere))
    assert made.output.endswith(f": made at revision {HEAD}\n")
    assert revision(Database(locate(elsewhere))) == HEAD


def test_a_database_of_a_newer_release_is_refused_in_one_line(catalogs):
    db = open_database(catalogs.root / "instance")
    with db.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    result = catalogs.run("user", "list")
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate-letter: error: {catalogs.root / 'instance' / 'review.sqlite3'}: the review "
        f"database is at revision 9999, made by a newer translate-letter (this one knows up "
        f"to {HEAD}); upgrade translate-letter\n")
    with pytest.raises(UserError, match="newer translate-letter"):
        open_database(catalogs.root / "instance")
