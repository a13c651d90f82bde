"""Accounts of the review app and what each role may do in each language.

A **translator** edits and saves translations, a **reviewer** also approves and sends back,
a **maintainer** does everything in every language and manages accounts.  Roles are granted
per language; a maintainer's grant covers every language (stored as ``*``).

Names are compared after Unicode compatibility normalisation, case folding and folding of
confusable characters to their Unicode skeletons (UTS #39), so ``Admin``, ``ADMIN``,
``ａｄｍｉｎ`` and ``аdmin`` (with a Cyrillic ``а``) are all ``admin``: one person, one
name.  Every change that should shut someone out (a new password, a role change,
deactivation) ends every session of that account and is written to the audit trail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from disarm import skeleton_key
from sqlalchemy import insert, select, update

from ..core.config import Settings
from ..core.errors import N_, UserError
from ..storage import Database, schema, upsert
from . import audit, sessions, throttle, twofactor
from .passwords import hash_password, one_time_password, validate_password, verify_password

TRANSLATOR = "translator"
REVIEWER = "reviewer"
MAINTAINER = "maintainer"
ROLES = (TRANSLATOR, REVIEWER, MAINTAINER)
ALL_LANGUAGES = "*"
FIRST_MAINTAINER = "admin"
REQUIRE_2FA_SETTING = "require-2fa"

_accounts, _security, _grants = schema.accounts, schema.account_security, schema.grants
_NAME = re.compile(r"[^\W_][\w.-]{0,63}\Z")
_RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Account:
    """A person: a name, a role for each language (``*``: all), and sign-in standing."""

    name: str
    grants: dict[str, str] = field(default_factory=dict)
    disabled: bool = False
    must_change_password: bool = False
    two_factor: bool = False

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

    def must_enrol(self, required_roles: tuple[str, ...]) -> bool:
        """True when one of its roles requires two-factor sign-in and it has none yet."""
        return not self.two_factor and any(r in required_roles for r in self.grants.values())


def name_key(name: str) -> str:
    """The form in which two names are the same name: NFKC and case folding, then the
    confusable skeleton of UTS #39 (with ``1`` as ``l`` and ``0`` as ``o``)."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return skeleton_key(folded, digit_policy="tr39") or folded


def same_person(a: str, b: str) -> bool:
    """Whether two names name one person (see :func:`name_key`)."""
    return name_key(a) == name_key(b)


def validate_name(name: str) -> str:
    """The name as stored (NFKC), or a user error when it is not a valid name."""
    normal = unicodedata.normalize("NFKC", name or "")
    if not _NAME.match(normal):
        raise UserError(N_("invalid user name %(name)r: use 1-64 letters, digits, '.', '_', "
                           "'-'"), name=name)
    return normal


def validate_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    return role


def required_two_factor_roles(settings: Settings) -> tuple[str, ...]:
    """The roles that ``require-2fa`` makes enrol in two-factor sign-in."""
    roles = settings.setting(REQUIRE_2FA_SETTING)
    for role in roles:
        if role not in ROLES:
            raise UserError(f"[tool.translate-letter] {REQUIRE_2FA_SETTING}: unknown role "
                            f"{role!r} (known: {', '.join(ROLES)})")
    return tuple(roles)


def find_name(db: Database, name: str) -> str | None:
    """The stored name of the account called ``name`` in any case or width, else None."""
    row = db.first(select(_security.c.name).where(_security.c.name_key == name_key(name)))
    return None if row is None else row["name"]


def account_name(db: Database, name: str) -> str:
    """The stored name of an existing account, else a user error."""
    found = find_name(db, name)
    if found is None:
        raise UserError(N_("no account %(name)r"), name=name)
    return found


def account_exists(db: Database, name: str) -> bool:
    return find_name(db, name) is not None


