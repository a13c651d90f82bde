"""The security audit trail: who signed in, failed, was locked out, changed a password, a
second factor, an account or a role, and who approved what; with time and client address."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, date, datetime

from ..errors import UserError
from ..review.journal import Database

# The address of the client whose request is being served; None outside a request (the CLI).
_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def now_iso() -> str:
    """The current time as the audit trail writes it (UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def set_client_address(address: str | None) -> None:
    """Remember the address of the client being served, for every event of its request."""
    _client_address.set(address)


def client_address() -> str | None:
    """The address of the client being served (None on the command line)."""
    return _client_address.get()


def record(db: Database, event: str, account: str | None, detail: str = "") -> None:
    """Add one event to the trail, with the time and the current client's address."""
    with db.transaction() as conn:
        conn.execute("INSERT INTO audit (at, event, account, address, detail)"
                     " VALUES (?, ?, ?, ?, ?)",
                     (now_iso(), event, account, client_address() or "local", detail))


def saved(db: Database, user: str, doc: str, lang: str, eid: str, state: str) -> None:
    """Record a save in the trail when it is an approval."""
    if state == "approved":
        record(db, "approved", user, f"{doc}/{lang} entry {eid}")


def parse_since(text: str) -> str:
    """A ``--since`` date or date and time, as the trail's time format; else a user error."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"--since {text!r}: use a date such as 2026-12-01 "
                        "or 2026-12-01T09:30") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def events(db: Database, since: str | None = None, limit: int | None = None) -> list[dict]:
    """Events of the trail, oldest first (the newest ``limit`` ones when given)."""
    rows = db.query("SELECT seq, at, event, account, address, detail FROM audit"
                    " WHERE at >= ? ORDER BY seq DESC LIMIT ?",
                    (since or date.min.isoformat(), -1 if limit is None else limit))
    return [dict(row) for row in reversed(rows)]
