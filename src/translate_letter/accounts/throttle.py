"""Throttled sign-in: failures counted per account name and per client address.

After a few free failures every further attempt must wait a delay that doubles with each
failure; an attempt made before its delay is over is refused unchecked and counts as one
more failure.  Enough failures on one name lock it for an interval that doubles with each
lockout, until it ends or a maintainer unlocks the account.  Names that have no account are
counted the same way, so the answers never tell which names exist.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ..errors import N_, UserError
from ..review.journal import Database

FORGET_AFTER_S = 24 * 3600.0


@dataclass(frozen=True)
class Rule:
    """How failures of one kind of key are throttled."""

    scope: str
    free: int                   # failures allowed before delays start
    max_delay: float            # seconds
    lock_after: int | None      # failures that lock the key (None: never locked)
    first_lock: float = 15 * 60.0
    max_lock: float = 24 * 3600.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th failure."""
        if failures < self.free:
            return 0.0
        return min(2.0 ** (failures - self.free), self.max_delay)

    def lock(self, lockouts: int) -> float:
        """Seconds of the lockout that follows ``lockouts`` earlier ones."""
        return min(self.first_lock * 2.0 ** lockouts, self.max_lock)


ACCOUNT = Rule("account", free=3, max_delay=300.0, lock_after=10)
ADDRESS = Rule("address", free=10, max_delay=300.0, lock_after=None)


class Throttled(UserError):
    """Too many failed sign-ins: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: float, locked: bool, newly_locked: bool = False) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        self.locked = locked
        self.newly_locked = newly_locked  # this very attempt locked the name
        if locked:
            super().__init__(N_("too many failed sign-ins: this account is locked for "
                                "%(minutes)s minute(s), or until a maintainer unlocks it"),
                             minutes=math.ceil(self.retry_after / 60))
        else:
            super().__init__(N_("too many failed sign-ins: wait %(seconds)s s and try again"),
                             seconds=self.retry_after)


def _row(db: Database, rule: Rule, key: str) -> dict:
    rows = db.query("SELECT failures, last, locked_until, lockouts FROM signin_failures"
                    " WHERE scope = ? AND key = ?", (rule.scope, key))
    row = dict(rows[0]) if rows else {"failures": 0, "last": 0.0, "locked_until": 0.0,
                                      "lockouts": 0}
    now = time.time()
    if row["locked_until"] <= now and now - row["last"] > FORGET_AFTER_S:
        row.update(failures=0, lockouts=0)  # a quiet day wipes the slate
    return row


def _wait(rule: Rule, row: dict, now: float) -> tuple[float, bool]:
    """(seconds to wait, locked) for a key in the state ``row``."""
    if row["locked_until"] > now:
        return row["locked_until"] - now, True
    return max(0.0, row["last"] + rule.delay(row["failures"]) - now), False


def _count_failure(db: Database, rule: Rule, key: str, row: dict, now: float) -> bool:
    """Add a failure to ``key``; True when it locks the key."""
    failures, locked_until, lockouts = row["failures"] + 1, row["locked_until"], row["lockouts"]
    locks = rule.lock_after is not None and failures >= rule.lock_after
    if locks:
        locked_until, lockouts, failures = now + rule.lock(lockouts), lockouts + 1, 0
    with db.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO signin_failures"
                     " (scope, key, failures, last, locked_until, lockouts)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     (rule.scope, key, failures, now, locked_until, lockouts))
    return locks


def _keys(name_key: str, address: str | None) -> list[tuple[Rule, str]]:
    return [(ACCOUNT, name_key), (ADDRESS, address or "local")]


def check(db: Database, name_key: str, address: str | None) -> None:
    """Raise :class:`Throttled` when the name or the address must wait; a refused attempt
    counts as one more failure."""
    now = time.time()
    waits = []
    for rule, key in _keys(name_key, address):
        row = _row(db, rule, key)
        wait, locked = _wait(rule, row, now)
        if wait > 0 and not locked and _count_failure(db, rule, key, row, now):
            raise Throttled(rule.lock(row["lockouts"]), locked=True, newly_locked=True)
        if wait > 0:
            waits.append((wait, locked))
    if waits:
        raise Throttled(*max(waits))


def failed(db: Database, name_key: str, address: str | None) -> bool:
    """Count a failed sign-in; True when it locked the name."""
    now = time.time()
    locked = False
    for rule, key in _keys(name_key, address):
        locked |= _count_failure(db, rule, key, _row(db, rule, key), now) and rule is ACCOUNT
    return locked


def succeeded(db: Database, name_key: str) -> None:
    """A right password (and code): the name's failures are forgotten, its lockouts kept."""
    with db.transaction() as conn:
        conn.execute("UPDATE signin_failures SET failures = 0 WHERE scope = ? AND key = ?",
                     (ACCOUNT.scope, name_key))


def unlock(db: Database, name_key: str) -> bool:
    """Lift a lockout and forget the name's failures; True when it was locked or delayed."""
    with db.transaction() as conn:
        return conn.execute("DELETE FROM signin_failures WHERE scope = ? AND key = ?",
                            (ACCOUNT.scope, name_key)).rowcount > 0


def locked_until(db: Database, name_key: str) -> float | None:
    """When the name's lockout ends (a Unix time), or None when it is not locked."""
    row = _row(db, ACCOUNT, name_key)
    return row["locked_until"] if row["locked_until"] > time.time() else None
