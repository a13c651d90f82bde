"""The tables of sign-in security and of each account's interface language, created in the
review database beside the accounts."""

from __future__ import annotations

from pathlib import Path

from ..review.journal import Database, open_database
from . import name_key

_TABLES = (
    """CREATE TABLE IF NOT EXISTS account_security (
        name TEXT PRIMARY KEY REFERENCES accounts (name) ON DELETE CASCADE,
        name_key TEXT NOT NULL UNIQUE,          -- NFKC + casefold: one person, one name
        disabled INTEGER NOT NULL DEFAULT 0,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        totp_secret TEXT,                       -- NULL: no two-factor sign-in
        totp_pending TEXT,                      -- a secret shown for enrolment, not yet confirmed
        totp_last_step INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS recovery_codes (
        name TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        PRIMARY KEY (name, code_hash)
    )""",
    """CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY,
        name TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
        created REAL NOT NULL,
        last_seen REAL NOT NULL,
        address TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS sessions_name ON sessions (name)",
    """CREATE TABLE IF NOT EXISTS signin_failures (
        scope TEXT NOT NULL,                    -- 'account' (a name key) or 'address'
        key TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        last REAL NOT NULL,
        locked_until REAL NOT NULL DEFAULT 0,
        lockouts INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, key)
    )""",
    "CREATE INDEX IF NOT EXISTS signin_failures_last ON signin_failures (last)",
    """CREATE TABLE IF NOT EXISTS signin_addresses (
        name_key TEXT NOT NULL,                 -- a name signed in from this address
        address TEXT NOT NULL,
        last REAL NOT NULL,                     -- when, last
        PRIMARY KEY (name_key, address)
    )""",
    """CREATE TABLE IF NOT EXISTS pending_signins (
        token_hash TEXT PRIMARY KEY,            -- a right password, waiting for its code
        name TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
        created REAL NOT NULL,
        wrong_codes INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        account TEXT,
        address TEXT,
        detail TEXT NOT NULL DEFAULT '',
        count INTEGER NOT NULL DEFAULT 1,       -- failures: how many in this row's minute
        bucket TEXT,                            -- failures: the minute they are counted in
        fields TEXT                             -- JSON: the event's own fields (publishing)
    )""",
    "CREATE INDEX IF NOT EXISTS audit_at ON audit (at)",
    """CREATE TABLE IF NOT EXISTS interface_languages (
        name TEXT PRIMARY KEY REFERENCES accounts (name) ON DELETE CASCADE,
        lang TEXT NOT NULL                      -- the language the review app speaks to it
    )""",
    # Accounts made before names were folded: their names are ASCII, so lower() folds them.
    """INSERT OR IGNORE INTO account_security (name, name_key)
        SELECT name, lower(name) FROM accounts""",
)


# Columns added since the first release: (table, column, declaration).
_ADDED_COLUMNS = (("audit", "count", "INTEGER NOT NULL DEFAULT 1"),
                  ("audit", "bucket", "TEXT"),
                  ("audit", "fields", "TEXT"))
# Indexes on added columns, made once the columns exist.
_INDEXES = (
    # Repeated failures of one name from one address in one minute are one row.
    "CREATE UNIQUE INDEX IF NOT EXISTS audit_buckets ON audit (bucket, event, account, address)"
    " WHERE bucket IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS audit_failures ON audit (seq) WHERE bucket IS NOT NULL",
)


def prepare(db: Database) -> Database:
    """Create the tables of this package in ``db`` when missing; returns ``db``."""
    with db.transaction() as conn:
        for statement in _TABLES:
            conn.execute(statement)
        for table, column, declaration in _ADDED_COLUMNS:
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        for statement in _INDEXES:
            conn.execute(statement)
    _fold_names(db)
    return db


def _fold_names(db: Database) -> None:
    """Keys of names made before the present folding, folded again (a key another account
    already holds is left as it was)."""
    for row in db.query("SELECT name, name_key FROM account_security"):
        folded = name_key(row["name"])
        if folded != row["name_key"]:
            with db.transaction() as conn:
                conn.execute("UPDATE OR IGNORE account_security SET name_key = ? WHERE name = ?",
                             (folded, row["name"]))


def open_accounts(instance: Path) -> Database:
    """The review database of an instance folder, ready for accounts and sign-in."""
    return prepare(open_database(instance))
