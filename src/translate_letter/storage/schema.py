"""Every table of the review database, in one SQLAlchemy ``MetaData``.

This is the schema as the newest migration leaves it (``migrations/versions``); a test
compares the two.  Column types are the portable ones: text, integers, floats (Unix times),
booleans and bytes, so that the same tables live in SQLite or PostgreSQL.  Times written by
people's actions are ISO 8601 text in UTC, to the second.

The tables, by concern:

- the review: ``versions`` (the current version of every entry the app knows), ``history``
  (every change of an entry; rows not yet ``flushed`` are the journal of saves still to
  write into the PO files), ``comments``, ``written`` (the digests of the PO files the
  app's writes made, so an old copy coming back is recognised);
- accounts and sign-in: ``accounts``, ``grants`` (a role per language), ``account_security``
  (name key, standing, two-factor secrets), ``recovery_codes``, ``sessions``,
  ``pending_signins`` (a right password waiting for its code), ``signin_failures`` and
  ``signin_addresses`` (throttling), ``audit`` (the security trail), ``interface_languages``;
- publishing: ``publishing`` (the maintainers' decisions), ``public_state`` (whether the
  public read each document in each language when last seen, so every change is one event);
- machine translation: ``mt_cache`` (answers kept per engine, language pair and text).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    false,
    text,
)

metadata = MetaData()


def _account(column: str = "name", nullable: bool = False) -> Column:
    """A column naming an account; the account's rows go when the account does."""
    return Column(column, Text, ForeignKey("accounts.name", ondelete="CASCADE"),
                  nullable=nullable)


# -- the review -----------------------------------------------------------------------------

