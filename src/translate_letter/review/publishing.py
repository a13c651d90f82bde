"""What the public reads: the maintainers' decisions, and every change of it in the audit
trail.

A row of ``publishing`` is a maintainer's decision: a language published that the rule leaves
out (only after two confirmations: the consequences understood, the language's code typed),
or one withdrawn; no row means the rule decides (see :mod:`translate_letter.publish`).

``public_state`` remembers whether the public reads each document in each language, so that
every change of it is one event in the audit trail: a maintainer's decision (``published``,
``withdrawn``, ``publishing-rule`` for back to the rule), an approval that completes a
language (``published`` by the rule, naming the approval), a save or a change to the PO
file outside the app that takes it below the rule (``withdrawn`` by the rule).  Each event
carries the document and language, the counts by state and the SHA-256 of the letter's text
as the public reads it (or, withdrawn, read until then).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from babel.messages.catalog import Catalog
from sqlalchemy import Connection, delete, select

from ..accounts import Account, audit
from ..build import letter_of
from ..catalog.project import load_document_catalog
from ..core.config import Settings
from ..core.document import Document, segment
from ..core.errors import N_
from ..extract import read_source
from ..publish import (
    Counts,
    Decision,
    Decisions,
    Edition,
    edition_counts,
    publication,
    publish_rule,
    text_hash,
)
from ..storage import Database, Location, open_database, schema, upsert
from .errors import Forbidden, NotFound, ReviewError

# What a maintainer may choose on the dashboard, and the event each leaves in the audit trail.
CHOICES = {"publish": True, "withdraw": False, "rule": None}
EVENTS = {"publish": "published", "withdraw": "withdrawn", "rule": "publishing-rule"}

_decided = schema.publishing
_public = schema.public_state


class NeedsConfirmation(ReviewError):
    """Publishing a language the rule leaves out, without both confirmations."""


@dataclass(frozen=True)
class Confirmation:
    """A maintainer's two confirmations of publishing below the rule: that readers will see
    passages in English (``understood``), and the language's code, typed."""

    understood: bool
    code: str


class Catalogs(Protocol):
    """Where the public state is read from: the review app's catalogs, or the files."""

    def counts(self, doc: str, lang: str) -> Counts | str:
        """The counts of a catalog, or why it has none."""

    def catalog(self, doc: str, lang: str) -> Catalog:
        """The catalog's entries as they now are."""

    def document(self, doc: str) -> Document:
        """The segmented source of ``doc``."""


class CatalogFiles:
    """:class:`Catalogs` read from the PO files (the command line)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def counts(self, doc: str, lang: str) -> Counts | str:
        return edition_counts(self.settings, doc, lang)

    def catalog(self, doc: str, lang: str) -> Catalog:
        return load_document_catalog(self.settings, doc, lang)

    def document(self, doc: str) -> Document:
        return segment(read_source(self.settings.source_path(doc)))


class Publishing:
    """The maintainers' decisions and the public state, in one review database."""

    def __init__(self, db: Database, settings: Settings, catalogs: Catalogs) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs

    def current(self) -> Decisions:
        """Every decision in force: (doc, lang) → :class:`Decision`."""
        return _decisions(self.db)

    def edition(self, doc: str, lang: str, counts: Counts | str | None = None) -> Edition:
        """``doc`` in ``lang`` as the public has it now, and why (from ``counts`` when they
        were read already)."""
        if counts is None:
            counts = self.catalogs.counts(doc, lang)
        found = publication(self.settings, self.current(), {(doc, lang): counts}).editions
        return next(e for e in found if (e.doc, e.lang) == (doc, lang))

    def fields(self, edition: Edition, text_sha256: str | None = None) -> dict:
        """What an event of the trail says about ``edition``: whether the public reads it
        and why, its counts by state and the hash of its text (``text_sha256`` when it was
        read already)."""
        if edition.counts is None:  # no catalog to count: nothing for the public either
            return {"doc": edition.doc, "lang": edition.lang, "public": False, "by": "rule"}
        return {"doc": edition.doc, "lang": edition.lang, "public": edition.published,
                "by": "rule" if edition.decision is None else "maintainer",
                "complete": round(edition.complete, 1), "counts": dict(edition.counts),
                "text_sha256": text_sha256 or self.text_sha256(edition.doc, edition.lang)}

    def text_sha256(self, doc: str, lang: str) -> str | None:
        """The hash of the letter's text as the public reads it, or None without a catalog."""
        if isinstance(self.catalogs.counts(doc, lang), str):
            return None
        letter = letter_of(self.settings, doc, lang, publish_rule(self.settings).include,
                           self.catalogs.catalog(doc, lang), self.catalogs.document(doc))
        return text_hash(letter)

    # -- a maintainer's decisions -----------------------------------------------------------

    def choose(self, account: Account, doc: str, lang: str, choice: str,
               confirmation: Confirmation | None = None) -> Edition:
        """A maintainer's ``choice`` (a :data:`CHOICES` key) for ``doc`` in ``lang``;
        publishing a language the rule leaves out needs ``confirmation``.  Returns the
        edition as it then is."""
        if not account.is_maintainer:
            raise Forbidden(N_("only a maintainer publishes or withdraws a language"))
        if doc not in self.settings.documents() or lang not in self.settings.languages:
            raise NotFound(f"no catalog {doc!r} in a configured language {lang!r}")
        if choice not in CHOICES:
            raise ReviewError(f"choose one of {', '.join(CHOICES)}, not {choice!r}")
        if choice == "publish":
            before = self.edition(doc, lang)
            if not before.admitted:
                _confirmed(before, confirmation)
        self.decide(doc, lang, CHOICES[choice], account.name, EVENTS[choice])
        return self.edition(doc, lang)

    def decide(self, doc: str, lang: str, published: bool | None, user: str,
               event: str | None = None) -> None:
        """Publish (True) or withdraw (False) ``doc`` in ``lang``; None leaves it to the rule.
        With ``event``, the decision and its event in the audit trail are one transaction."""
        at = datetime.now(UTC).isoformat(timespec="seconds")
        # The catalogs are read before the transaction, never inside it (see settle).
        counts = self.catalogs.counts(doc, lang) if event else None
        text = self.text_sha256(doc, lang) if event else None
        with self.db.transaction() as conn:
            if published is None:
                conn.execute(delete(_decided).where(_decided.c.doc == doc,
                                                    _decided.c.lang == lang))
            else:
                conn.execute(upsert(conn, _decided), {"doc": doc, "lang": lang,
                                                      "published": published, "user": user,
                                                      "at": at})
            if event is None:
                return
            after = self.edition(doc, lang, counts)  # the decision counts: same connection
            fields = self.fields(after, text)
            audit.record_in(conn, event, user, f"{doc}/{lang} {after.reason}", fields)
            _remember(conn, after, fields, at)

    # -- changes the rule makes -------------------------------------------------------------

    def settle(self, doc: str, lang: str, account: str | None, cause: dict,
               detail: str) -> int | None:
        """Record a change of the public state of ``doc`` in ``lang`` that the rule made
        (``cause`` says what changed, in fields and, as ``detail``, in words); returns the
        event's number, or None when the public reads what it read before."""
        edition = self.edition(doc, lang)
        known = self._known(doc, lang)
        if known == edition.published:
            return None  # the usual case, decided without holding the database
        # The catalogs are read before the transaction, never inside it: a save holds its
        # catalog while it writes the journal.  Inside, the decision in force is read again,
        # so that one a maintainer made meanwhile is never undone by this older edition.
        first_unseen = known is None and not edition.published
        fields = None if first_unseen else self.fields(edition) | cause
        with self.db.transaction() as conn:
            if _decision(conn, doc, lang) != edition.decision:
                return None  # a maintainer decided meanwhile, and recorded it
            known = _public_state(conn, doc, lang)
            if known is None and not edition.published:  # first seen, and not public
                _remember(conn, edition, {}, audit.now_iso())
                return None
            if known == edition.published or fields is None:
                return None  # recorded meanwhile; a change found meanwhile is settled next
            event = "published" if edition.published else "withdrawn"
            seq = audit.record_in(conn, event, account,
                                  f"{doc}/{lang} {edition.reason}; {detail}", fields)
            _remember(conn, edition, fields, audit.now_iso())
        return seq

    def settle_all(self, account: str | None, cause: dict, detail: str) -> None:
        """:meth:`settle` every configured document and language."""
        for doc in self.settings.documents():
            for lang in self.settings.languages:
                self.settle(doc, lang, account, cause, detail)

    def _known(self, doc: str, lang: str) -> bool | None:
        with self.db.reading() as conn:
            return _public_state(conn, doc, lang)


