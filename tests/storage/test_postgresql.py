"""The review database on PostgreSQL: the ``database`` setting and
``TRANSLATE_LETTER_DATABASE``, the schema and its migrations there, ``db upgrade``, and the
one-line refusal of a wrong URL or a server that does not answer."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from sqlalchemy import inspect, text

from translate_letter.storage import Location, open_database
from translate_letter.storage.database import Database
from translate_letter.storage.location import DATABASE_ENV
from translate_letter.storage.migrate import HEAD, revision, upgrade
from translate_letter.storage.schema import metadata

from .test_migrations import differences

pytestmark = pytest.mark.databases("postgresql")


def test_the_migrations_make_what_the_schema_says_on_postgresql(postgres_cluster):
    at_once_url, stepwise_url = postgres_cluster.new_database(), postgres_cluster.new_database()
    at_once = open_database(Location.parse(at_once_url))
    stepwise = Database(Location.parse(stepwise_url))
    try:
        with stepwise.transaction() as conn:  # not empty: the migrations run one by one
            conn.execute(text("CREATE TABLE placeholder (x INTEGER)"))
        upgrade(stepwise)
        with stepwise.transaction() as conn:
            conn.execute(text("DROP TABLE placeholder"))
        assert at_once.dialect == stepwise.dialect == "postgresql"
        assert differences(at_once) == []
        assert differences(stepwise) == []
        assert revision(at_once) == revision(stepwise) == HEAD
    finally:
        at_once.close()
        stepwise.close()
        postgres_cluster.drop(at_once_url)
        postgres_cluster.drop(stepwise_url)


def test_db_upgrade_makes_every_table_in_the_configured_database(project, database):
    shown = database.replace("postgresql://", "postgresql+psycopg://")
    made = project.ok("db", "upgrade")
    assert made.output == f"review database {shown}: made at revision {HEAD}\n"
    assert project.ok("db", "upgrade").output.endswith(f": at revision {HEAD}, up to date\n")
    db = project.database()
    with db.reading() as conn:
        assert set(inspect(conn).get_table_names()) == set(metadata.tables) | {
            "alembic_version"}
    db.close()
    assert not (project.root / "instance" / "review.sqlite3").exists()


def test_the_setting_names_the_database_and_the_environment_wins(catalogs, database,
                                                                 monkeypatch):
    monkeypatch.delenv(DATABASE_ENV)
    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f'database = "{database}"\n')
    catalogs.ok("user", "add", "maya", "--role", "maintainer", input="a long password 1\n" * 2)
    assert "maya" in catalogs.ok("user", "list").output
    assert not (catalogs.root / "instance" / "review.sqlite3").exists()

    monkeypatch.setenv(DATABASE_ENV, "sqlite:///elsewhere.sqlite3")
    assert "maya" not in catalogs.ok("user", "list").output
    assert (catalogs.root / "elsewhere.sqlite3").is_file()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("url, says", [
    ("mysql://someone@127.0.0.1/reviews", "mysql://someone@127.0.0.1/reviews: not a database "
     "URL translate-letter can use (sqlite:///PATH or postgresql://USER@HOST:PORT/NAME)"),
    ("postgresql://someone:secret@127.0.0.1:{port}/reviews", "cannot open the review database"),
    ("postgresql://translate_letter@127.0.0.1:{pg}/no_such_database", "no_such_database"),
])
def test_a_wrong_url_or_a_server_that_does_not_answer_is_one_line(catalogs, database, url,
                                                                  says, monkeypatch):
    port = database.rsplit(":", 1)[1].split("/")[0]
    monkeypatch.setenv(DATABASE_ENV, url.format(port=closed_port(), pg=port))
    for command in (("db", "upgrade"), ("user", "list")):
        result = catalogs.run(*command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("translate-letter: error: ")
        assert says in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert "secret" not in result.stderr
    assert not (catalogs.root / "instance" / "review.sqlite3").exists()


def test_one_holder_of_an_exclusive_lock_at_a_time_across_connections(postgres_cluster):
    """The PO files' writer is chosen by a database lock: two processes' writers (here two
    Database objects, each its own pool of connections) take turns, and the lock goes with
    the block that held it, even when it ends in an error."""
    url = postgres_cluster.new_database()
    first, second = Database(Location.parse(url)), Database(Location.parse(url))
    order: list[str] = []
    inside = threading.Event()
    try:
        def hold() -> None:
            with first.exclusive("writer"):
                order.append("first in")
                inside.set()
                time.sleep(0.5)
                order.append("first out")

        holder = threading.Thread(target=hold)
        holder.start()
        assert inside.wait(10)
        with second.exclusive("writer"):
            order.append("second in")
        holder.join()
        assert order == ["first in", "first out", "second in"]
        with pytest.raises(RuntimeError), second.exclusive("writer"):
            raise RuntimeError("a write that failed")
        with first.exclusive("writer"):  # released all the same
            order.append("again")
        assert order[-1] == "again"
    finally:
        first.close()
        second.close()
        postgres_cluster.drop(url)