def grant_languages(role: str, langs: list[str], configured: list[str] | tuple[str, ...],
                    every: bool = False) -> list[str]:
    """Languages a new grant covers: ``*`` for a maintainer, or for a translator or reviewer
    given ``every`` language explicitly; else the given ones, at least one."""
    if role == MAINTAINER:
        if langs:
            raise UserError("a maintainer works on every language: leave out --lang")
        return [ALL_LANGUAGES]
    if every:
        if langs:
            raise UserError(N_("choose some languages or every language, not both"))
        return [ALL_LANGUAGES]
    if not langs:
        raise UserError(N_("a translator or reviewer needs at least one language: choose "
                           "them, or every language explicitly"))
    unknown = [lang for lang in langs if lang not in configured]
    if unknown:
        raise UserError(N_("language %(lang)r is not one of the project's languages "
                           "(%(languages)s)"), lang=unknown[0], languages=", ".join(configured))
    return list(langs)


def add_account(db: Database, name: str, role: str, langs: list[str],
                configured: list[str] | tuple[str, ...], password: str | None,
                actor: str | None = None, must_change_password: bool = False,
                every: bool = False) -> bool:
    """Create an account, or give an existing one ``role`` for ``langs`` (or ``every``
    language).

    ``password`` is required for a new account and ignored for an existing one, which must
    be named exactly as stored (``Admin`` beside ``admin`` is refused).  A changed role ends
    the account's sessions.  Returns True when the account was created.
    """
    stored = validate_name(name)
    validate_role(role)
    targets = grant_languages(role, langs, configured, every)
    existing = find_name(db, stored)
    if existing is not None and existing != name:
        raise UserError(N_("the name %(name)r is taken: it is the same name as %(existing)r"),
                        name=name, existing=existing)
    if existing is None:
        if password is None:
            raise UserError(N_("a password is needed to create the account %(name)r"),
                            name=name)
        validate_password(password, stored)
    with db.transaction() as conn:
        if existing is None:
            conn.execute(insert(_accounts).values(name=stored, password_hash=hash_password(
                password), created=audit.now_iso()))
            conn.execute(insert(_security).values(name=stored, name_key=name_key(stored),
                                                  must_change_password=must_change_password))
        grant = upsert(conn, _grants, lambda new: {"role": new.role},
                       where=lambda new: _grants.c.role != new.role)
        changed = sum(conn.execute(grant, {"name": stored, "lang": lang, "role": role}).rowcount
                      for lang in targets)
    scope = "every language" if targets == [ALL_LANGUAGES] else ", ".join(targets)
    if existing is None:
        audit.record(db, "account-created", stored, f"{role} for {scope}{_by(actor)}")
    elif changed:
        sessions.end_all(db, stored)
        audit.record(db, "role-changed", stored, f"{role} for {scope}{_by(actor)}")
    return existing is None


def invite(db: Database, name: str, role: str, langs: list[str],
           configured: list[str] | tuple[str, ...], actor: str, every: bool = False
           ) -> str | None:
    """A maintainer's new account: created with a one-time password, returned to be shown
    once and changed at the first sign-in.  An existing account gets the role (None)."""
    password = None if account_exists(db, name) else one_time_password()
    add_account(db, name, role, langs, configured, password, actor,
                must_change_password=True, every=every)
    return password


def _by(actor: str | None) -> str:
    return f" by {actor}" if actor else ""


def load_account(db: Database, name: str) -> Account | None:
    rows = db.query(
        select(_grants.c.lang, _grants.c.role, _security.c.disabled,
               _security.c.must_change_password,
               _security.c.totp_secret.isnot(None).label("two_factor"))
        .select_from(_accounts.join(_security, _security.c.name == _accounts.c.name)
                     .outerjoin(_grants, _grants.c.name == _accounts.c.name))
        .where(_accounts.c.name == name))
    if not rows:
        return None
    return Account(name, {row["lang"]: row["role"] for row in rows if row["lang"]},
                   disabled=bool(rows[0]["disabled"]),
                   must_change_password=bool(rows[0]["must_change_password"]),
                   two_factor=bool(rows[0]["two_factor"]))


def authenticate(db: Database, name: str, password: str) -> Account | None:
    """The account when ``password`` is right and the account enabled, else None.

    Takes as long for a name that has no account as for a wrong password.
    """
    stored = find_name(db, name)
    row = db.first(select(_accounts.c.password_hash).where(_accounts.c.name == (stored or "")))
    if not verify_password(None if row is None else row["password_hash"], password):
        return None
    found = load_account(db, stored)
    return None if found is None or found.disabled else found