def _confirmed(edition: Edition, confirmation: Confirmation | None) -> None:
    """Refuse to publish ``edition`` below the rule without both confirmations."""
    if confirmation is None:
        raise NeedsConfirmation(N_("%(lang)s is below the publishing rule: publishing it "
                                   "needs two confirmations"), lang=edition.lang)
    if not confirmation.understood:
        raise NeedsConfirmation(N_("confirm that readers will see the passages not yet "
                                   "translated in English"))
    if confirmation.code.strip() != edition.lang:
        raise NeedsConfirmation(N_("type the language's code, %(lang)s, to confirm"),
                                lang=edition.lang)


def _decision(conn: Connection, doc: str, lang: str) -> Decision | None:
    """The maintainer's decision in force for ``doc`` in ``lang`` (None: the rule's)."""
    row = conn.execute(select(_decided).where(_decided.c.doc == doc,
                                              _decided.c.lang == lang)).mappings().first()
    return None if row is None else Decision(row["published"], row["user"], row["at"])


def _public_state(conn: Connection, doc: str, lang: str) -> bool | None:
    """Whether the public read ``doc`` in ``lang`` when last looked at (None: never)."""
    return conn.execute(select(_public.c.published).where(_public.c.doc == doc,
                                                          _public.c.lang == lang)).scalar()


def _remember(conn: Connection, edition: Edition, fields: dict, at: str) -> None:
    """Note what the public reads of ``edition`` now (inside the caller's transaction)."""
    conn.execute(upsert(conn, _public), {"doc": edition.doc, "lang": edition.lang,
                                         "published": edition.published,
                                         "text_sha256": fields.get("text_sha256"), "at": at})


def _decisions(db: Database) -> Decisions:
    return {(row["doc"], row["lang"]): Decision(row["published"], row["user"], row["at"])
            for row in db.query(select(_decided))}


def saved_decisions(where: Location) -> Decisions:
    """The decisions stored in the database at ``where``, without creating one there."""
    if not where.exists():
        return {}
    db = open_database(where)
    try:
        return _decisions(db)
    finally:
        db.close()


def record_found(settings: Settings, where: Location) -> None:
    """Record in the audit trail of the database at ``where`` the changes of what the public
    reads that the catalogs as they are on disk make (``translate-letter publish``), when
    there is a review database."""
    if not where.exists():
        return
    db = open_database(where)
    try:
        publishing = Publishing(db, settings, CatalogFiles(settings))
        publishing.settle_all(None, {"cause": "catalogs"},
                              "as 'translate-letter publish' found the catalogs")
    finally:
        db.close()
