"""Two-factor sign-in: TOTP codes (pyotp) and ten single-use recovery codes kept hashed."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, func, insert, select, update

from ..core.tokens import ascii_digits
from ..storage import Database, schema

ISSUER = "translate-letter"
RECOVERY_CODES = 10
# TOTP steps accepted either side of now, for clocks a little off.
_WINDOW = 1
_security, _codes = schema.account_security, schema.recovery_codes


# What people put between the characters of a code: spaces of every kind and dashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u200c\u200f\u200e]+")


def typed(code: str) -> str:
    """A code as typed on any keyboard: Persian and Arabic-Indic digits as 0-9, spaces and
    dashes left out, in lower case."""
    return _SEPARATORS.sub("", ascii_digits(code)).lower()


def _hash(code: str) -> str:
    return hashlib.sha256(typed(code).encode("utf-8", "surrogatepass")).hexdigest()


def begin_enrolment(db: Database, name: str) -> str:
    """A new secret for ``name``, kept aside until a code from it confirms the enrolment."""
    secret = pyotp.random_base32()
    with db.transaction() as conn:
        conn.execute(update(_security).where(_security.c.name == name)
                     .values(totp_pending=secret))
    return secret


def pending_secret(db: Database, name: str) -> str | None:
    """The secret shown for enrolment and not yet confirmed."""
    row = db.first(select(_security.c.totp_pending).where(_security.c.name == name))
    return None if row is None else row["totp_pending"]


def provisioning_qr_svg(name: str, secret: str) -> str:
    """The ``otpauth://`` address of the secret as an inline SVG QR code."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code is ``code`` (within the window), else None."""
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // totp.interval
    given = typed(code).encode("utf-8", "surrogatepass")
    for step in range(now_step - _WINDOW, now_step + _WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step).encode(), given):
            return step
    return None


def confirm_enrolment(db: Database, name: str, code: str) -> list[str] | None:
    """Turn on two-factor sign-in when ``code`` comes from the pending secret; returns the
    ten recovery codes (shown once), or None for a wrong code."""
    secret = pending_secret(db, name)
    step = _matching_step(secret, code) if secret else None
    if step is None:
        return None
    codes = ["-".join(secrets.token_hex(10)[i:i + 5] for i in range(0, 20, 5))
             for _ in range(RECOVERY_CODES)]
    with db.transaction() as conn:
        conn.execute(update(_security).where(_security.c.name == name).values(
            totp_secret=_security.c.totp_pending, totp_pending=None, totp_last_step=step))
        conn.execute(delete(_codes).where(_codes.c.name == name))
        conn.execute(insert(_codes), [{"name": name, "code_hash": _hash(c)} for c in codes])
    return codes


def verify_code(db: Database, name: str, code: str) -> str | None:
    """Check a TOTP code (each usable once) or a recovery code (spent by use).

    Returns ``"totp"`` or ``"recovery"`` for an accepted code, None otherwise.
    """
    row = db.first(select(_security.c.totp_secret).where(_security.c.name == name))
    if row is None or row["totp_secret"] is None:
        return None
    step = _matching_step(row["totp_secret"], code)
    with db.transaction() as conn:
        if step is not None:
            # Only a step after the last one used: a code seen over a shoulder is spent.
            used = conn.execute(update(_security).where(
                _security.c.name == name, _security.c.totp_last_step < step)
                .values(totp_last_step=step)).rowcount
            return "totp" if used else None
        spent = conn.execute(delete(_codes).where(_codes.c.name == name,
                                                  _codes.c.code_hash == _hash(code))).rowcount
        return "recovery" if spent else None


def recovery_codes_left(db: Database, name: str) -> int:
    """How many unused recovery codes the account has."""
    return db.first(select(func.count().label("n")).select_from(_codes)
                    .where(_codes.c.name == name))["n"]


def reset(db: Database, name: str) -> None:
    """Turn two-factor sign-in off (a lost phone); the next sign-in may enrol again."""
    with db.transaction() as conn:
        conn.execute(update(_security).where(_security.c.name == name)
                     .values(totp_secret=None, totp_pending=None, totp_last_step=0))
        conn.execute(delete(_codes).where(_codes.c.name == name))