versions = Table(
    "versions", metadata,
    Column("doc", Text, primary_key=True),
    Column("lang", Text, primary_key=True),
    Column("entry", Text, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("author", Text),  # NULL: the text came from the PO file itself
    Column("translation", Text, nullable=False),
    Column("state", Text, nullable=False),
)

history = Table(
    "history", metadata,
    Column("seq", Integer, primary_key=True),
    Column("doc", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("entry", Text, nullable=False),
    Column("msgctxt", Text),
    Column("msgid", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("user", Text),  # NULL: changed in the PO file outside the app
    Column("at", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("intended", Text),  # not NULL: the QA checks marked intended after the change
    Column("flushed", Boolean, nullable=False, server_default=false()),
    # The suggestion an app save took its text from; for a text changed outside the app,
    # the provenance the PO file gives it (its # translated:/# draft: comment).
    Column("origin", Text),
    # True: an outside text that an app save replaced
    Column("superseded", Boolean, nullable=False, server_default=false()),
    Index("history_pending", "doc", "lang", "flushed"),
    Index("history_entry", "doc", "lang", "entry", "seq"),
    sqlite_autoincrement=True,
)

comments = Table(
    "comments", metadata,
    Column("id", Integer, primary_key=True),
    Column("doc", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("entry", Text, nullable=False),
    Column("user", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("text", Text, nullable=False),
    Index("comments_entry", "doc", "lang", "entry", "id"),
    sqlite_autoincrement=True,
)

written = Table(
    "written", metadata,
    Column("doc", Text, primary_key=True),
    Column("lang", Text, primary_key=True),
    # SHA-256 of a PO file as saves of the app were written in
    Column("digest", LargeBinary, primary_key=True),
    Column("seq", Integer, nullable=False),  # the last save that file holds
)

# -- accounts and sign-in -------------------------------------------------------------------

accounts = Table(
    "accounts", metadata,
    Column("name", Text, primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created", Text, nullable=False),
)

grants = Table(
    "grants", metadata,
    _account(),
    Column("lang", Text, nullable=False),  # a language code, or '*' for every language
    Column("role", Text, nullable=False),
    PrimaryKeyConstraint("name", "lang"),
)

account_security = Table(
    "account_security", metadata,
    Column("name", Text, ForeignKey("accounts.name", ondelete="CASCADE"), primary_key=True),
    Column("name_key", Text, nullable=False, unique=True),  # NFKC + casefold + skeleton
    Column("disabled", Boolean, nullable=False, server_default=false()),
    Column("must_change_password", Boolean, nullable=False, server_default=false()),
    Column("totp_secret", Text),  # NULL: no two-factor sign-in
    Column("totp_pending", Text),  # a secret shown for enrolment, not yet confirmed
    Column("totp_last_step", Integer, nullable=False, server_default=text("0")),
)

recovery_codes = Table(
    "recovery_codes", metadata,
    _account(),
    Column("code_hash", Text, nullable=False),
    PrimaryKeyConstraint("name", "code_hash"),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", Text, primary_key=True),
    _account(),
    Column("created", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("address", Text),
    Index("sessions_name", "name"),
)

signin_failures = Table(
    "signin_failures", metadata,
    Column("scope", Text, primary_key=True),  # 'account' (a name key), 'address', 'device'
    Column("key", Text, primary_key=True),
    Column("failures", Integer, nullable=False, server_default=text("0")),
    Column("last", Float, nullable=False),
    Column("locked_until", Float, nullable=False, server_default=text("0")),
    Column("lockouts", Integer, nullable=False, server_default=text("0")),
    Index("signin_failures_last", "last"),
)

signin_addresses = Table(
    "signin_addresses", metadata,
    Column("name_key", Text, primary_key=True),  # a name signed in from this address
    Column("address", Text, primary_key=True),
    Column("last", Float, nullable=False),  # when, last
)

pending_signins = Table(
    "pending_signins", metadata,
    Column("token_hash", Text, primary_key=True),  # a right password, waiting for its code
    _account(),
    Column("created", Float, nullable=False),
    Column("wrong_codes", Integer, nullable=False, server_default=text("0")),
)

audit = Table(
    "audit", metadata,
    Column("seq", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("event", Text, nullable=False),
    Column("account", Text),
    Column("address", Text),
    Column("detail", Text, nullable=False, server_default=text("''")),
    # failures: how many in this row's minute, and the minute they are counted in
    Column("count", Integer, nullable=False, server_default=text("1")),
    Column("bucket", Text),
    Column("fields", Text),  # JSON: the event's own fields (publishing, approvals)
    Index("audit_at", "at"),
    sqlite_autoincrement=True,
)
# Repeated failures of one name from one address in one minute are one row.
AUDIT_BUCKET = audit.c.bucket.isnot(None)
Index("audit_buckets", audit.c.bucket, audit.c.event, audit.c.account, audit.c.address,
      unique=True, sqlite_where=AUDIT_BUCKET, postgresql_where=AUDIT_BUCKET)
Index("audit_failures", audit.c.seq, sqlite_where=AUDIT_BUCKET, postgresql_where=AUDIT_BUCKET)

interface_languages = Table(
    "interface_languages", metadata,
    Column("name", Text, ForeignKey("accounts.name", ondelete="CASCADE"), primary_key=True),
    Column("lang", Text, nullable=False),  # the language the review app speaks to it
)

# -- publishing -----------------------------------------------------------------------------

publishing = Table(
    "publishing", metadata,
    Column("doc", Text, primary_key=True),
    Column("lang", Text, primary_key=True),
    Column("published", Boolean, nullable=False),  # True: published by a maintainer
    Column("user", Text, nullable=False),
    Column("at", Text, nullable=False),
)

public_state = Table(
    "public_state", metadata,
    Column("doc", Text, primary_key=True),
    Column("lang", Text, primary_key=True),
    Column("published", Boolean, nullable=False),  # whether the public read it when last seen
    Column("text_sha256", Text),
    Column("at", Text, nullable=False),
)

# -- machine translation --------------------------------------------------------------------

mt_cache = Table(
    "mt_cache", metadata,
    Column("engine", Text, primary_key=True),
    Column("source", Text, primary_key=True),
    Column("target", Text, primary_key=True),
    # SHA-256 of the text: a key of fixed size, however long the text
    Column("digest", LargeBinary, primary_key=True),
    Column("text", Text, nullable=False),
    Column("translation", Text, nullable=False),
    Column("created", Text, nullable=False),
)
