"""Throttled sign-in that protects the owner of a name from the strangers who try it.

Failures are counted per client, not only per name (OWASP's "device cookies"):

- a **known device** (a browser that signed in to this name before, holding the signed
  cookie it got then) answers for its own failures only: nobody else's attempts delay or
  lock it, and a run of its own failures locks that device alone;
- an **address with a good history** (this name signed in from it lately) answers for the
  address's failures only;
- a **stranger** answers for the address's failures, and its wrong passwords and codes also
  count against the name.  Enough of them lock the name for strangers only, for an interval
  that doubles with each lockout.

After a few free failures every further attempt must wait a delay that doubles with each
failure.  An attempt made before its delay is over is refused unchecked and counts against
the address or the device that made it, never against the name: one stranger's burst cannot
lock a name, nor undo a maintainer's unlock.  The owner's next full sign-in from a known
device ends a lockout.  Names that have no account are counted the same way, so the answers
never tell which names exist.

Every count is one statement (an upsert that returns the new count), so failures counted
at the same time by several threads or processes are never lost.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy import case, delete, select, update

from ..core.errors import N_, UserError
from ..storage import Database, schema, upsert

FORGET_AFTER_S = 24 * 3600.0
# Characters of a name key that count: a longer name is counted with its first ones.
KEY_LENGTH = 64
# How long a successful sign-in makes its address a good one for that name.
GOOD_ADDRESS_S = 30 * 24 * 3600.0
_failures, _addresses = schema.signin_failures, schema.signin_addresses


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


NAME = Rule("account", free=3, max_delay=300.0, lock_after=10)
ADDRESS = Rule("address", free=5, max_delay=300.0, lock_after=None)
DEVICE = Rule("device", free=5, max_delay=300.0, lock_after=10)


@dataclass(frozen=True)
class Client:
    """Who is trying a name: its address, and what the name knows of it."""

    address: str
    device: str | None = None       # the id of a known device of this name
    good_address: bool = False      # the name signed in from this address lately

    @property
    def stranger(self) -> bool:
        return self.device is None and not self.good_address

    def keys(self, name_key: str) -> list[tuple[Rule, str]]:
        """The counts that this client's checked failures add to."""
        if self.device is not None:
            return [(DEVICE, self.device)]
        own = [(ADDRESS, self.address)]
        return own + [(NAME, name_key)] if self.stranger else own

    def early_keys(self) -> list[tuple[Rule, str]]:
        """The counts that an attempt refused unchecked adds to: never the name's."""
        return [(DEVICE, self.device)] if self.device is not None else [(ADDRESS, self.address)]


