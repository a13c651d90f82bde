"""Signing in: throttling, the password, the second factor and the audit trail, in order."""

from __future__ import annotations

from ..errors import N_, UserError
from ..review.journal import Database
from . import Account, audit, authenticate, name_key, throttle, twofactor
from .throttle import Throttled

__all__ = ["SignInRefused", "Throttled", "check_code", "check_password"]


class SignInRefused(UserError):
    """Wrong name, password or code (the same answer whichever it was)."""


def _refuse(db: Database, given: str, address: str | None, event: str, message: str) -> None:
    key = name_key(given)[:64]
    if throttle.failed(db, key, address):
        audit.record(db, "locked", key, "too many failed sign-ins")
    audit.record(db, event, key)
    raise SignInRefused(message)


def _throttle(db: Database, given: str, address: str | None) -> None:
    try:
        throttle.check(db, name_key(given)[:64], address)
    except Throttled as exc:
        key = name_key(given)[:64]
        audit.record(db, "signin-throttled", key, f"retry after {exc.retry_after} s")
        if exc.newly_locked:
            audit.record(db, "locked", key, "too many failed sign-ins")
        raise


def check_password(db: Database, given: str, password: str, address: str | None) -> Account:
    """The account when name and password are right (a second factor may still be due);
    raises :class:`Throttled` or :class:`SignInRefused`."""
    _throttle(db, given, address)
    found = authenticate(db, given, password)
    if found is None:
        _refuse(db, given, address, "signin-failed", N_("wrong user name or password"))
    if not found.two_factor:
        _signed_in(db, found.name)
    return found


def check_code(db: Database, name: str, code: str, address: str | None) -> None:
    """Accept a TOTP or recovery code as the second step of ``name``'s sign-in; raises
    :class:`Throttled` or :class:`SignInRefused`."""
    _throttle(db, name, address)
    kind = twofactor.verify_code(db, name, code)
    if kind is None:
        _refuse(db, name, address, "2fa-failed", N_("wrong or already used code"))
    if kind == "recovery":
        audit.record(db, "recovery-code-used", name,
                     f"{twofactor.recovery_codes_left(db, name)} left")
    _signed_in(db, name)


def _signed_in(db: Database, name: str) -> None:
    """Forget the name's failures and record the sign-in."""
    throttle.succeeded(db, name_key(name))
    audit.record(db, "signed-in", name)
