"""The on-disk cache of machine translations: engine, language pair and text → translation."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..errors import UserError
from ..review.journal import instance_path

CACHE_FILE = "mt-cache.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translation (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, text)
)
"""


def cache_path(root: Path) -> Path:
    """The cache beside the review database, in the project's instance folder."""
    return instance_path(root) / CACHE_FILE


class TranslationCache:
    """A SQLite file, created at the first answer worth keeping; used from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        if path.exists():
            self._open()

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                db = sqlite3.connect(self.path)
                # Each answer is committed as it arrives; WAL keeps that cheap and crash-safe.
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(_SCHEMA)
            except sqlite3.DatabaseError as exc:
                raise UserError(f"{self.path}: unusable cache ({exc}); delete it") from None
            self._db = db
        return self._db

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        if self._db is None:
            return None
        row = self._db.execute(
            "SELECT translation FROM translation WHERE engine=? AND source=? AND target=? "
            "AND text=?", (engine, source, target, text)).fetchone()
        return row[0] if row else None

    def put(self, engine: str, source: str, target: str,
            answers: list[tuple[str, str]]) -> None:
        """Keep the (text, translation) ``answers`` of one request, in one transaction."""
        if not answers:
            return
        db = self._open()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO translation VALUES (?, ?, ?, ?, ?, ?)",
                [(engine, source, target, text, translation, now)
                 for text, translation in answers])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
