"""The tables of sign-in security and of each account's interface language, created in the
review database beside the accounts."""

from __future__ import annotations

from pathlib import Path

from ..review.journal import Database, open_database

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
    """CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        account TEXT,
        address TEXT,
        detail TEXT NOT NULL DEFAULT ''
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


def prepare(db: Database) -> Database:
    """Create the tables of this package in ``db`` when missing; returns ``db``."""
    with db.transaction() as conn:
        for statement in _TABLES:
            conn.execute(statement)
    return db


def open_accounts(instance: Path) -> Database:
    """The review database of an instance folder, ready for accounts and sign-in."""
    return prepare(open_database(instance))
