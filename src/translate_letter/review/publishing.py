"""The maintainers' publishing decisions, kept in the review database of the instance.

A row publishes a language the rule leaves out, or withdraws one it admits; no row means
the rule decides (see :mod:`translate_letter.publish`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ..accounts import Account, audit
from ..config import Settings
from ..errors import N_
from ..publish import Decision, Decisions
from .errors import Forbidden, NotFound, ReviewError
from .journal import DATABASE_FILE, Database, open_database

# What a maintainer may choose on the dashboard, and the event each leaves in the audit trail.
CHOICES = {"publish": True, "withdraw": False, "rule": None}
EVENTS = {"publish": "published", "withdraw": "withdrawn", "rule": "publishing-rule"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS publishing (
    doc TEXT NOT NULL,
    lang TEXT NOT NULL,
    published INTEGER NOT NULL,  -- 1: published by a maintainer, 0: withdrawn
    user TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (doc, lang)
)
"""


class PublishingDecisions:
    """Read and record the maintainers' decisions in one review database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as conn:
            conn.execute(_SCHEMA)

    def current(self) -> Decisions:
        """Every decision in force: (doc, lang) → published."""
        rows = self.db.query("SELECT doc, lang, published, user, at FROM publishing")
        return {(row["doc"], row["lang"]): Decision(bool(row["published"]), row["user"],
                                                    row["at"]) for row in rows}

    def choose(self, account: Account, settings: Settings, doc: str, lang: str,
               choice: str) -> None:
        """A maintainer's ``choice`` (a :data:`CHOICES` key) for ``doc`` in ``lang``."""
        if not account.is_maintainer:
            raise Forbidden(N_("only a maintainer publishes or withdraws a language"))
        if doc not in settings.documents() or lang not in settings.languages:
            raise NotFound(f"no catalog {doc!r} in a configured language {lang!r}")
        if choice not in CHOICES:
            raise ReviewError(f"choose one of {', '.join(CHOICES)}, not {choice!r}")
        self.decide(doc, lang, CHOICES[choice], account.name)
        audit.record(self.db, EVENTS[choice], account.name, f"{doc}/{lang}")

    def decide(self, doc: str, lang: str, published: bool | None, user: str) -> None:
        """Publish (True) or withdraw (False) ``doc`` in ``lang``; None leaves it to the rule."""
        with self.db.transaction() as conn:
            if published is None:
                conn.execute("DELETE FROM publishing WHERE doc = ? AND lang = ?", (doc, lang))
            else:
                conn.execute("INSERT OR REPLACE INTO publishing VALUES (?, ?, ?, ?, ?)",
                             (doc, lang, int(published), user,
                              datetime.now(UTC).isoformat(timespec="seconds")))


def saved_decisions(instance: Path) -> Decisions:
    """The decisions stored in the instance folder, without creating a database there."""
    if not (instance / DATABASE_FILE).is_file():
        return {}
    db = open_database(instance)
    try:
        return PublishingDecisions(db).current()
    finally:
        db.close()
