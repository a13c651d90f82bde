"""The machine translation cache moves into the review database.

It was a file of its own, ``mt-cache.sqlite3``, always in the project's ``instance/``
folder.  Its answers are taken over from the file beside an SQLite review database, when
there is one; the file is left where it is, and nothing reads it any more.

Revision ID: 0002
Revises: 0001
"""

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LEGACY_FILE = "mt-cache.sqlite3"


def upgrade() -> None:
    cache = op.create_table(
        "mt_cache",
        sa.Column("engine", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("target", sa.Text, primary_key=True),
        sa.Column("digest", sa.LargeBinary, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("translation", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    database = op.get_bind().engine.url.database
    if op.get_bind().dialect.name == "sqlite" and database:
        rows = _legacy_rows(Path(database).parent / LEGACY_FILE)
        if rows:
            op.bulk_insert(cache, rows)


def _legacy_rows(path: Path) -> list[dict]:
    """The answers kept in the cache file of earlier releases (none when it is missing or
    unreadable: a cache is worth no refusal to start)."""
    if not path.is_file():
        return []
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as legacy:
            found = legacy.execute("SELECT engine, source, target, text, translation, created"
                                   " FROM translation").fetchall()
    except sqlite3.Error:
        return []
    return [{"engine": engine, "source": source, "target": target,
             "digest": hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest(),
             "text": text, "translation": translation, "created": created}
            for engine, source, target, text, translation, created in found]


def downgrade() -> None:
    op.drop_table("mt_cache")