def list_accounts(db: Database) -> list[Account]:
    """Every account, by name."""
    names = [row["name"] for row in db.query(select(_accounts.c.name)
                                             .order_by(_accounts.c.name))]
    return [account for n in names if (account := load_account(db, n)) is not None]


def set_password(db: Database, name: str, password: str, actor: str | None = None,
                 must_change: bool = False) -> None:
    """Give an account a new password and end all its sessions."""
    stored = account_name(db, name)
    validate_password(password, stored)
    with db.transaction() as conn:
        conn.execute(update(_accounts).where(_accounts.c.name == stored)
                     .values(password_hash=hash_password(password)))
        conn.execute(update(_security).where(_security.c.name == stored)
                     .values(must_change_password=must_change))
    sessions.end_all(db, stored)
    event = "password-reset" if must_change else "password-changed"
    audit.record(db, event, stored, _by(actor).strip())


def change_own_password(db: Database, name: str, current: str, new: str) -> None:
    """A person's own password change: the current password first (throttled as sign-ins
    are), then a valid new one."""
    key = name_key(name)
    who = throttle.client(db, key, audit.client_address())
    throttle.check(db, key, who)
    if authenticate(db, name, current) is None:
        throttle.failed(db, key, who)
        audit.record_failure(db, "password-change-failed", name)
        raise UserError(N_("the current password is wrong"))
    if new == current:
        raise UserError(N_("the new password must differ from the current one"))
    set_password(db, name, new)


def reset_password(db: Database, name: str, actor: str | None = None) -> str:
    """A maintainer's reset: a one-time password, to be changed at the next sign-in."""
    password = one_time_password()
    set_password(db, name, password, actor, must_change=True)
    return password


def set_disabled(db: Database, name: str, disabled: bool, actor: str | None = None) -> str:
    """Disable (ending every session) or enable an account; returns its stored name."""
    stored = account_name(db, name)
    with db.transaction() as conn:
        conn.execute(update(_security).where(_security.c.name == stored)
                     .values(disabled=disabled))
    if disabled:
        sessions.end_all(db, stored)
    audit.record(db, "disabled" if disabled else "enabled", stored, _by(actor).strip())
    return stored


def unlock(db: Database, name: str, actor: str | None = None) -> str:
    """Lift a sign-in lockout; returns the account's stored name."""
    stored = account_name(db, name)
    throttle.unlock(db, name_key(stored))
    audit.record(db, "unlocked", stored, _by(actor).strip())
    return stored


def reset_two_factor(db: Database, name: str, actor: str | None = None) -> str:
    """Turn off an account's two-factor sign-in (a lost phone) and end its sessions."""
    stored = account_name(db, name)
    twofactor.reset(db, stored)
    sessions.end_all(db, stored)
    audit.record(db, "2fa-reset", stored, _by(actor).strip())
    return stored


def enrol_two_factor(db: Database, name: str, code: str) -> list[str]:
    """Confirm a two-factor enrolment with a code from the new secret; returns the ten
    recovery codes, to be shown once."""
    codes = twofactor.confirm_enrolment(db, name, code)
    if codes is None:
        raise UserError(N_("wrong code: check the phone's clock and type the current code"))
    audit.record(db, "2fa-enrolled", name)
    return codes


def sign_out_everywhere(db: Database, name: str) -> int:
    """End every session of the account on every device; returns how many ended."""
    ended = sessions.end_all(db, name)
    audit.record(db, "signed-out-everywhere", name, f"{ended} session(s)")
    return ended


def ensure_first_maintainer(db: Database) -> tuple[str, str] | None:
    """With no accounts at all, create a maintainer with a one-time password and return
    (name, password); otherwise None."""
    if db.first(select(_accounts.c.name).limit(1)) is not None:
        return None
    password = one_time_password()
    add_account(db, FIRST_MAINTAINER, MAINTAINER, [], (), password, must_change_password=True)
    return FIRST_MAINTAINER, password
