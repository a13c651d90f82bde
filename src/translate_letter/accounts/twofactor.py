"""Two-factor sign-in: TOTP codes (pyotp) and ten single-use recovery codes kept hashed."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno

from ..review.journal import Database
from ..tokens import ascii_digits

ISSUER = "translate-letter"
RECOVERY_CODES = 10
# TOTP steps accepted either side of now, for clocks a little off.
_WINDOW = 1


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
        conn.execute("UPDATE account_security SET totp_pending = ? WHERE name = ?",
                     (secret, name))
    return secret


def pending_secret(db: Database, name: str) -> str | None:
    """The secret shown for enrolment and not yet confirmed."""
    rows = db.query("SELECT totp_pending FROM account_security WHERE name = ?", (name,))
    return rows[0]["totp_pending"] if rows else None


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
        conn.execute("UPDATE account_security SET totp_secret = totp_pending,"
                     " totp_pending = NULL, totp_last_step = ? WHERE name = ?", (step, name))
        conn.execute("DELETE FROM recovery_codes WHERE name = ?", (name,))
        conn.executemany("INSERT INTO recovery_codes (name, code_hash) VALUES (?, ?)",
                         [(name, _hash(c)) for c in codes])
    return codes


def verify_code(db: Database, name: str, code: str) -> str | None:
    """Check a TOTP code (each usable once) or a recovery code (spent by use).

    Returns ``"totp"`` or ``"recovery"`` for an accepted code, None otherwise.
    """
    rows = db.query("SELECT totp_secret, totp_last_step FROM account_security WHERE name = ?",
                    (name,))
    if not rows or rows[0]["totp_secret"] is None:
        return None
    step = _matching_step(rows[0]["totp_secret"], code)
    with db.transaction() as conn:
        if step is not None:
            # Only a step after the last one used: a code seen over a shoulder is spent.
            used = conn.execute("UPDATE account_security SET totp_last_step = ?"
                                " WHERE name = ? AND totp_last_step < ?",
                                (step, name, step)).rowcount
            return "totp" if used else None
        spent = conn.execute("DELETE FROM recovery_codes WHERE name = ? AND code_hash = ?",
                             (name, _hash(code))).rowcount
        return "recovery" if spent else None


def recovery_codes_left(db: Database, name: str) -> int:
    """How many unused recovery codes the account has."""
    return db.query("SELECT COUNT(*) AS n FROM recovery_codes WHERE name = ?",
                    (name,))[0]["n"]


def reset(db: Database, name: str) -> None:
    """Turn two-factor sign-in off (a lost phone); the next sign-in may enrol again."""
    with db.transaction() as conn:
        conn.execute("UPDATE account_security SET totp_secret = NULL, totp_pending = NULL,"
                     " totp_last_step = 0 WHERE name = ?", (name,))
        conn.execute("DELETE FROM recovery_codes WHERE name = ?", (name,))
