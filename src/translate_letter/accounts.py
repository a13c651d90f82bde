"""Accounts of the review app and what each role may do in each language.

A **translator** edits and saves translations, a **reviewer** also approves and sends back,
a **maintainer** does everything in every language and manages accounts.  Roles are granted
per language; a maintainer's grant covers every language (stored as ``*``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from werkzeug.security import check_password_hash, generate_password_hash

from .errors import UserError
from .review.journal import Database

TRANSLATOR = "translator"
REVIEWER = "reviewer"
MAINTAINER = "maintainer"
ROLES = (TRANSLATOR, REVIEWER, MAINTAINER)
ALL_LANGUAGES = "*"
FIRST_MAINTAINER = "admin"
MIN_PASSWORD_LENGTH = 8

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
_RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Account:
    """A signed-in person: a name and a role for each language (``*``: all)."""

    name: str
    grants: dict[str, str] = field(default_factory=dict)

    def role_for(self, lang: str) -> str | None:
        roles = [r for r in (self.grants.get(lang), self.grants.get(ALL_LANGUAGES)) if r]
        return max(roles, key=_RANK.__getitem__) if roles else None

    @property
    def is_maintainer(self) -> bool:
        return self.grants.get(ALL_LANGUAGES) == MAINTAINER

    def can_edit(self, lang: str) -> bool:
        return self.role_for(lang) is not None

    def can_review(self, lang: str) -> bool:
        role = self.role_for(lang)
        return role is not None and _RANK[role] >= _RANK[REVIEWER]

    def languages(self, configured: list[str] | tuple[str, ...]) -> list[str]:
        """The configured languages this account works on."""
        return [lang for lang in configured if self.can_edit(lang)]


def validate_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise UserError(f"invalid user name {name!r}: use 1-64 letters, digits, '.', '_', '-'")
    return name


def validate_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    return role


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    return password


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def account_exists(db: Database, name: str) -> bool:
    return bool(db.query("SELECT 1 FROM accounts WHERE name = ?", (name,)))


def grant_languages(role: str, langs: list[str], configured: list[str] | tuple[str, ...]
                    ) -> list[str]:
    """Languages a new grant covers: ``*`` for a maintainer, else the given (or all) ones."""
    if role == MAINTAINER:
        if langs:
            raise UserError("a maintainer works on every language: leave out --lang")
        return [ALL_LANGUAGES]
    unknown = [lang for lang in langs if lang not in configured]
    if unknown:
        raise UserError(f"language {unknown[0]!r} is not one of the project's languages "
                        f"({', '.join(configured)})")
    return list(langs or configured)


def add_account(db: Database, name: str, role: str, langs: list[str],
                configured: list[str] | tuple[str, ...], password: str | None) -> bool:
    """Create an account, or give an existing one ``role`` for ``langs``.

    ``password`` is required for a new account and ignored for an existing one.
    Returns True when the account was created.
    """
    validate_name(name)
    validate_role(role)
    targets = grant_languages(role, langs, configured)
    exists = account_exists(db, name)
    if not exists:
        if password is None:
            raise UserError(f"a password is needed to create the account {name!r}")
        validate_password(password)
    with db.transaction() as conn:
        if not exists:
            conn.execute("INSERT INTO accounts (name, password_hash, created) VALUES (?, ?, ?)",
                         (name, generate_password_hash(password), _now()))
        for lang in targets:
            conn.execute("INSERT OR REPLACE INTO grants (name, lang, role) VALUES (?, ?, ?)",
                         (name, lang, role))
    return not exists


def load_account(db: Database, name: str) -> Account | None:
    rows = db.query("SELECT grants.lang, grants.role FROM accounts LEFT JOIN grants"
                    " ON grants.name = accounts.name WHERE accounts.name = ?", (name,))
    if not rows:
        return None
    return Account(name, {row["lang"]: row["role"] for row in rows if row["lang"]})


def authenticate(db: Database, name: str, password: str) -> Account | None:
    """The account when ``password`` is right, else None (same answer for unknown names)."""
    rows = db.query("SELECT password_hash FROM accounts WHERE name = ?", (name,))
    if not rows:
        # Hash anyway so that a wrong name takes as long as a wrong password.
        check_password_hash(generate_password_hash("x"), password)
        return None
    if not check_password_hash(rows[0]["password_hash"], password):
        return None
    return load_account(db, name)


def list_accounts(db: Database) -> list[Account]:
    grants: dict[str, dict[str, str]] = {
        row["name"]: {} for row in db.query("SELECT name FROM accounts ORDER BY name")
    }
    for row in db.query("SELECT name, lang, role FROM grants ORDER BY lang"):
        grants.setdefault(row["name"], {})[row["lang"]] = row["role"]
    return [Account(name, roles) for name, roles in grants.items()]


def interface_language(db: Database, name: str) -> str | None:
    """The interface language the account chose in the review app, if any."""
    rows = db.query("SELECT lang FROM interface_languages WHERE name = ?", (name,))
    return rows[0]["lang"] if rows else None


def save_interface_language(db: Database, name: str, lang: str) -> None:
    """Keep the account's choice of interface language for its next sessions."""
    with db.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO interface_languages (name, lang) VALUES (?, ?)",
                     (name, lang))


def ensure_first_maintainer(db: Database) -> tuple[str, str] | None:
    """With no accounts at all, create a maintainer with a random password and return
    (name, password); otherwise None."""
    if db.query("SELECT 1 FROM accounts LIMIT 1"):
        return None
    password = secrets.token_urlsafe(12)
    add_account(db, FIRST_MAINTAINER, MAINTAINER, [], (), password)
    return FIRST_MAINTAINER, password
