"""The maintainers' publishing decisions, kept in the review database of the instance.

A row publishes a language the rule leaves out, or withdraws one it admits; no row means
the rule decides (see :mod:`translate_letter.publish`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select

from ..accounts import Account, audit
from ..config import Settings
from ..errors import N_
from ..publish import Decision, Decisions
from ..storage import Database, Location, open_database, schema, upsert
from .errors import Forbidden, NotFound, ReviewError

# What a maintainer may choose on the dashboard, and the event each leaves in the audit trail.
CHOICES = {"publish": True, "withdraw": False, "rule": None}
EVENTS = {"publish": "published", "withdraw": "withdrawn", "rule": "publishing-rule"}

_decisions = schema.publishing


class PublishingDecisions:
    """Read and record the maintainers' decisions in one review database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def current(self) -> Decisions:
        """Every decision in force: (doc, lang) → published."""
        rows = self.db.query(select(_decisions))
        return {(row["doc"], row["lang"]): Decision(row["published"], row["user"], row["at"])
                for row in rows}

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
                conn.execute(delete(_decisions).where(_decisions.c.doc == doc,
                                                      _decisions.c.lang == lang))
            else:
                conn.execute(upsert(conn, _decisions), {
                    "doc": doc, "lang": lang, "published": published, "user": user,
                    "at": datetime.now(UTC).isoformat(timespec="seconds")})


def saved_decisions(where: Location) -> Decisions:
    """The decisions stored in the database at ``where``, without creating one there."""
    if not where.exists():
        return {}
    db = open_database(where)
    try:
        return PublishingDecisions(db).current()
    finally:
        db.close()
