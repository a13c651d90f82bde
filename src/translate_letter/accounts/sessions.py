"""Server-side sign-in sessions: a browser holds a random token, the database holds its hash.

Ending a session deletes its record, so a copied cookie is worth nothing afterwards.  Idle
timeout and absolute lifetime come from ``[tool.translate-letter]``.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from ..core.config import Settings
from ..core.errors import UserError
from ..storage import Database, schema

IDLE_SETTING = "session-idle-minutes"
LIFETIME_SETTING = "session-lifetime-hours"
# Record activity at most this often: a write on every request would slow every save.
_TOUCH_EVERY_S = 30.0
_sessions = schema.sessions


@dataclass(frozen=True)
class Lifetimes:
    """How long a session may sit unused, and how long it may live at all (seconds)."""

    idle: float
    absolute: float


def lifetimes(settings: Settings) -> Lifetimes:
    """The session lifetimes set for the project (defaults: 2 hours idle, 12 hours in all)."""
    idle = settings.setting(IDLE_SETTING)
    absolute = settings.setting(LIFETIME_SETTING)
    if idle <= 0 or absolute <= 0:
        raise UserError(f"[tool.translate-letter] {IDLE_SETTING} and {LIFETIME_SETTING} "
                        "must be positive")
    return Lifetimes(idle=idle * 60.0, absolute=absolute * 3600.0)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Database, name: str, address: str | None) -> str:
    """Open a session for ``name``; returns the token the browser keeps."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    with db.transaction() as conn:
        conn.execute(insert(_sessions).values(token_hash=_hash(token), name=name, created=now,
                                              last_seen=now, address=address))
    return token


def resolve(db: Database, token: str, limits: Lifetimes) -> str | None:
    """The account name of a live session, else None (an expired one is deleted)."""
    row = db.first(select(_sessions.c.name, _sessions.c.created, _sessions.c.last_seen)
                   .where(_sessions.c.token_hash == _hash(token)))
    if row is None:
        return None
    now = time.time()
    if now - row["last_seen"] > limits.idle or now - row["created"] > limits.absolute:
        end(db, token)
        return None
    if now - row["last_seen"] > _TOUCH_EVERY_S:
        with db.transaction() as conn:
            conn.execute(update(_sessions).where(_sessions.c.token_hash == _hash(token))
                         .values(last_seen=now))
    return row["name"]


def end(db: Database, token: str) -> None:
    """End one session (an expired one)."""
    with db.transaction() as conn:
        conn.execute(delete(_sessions).where(_sessions.c.token_hash == _hash(token)))


def end_all(db: Database, name: str) -> int:
    """End every session of an account, on every device; returns how many there were."""
    with db.transaction() as conn:
        return conn.execute(delete(_sessions).where(_sessions.c.name == name)).rowcount

