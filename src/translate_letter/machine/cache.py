"""The cache of machine translations: engine, language pair and text → translation, kept in
the review database (table ``mt_cache``), beside the accounts and the journal of the same
instance."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select

from ..storage import Database, Location, open_database, schema, upsert

_cache = schema.mt_cache


def text_digest(text: str) -> bytes:
    """The key of ``text`` in the cache (SHA-256 of its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class TranslationCache:
    """Answers kept in a review database: ``where`` is a database already open (the review
    app's), or the :class:`Location` of one, opened once there is one and made at the
    first answer worth keeping."""

    def __init__(self, where: Database | Location) -> None:
        self._location = where if isinstance(where, Location) else where.location
        self._db = where if isinstance(where, Database) else None
        self._own = self._db is None
        if self._db is None and self._location.exists():
            self._db = open_database(self._location)

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        if self._db is None:
            return None
        c = _cache.c
        row = self._db.first(select(c.translation).where(
            c.engine == engine, c.source == source, c.target == target,
            c.digest == text_digest(text)))
        return None if row is None else row["translation"]

    def put(self, engine: str, source: str, target: str,
            answers: list[tuple[str, str]]) -> None:
        """Keep the (text, translation) ``answers`` of one request, in one transaction."""
        if not answers:
            return
        if self._db is None:
            self._db = open_database(self._location)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db.transaction() as conn:
            conn.execute(upsert(conn, _cache), [
                {"engine": engine, "source": source, "target": target,
                 "digest": text_digest(text), "text": text, "translation": translation,
                 "created": now} for text, translation in dict(answers).items()])

    def close(self) -> None:
        """Close the database this cache opened (one it was given stays open)."""
        if self._own and self._db is not None:
            self._db.close()
            self._db = None
