"""Password rules and hashing: at least 12 characters, nothing zxcvbn finds easy to guess."""

from __future__ import annotations

import secrets
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..core.errors import N_, UserError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
# zxcvbn's scale: 3 is "safely unguessable" for an online attack with throttling.
MIN_STRENGTH = 3
# zxcvbn's work grows quickly with length; what follows the first 100 characters only helps.
_ESTIMATED_PREFIX = 100


def validate_password(password: str, name: str = "") -> str:
    """``password`` when it is long and hard enough to guess, else a user error saying why."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(N_("the password must have at least %(count)s characters"),
                        count=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(N_("the password must have at most %(count)s characters"),
                        count=MAX_PASSWORD_LENGTH)
    estimate = zxcvbn(password[:_ESTIMATED_PREFIX], user_inputs=[name] if name else [])
    if estimate["score"] < MIN_STRENGTH:
        if not estimate["feedback"]["warning"]:
            raise UserError(N_("the password is too weak: it is too easy to guess; use a few "
                               "uncommon words"))
        # zxcvbn's reasons are English only.
        raise UserError(N_("the password is too weak: %(reason)s; use a few uncommon words"),
                        reason=estimate["feedback"]["warning"].rstrip(".").lower())
    return password


def hash_password(password: str) -> str:
    """The salted, slow hash kept in the database."""
    return generate_password_hash(password)


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; with no hash, as slow as a real check and False."""
    if password_hash is None:
        check_password_hash(_decoy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


def one_time_password() -> str:
    """A random password for a reset or a first account, to be changed at first sign-in."""
    return secrets.token_urlsafe(12)
