"""Signing in: throttling, the password, the second factor and the audit trail, in order.

A right password of an account with two-factor sign-in opens a pending second step, kept in
the database: the browser holds only a random token for it.  The token is spent by the
sign-in it leads to, by too many wrong codes or after a few minutes, so a copy of it is
worth nothing afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Mapping

from sqlalchemy import delete, insert, select, update

from ..core.errors import N_, UserError
from ..storage import Database, schema
from . import Account, audit, authenticate, find_name, name_key, throttle, twofactor
from .throttle import Client, Throttled

__all__ = ["SignInRefused", "Throttled", "check_code", "check_password", "name_key_of",
           "pending_name", "second_step"]

# Seconds between a right password and the second factor's code.
CODE_STEP_S = 300
# Wrong codes one pending step takes before the password must be given again.
WRONG_CODES_PER_STEP = 5
MAX_NAME = 256
_pending = schema.pending_signins


class SignInRefused(UserError):
    """Wrong name, password or code (the same answer whichever it was)."""


def name_key_of(given: str) -> str:
    """The key a sign-in with the name ``given`` is throttled and known by."""
    return name_key(given[:MAX_NAME])


def _refuse(db: Database, key: str, who: Client, event: str, message: str) -> None:
    audit.record_failure(db, event, key)
    # A name without an account is counted like any other, but its lockout is no event.
    if throttle.failed(db, key, who) and (name := find_name(db, key)):
        audit.record(db, "locked", name, "too many failed sign-ins")
    raise SignInRefused(message)


def _throttle(db: Database, key: str, who: Client) -> None:
    try:
        throttle.check(db, key, who)
    except Throttled:
        audit.record_failure(db, "signin-throttled", key)
        raise


def check_password(db: Database, given: str, password: str, address: str | None,
                   devices: Mapping[str, str] | None = None) -> Account:
    """The account when name and password are right (a second factor may still be due:
    see :func:`second_step`); raises :class:`Throttled` or :class:`SignInRefused`.

    ``devices``: the client's known devices, {name key: device id}.
    """
    if audit.has_controls(given):
        # Refused before anything records it: such a name could forge lines of the trail.
        raise SignInRefused(N_("a user name cannot hold control characters"))
    key = name_key_of(given)
    who = throttle.client(db, key, address, (devices or {}).get(key))
    _throttle(db, key, who)
    found = authenticate(db, given, password)
    if found is None:
        _refuse(db, key, who, "signin-failed", N_("wrong user name or password"))
    if not found.two_factor:
        _signed_in(db, found.name, who)
    return found


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def second_step(db: Database, name: str) -> str:
    """Open the second step of ``name``'s sign-in after a right password; returns the token
    the browser keeps for it."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    with db.transaction() as conn:
        conn.execute(delete(_pending).where(_pending.c.created < now - CODE_STEP_S))
        conn.execute(insert(_pending).values(token_hash=_hash(token), name=name, created=now))
    return token


def pending_name(db: Database, token: str | None) -> str | None:
    """The account whose second step ``token`` opened, while it is open."""
    if not token:
        return None
    row = db.first(select(_pending.c.name).where(
        _pending.c.token_hash == _hash(token), _pending.c.created > time.time() - CODE_STEP_S))
    return None if row is None else row["name"]


def check_code(db: Database, token: str, code: str, address: str | None,
               devices: Mapping[str, str] | None = None) -> str:
    """Accept a TOTP or recovery code as the second step opened by ``token``; returns the
    name now signed in.  Raises :class:`Throttled` or :class:`SignInRefused`.

    A wrong code counts as a failed sign-in of the client (known devices answer for their
    own), never as a lever on the owner's devices.
    """
    name = pending_name(db, token)
    if name is None:
        raise SignInRefused(N_("the sign-in has expired: give the password again"))
    key = name_key_of(name)
    who = throttle.client(db, key, address, (devices or {}).get(key))
    _throttle(db, key, who)
    kind = twofactor.verify_code(db, name, code)
    if kind is None:
        this = _pending.c.token_hash == _hash(token)
        with db.transaction() as conn:
            conn.execute(update(_pending).where(this)
                         .values(wrong_codes=_pending.c.wrong_codes + 1))
            conn.execute(delete(_pending).where(
                this, _pending.c.wrong_codes >= WRONG_CODES_PER_STEP))
        _refuse(db, key, who, "2fa-failed", N_("wrong or already used code"))
    with db.transaction() as conn:
        spent = conn.execute(delete(_pending).where(
            _pending.c.token_hash == _hash(token))).rowcount
    if not spent:  # the same step finished by another request meanwhile
        raise SignInRefused(N_("the sign-in has expired: give the password again"))
    if kind == "recovery":
        audit.record(db, "recovery-code-used", name,
                     f"{twofactor.recovery_codes_left(db, name)} left")
    _signed_in(db, name, who)
    return name


def _signed_in(db: Database, name: str, who: Client) -> None:
    """End the name's failures and lockout, and record the sign-in."""
    throttle.succeeded(db, name_key_of(name), who)
    audit.record(db, "signed-in", name)