class Throttled(UserError):
    """Too many failed sign-ins: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: float, locked: bool) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        self.locked = locked
        if locked:
            super().__init__(N_("too many failed sign-ins: this account is locked for "
                                "%(minutes)s minute(s), or until a maintainer unlocks it"),
                             minutes=math.ceil(self.retry_after / 60))
        else:
            super().__init__(N_("too many failed sign-ins: wait %(seconds)s s and try again"),
                             seconds=self.retry_after)


def client(db: Database, name_key: str, address: str | None, device: str | None = None
           ) -> Client:
    """The client ``address`` (with the id of a known device of the name, if it has one),
    as the name ``name_key`` knows it."""
    address, name_key = address or "local", name_key[:KEY_LENGTH]
    a = _addresses.c
    good = db.first(select(a.last).where(a.name_key == name_key, a.address == address,
                                         a.last > time.time() - GOOD_ADDRESS_S)) is not None
    return Client(address, device, good)


def _state(db: Database, rule: Rule, key: str, now: float) -> tuple[int, float, float]:
    """(failures, last failure, locked until) of a key; a quiet day wipes the slate."""
    f = _failures.c
    row = db.first(select(f.failures, f.last, f.locked_until)
                   .where(f.scope == rule.scope, f.key == key))
    if row is None:
        return 0, 0.0, 0.0
    failures, last, locked = row["failures"], row["last"], row["locked_until"]
    if locked <= now and now - last > FORGET_AFTER_S:
        return 0, last, 0.0
    return failures, last, locked


def _wait(rule: Rule, key: str, db: Database, now: float) -> tuple[float, bool]:
    """(seconds to wait, locked) for a key."""
    failures, last, locked_until = _state(db, rule, key, now)
    if locked_until > now:
        return locked_until - now, True
    return max(0.0, last + rule.delay(failures) - now), False


def _count(db: Database, rule: Rule, key: str, now: float) -> bool:
    """Add one failure to ``key`` in one statement; True when it locks the key."""
    f = _failures.c

    def counted(new: object) -> dict:
        # A quiet day since the last failure, and no lockout running: the count starts over.
        fresh = (f.locked_until <= new.last) & (new.last - f.last > FORGET_AFTER_S)
        return {"failures": case((fresh, 1), else_=f.failures + 1),
                "lockouts": case((fresh, 0), else_=f.lockouts), "last": new.last}

    this = (f.scope == rule.scope) & (f.key == key)
    with db.transaction() as conn:
        failures, lockouts = conn.execute(
            upsert(conn, _failures, counted).returning(f.failures, f.lockouts),
            {"scope": rule.scope, "key": key, "failures": 1, "last": now, "locked_until": 0,
             "lockouts": 0}).one()
        locks = rule.lock_after is not None and failures >= rule.lock_after
        if locks:
            # The failure that reaches the limit locks; a concurrent one finds it done.
            locks = conn.execute(
                update(_failures).where(this, f.failures >= rule.lock_after)
                .values(locked_until=now + rule.lock(lockouts), lockouts=f.lockouts + 1,
                        failures=0)).rowcount > 0
        conn.execute(delete(_failures).where(f.last < now - FORGET_AFTER_S,
                                             f.locked_until < now))
    return locks


def check(db: Database, name_key: str, who: Client) -> None:
    """Raise :class:`Throttled` when this client must wait before trying ``name_key``; the
    refused attempt counts against the client (its address or device), not the name."""
    now, name_key = time.time(), name_key[:KEY_LENGTH]
    checked = [(DEVICE, who.device)] if who.device is not None else [(ADDRESS, who.address)]
    if who.stranger:
        checked.append((NAME, name_key))
    waits = [_wait(rule, key, db, now) for rule, key in checked]
    waits = [w for w in waits if w[0] > 0]
    if not waits:
        return
    wait, locked = max(waits)
    for rule, key in who.early_keys():
        if _count(db, rule, key, now):  # a known device's own burst locks that device
            wait, locked = _wait(rule, key, db, now)
    raise Throttled(wait, locked)


def failed(db: Database, name_key: str, who: Client) -> bool:
    """Count a checked failure (a wrong password or code); True when it locked the name."""
    now = time.time()
    locked = False
    for rule, key in who.keys(name_key[:KEY_LENGTH]):
        locked |= _count(db, rule, key, now) and rule is NAME
    return locked


def succeeded(db: Database, name_key: str, who: Client) -> None:
    """A full sign-in: the name's failures and lockout end (its number of lockouts is
    kept, so a renewed attack locks for longer), the device's too, and the address becomes
    a good one for the name."""
    now, name_key = time.time(), name_key[:KEY_LENGTH]
    f = _failures.c
    with db.transaction() as conn:
        conn.execute(update(_failures).where(f.scope == NAME.scope, f.key == name_key)
                     .values(failures=0, locked_until=0))
        if who.device is not None:
            conn.execute(delete(_failures).where(f.scope == DEVICE.scope, f.key == who.device))
        conn.execute(upsert(conn, _addresses),
                     {"name_key": name_key, "address": who.address, "last": now})
        conn.execute(delete(_addresses).where(_addresses.c.last < now - GOOD_ADDRESS_S))


def unlock(db: Database, name_key: str) -> bool:
    """Lift a lockout and forget the name's failures; True when it was locked or delayed."""
    f = _failures.c
    with db.transaction() as conn:
        return conn.execute(delete(_failures).where(
            f.scope == NAME.scope, f.key == name_key[:KEY_LENGTH])).rowcount > 0


def locked_until(db: Database, name_key: str) -> float | None:
    """When the name's lockout (for strangers) ends, as a Unix time, or None."""
    now = time.time()
    until = _state(db, NAME, name_key[:KEY_LENGTH], now)[2]
    return until if until > now else None
