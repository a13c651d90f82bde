"""The security audit trail: who signed in, failed, was locked out, changed a password, a
second factor, an account or a role, and who approved what; with time and client address.

Failures are what anyone can cause without an account, so they cannot be allowed to flood
the trail: repeated failures are one row with a count per name, address and minute; past a
few addresses in a minute a name's failures share one row, and past a few rows in a minute
every name's do.  Failure rows are pruned by age and number; every other event is kept.
"""

from __future__ import annotations

import json
import unicodedata
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, RowMapping, delete, func, insert, select

from ..core.errors import UserError
from ..storage import Database, schema, upsert

# The address of the client whose request is being served; None outside a request (the CLI).
_audit = schema.audit
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


def record(db: Database, event: str, account: str | None, detail: str = "",
           fields: dict | None = None) -> int:
    """Add one event to the trail, with the time and the current client's address, and
    ``fields`` of its own (shown beside the others); returns its number."""
    with db.transaction() as conn:
        return record_in(conn, event, account, detail, fields)


def record_in(conn: Connection, event: str, account: str | None, detail: str = "",
              fields: dict | None = None) -> int:
    """:func:`record` inside a transaction the caller holds."""
    return conn.execute(insert(_audit).values(
        at=now_iso(), event=event, account=account, address=client_address() or "local",
        detail=detail, fields=None if fields is None else json.dumps(fields, ensure_ascii=False),
    ).returning(_audit.c.seq)).scalar_one()


# Failure events, aggregated per name, address and minute.
FAILURES = ("signin-failed", "signin-throttled", "2fa-failed", "password-change-failed")
# Rows per name, event and minute before the name's other addresses share one row.
ADDRESSES_PER_NAME = 3
# Rows per event and minute before the failures of every other name share one row.
ROWS_PER_MINUTE = 8
MANY = "*"
KEEP_FAILURES = timedelta(days=30)
MAX_FAILURE_ROWS = 10_000


def record_failure(db: Database, event: str, account: str) -> None:
    """Count one failure of ``account`` (the name as given, folded) from the current client
    in the row of its minute."""
    now = datetime.now(UTC)
    bucket = now.strftime("%Y-%m-%dT%H:%M")
    address = client_address() or "local"
    a = _audit.c
    with db.transaction() as conn:
        account, address = _shared_row(conn, bucket, event, account, address)
        count = conn.execute(
            upsert(conn, _audit, lambda new: {"count": a.count + 1},
                   key=["bucket", "event", "account", "address"], key_where=schema.AUDIT_BUCKET)
            .returning(a.count),
            {"at": now.isoformat(timespec="seconds"), "event": event, "account": account,
             "address": address, "detail": "", "count": 1, "bucket": bucket}).scalar_one()
        if count == 1:
            _prune_failures(conn, now)


def _shared_row(conn: Connection, bucket: str, event: str, account: str,
                address: str) -> tuple[str, str]:
    """The (account, address) of the row that counts this failure."""
    def rows(*where: str) -> int:
        columns = (_audit.c.account, _audit.c.address)[:len(where)]
        return conn.execute(select(func.count()).select_from(_audit).where(
            _audit.c.bucket == bucket, _audit.c.event == event,
            *(column == value for column, value in zip(columns, where, strict=True)))
        ).scalar_one()

    if rows(account, address):
        return account, address
    if rows(account) >= ADDRESSES_PER_NAME:
        address = MANY
        if rows(account, address):
            return account, address
    if rows() >= ROWS_PER_MINUTE:
        return MANY, MANY
    return account, address


def _prune_failures(conn: Connection, now: datetime) -> None:
    failures, seq = schema.AUDIT_BUCKET, _audit.c.seq
    conn.execute(delete(_audit).where(
        failures, _audit.c.at < (now - KEEP_FAILURES).isoformat(timespec="seconds")))
    oldest_kept = (select(seq).where(failures).order_by(seq.desc()).limit(1)
                   .offset(MAX_FAILURE_ROWS).scalar_subquery())
    conn.execute(delete(_audit).where(failures, seq <= oldest_kept))


def saved(db: Database, user: str, doc: str, lang: str, eid: str, state: str) -> int | None:
    """Record a save in the trail when it is an approval; returns the event's number."""
    if state == "approved":
        return record(db, "approved", user, f"{doc}/{lang} entry {eid}",
                      {"doc": doc, "lang": lang, "entry": eid})
    return None


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


def events(db: Database, since: str | None = None, limit: int | None = None,
           failures: int | None = None) -> list[dict]:
    """Events of the trail, oldest first: the newest ``limit`` ones when given, of which at
    most ``failures`` rows of counted failures (so that a flood of failures cannot hide a
    lockout)."""
    a = _audit.c
    newest = (select(a.seq, a.at, a.event, a.account, a.address, a.detail, a.count, a.fields)
              .where(a.at >= (since or date.min.isoformat())).order_by(a.seq.desc()))
    if failures is None:
        rows = db.query(newest.limit(limit))
    else:
        rows = db.query(newest.where(a.bucket.is_(None)).limit(limit))
        rows += db.query(newest.where(schema.AUDIT_BUCKET).limit(failures))
        rows = sorted(rows, key=lambda row: row["seq"], reverse=True)[:limit]
    return [_event(row) for row in reversed(rows)]


def _event(row: RowMapping) -> dict:
    """A row of the trail with its own fields beside the common ones."""
    event = dict(row)
    fields = json.loads(event.pop("fields") or "{}")
    return event | {name: value for name, value in fields.items() if name not in event}


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
_CONTROLS = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def has_controls(text: str) -> bool:
    """True when ``text`` holds a control, format, line-breaking or unassigned character."""
    return any(unicodedata.category(ch) in _CONTROLS for ch in text)


def escaped(text: str | None) -> str:
    """``text`` safe for a terminal and a line of its own: control, format and line-breaking
    characters shown as escapes (``\\n``, ``\\x1b``, ``\\u202e``), backslashes doubled."""
    return "".join(_escape(ch) for ch in text or "")


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if unicodedata.category(ch) not in _CONTROLS:
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"
