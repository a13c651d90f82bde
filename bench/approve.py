"""Bulk approval: a reviewer approves 5,000 translated entries in one request.

A 5,000-entry catalog translated by one person (``# translated: farid``), ``translate-letter
serve`` on loopback, another person approving through ``POST /api/<doc>/<lang>/approve``
what the editor just listed, as the editor does.  Baseline, measured in the same run:
approving one entry through the same route (the median of several).  Prints the time of the
bulk approval, the single-entry time, the cost per entry of each and their ratio, and checks
that every entry reached the PO file approved.

With ``--changed``, the translator saves one more entry between the listing and the bulk
approval: the catalog changed, so every entry's QA findings are judged again (the checks
compare entries with each other).

    python bench/approve.py [--entries 5000] [--singles 7] [--changed]
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from review_load import Connection, make_project, start_server

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import open_accounts
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import State, mark_translated, state_of
from translate_letter.catalog.writer import save_catalog

PASSWORD = "bench password"
TARGET_S = 1.0
FLUSH_BOUND_S = 30.0


def translate_all(po: Path) -> None:
    """Every entry translated by farid, as a translator's work arrives in the PO file."""
    catalog = load_catalog(po)
    for message in messages(catalog):
        mark_translated(message, f"ترجمهٔ {message.id}", "farid", "2026-12-01")
    save_catalog(po, catalog)


def approve(connection: Connection, items: list[dict]) -> tuple[float, list[dict]]:
    body = json.dumps({"entries": [{"id": e["id"], "version": e["version"]} for e in items]})
    start = time.perf_counter()
    status, data = connection.request("POST", "/api/load/fa/approve", body.encode(), {
        "Content-Type": "application/json", "X-CSRFToken": connection.csrf})
    elapsed = time.perf_counter() - start
    if status != 200:
        raise SystemExit(f"approval answered {status}: {data[:300]!r}")
    return elapsed, json.loads(data)


def approved_in_file(po: Path) -> int:
    return sum(1 for m in messages(load_catalog(po)) if state_of(m) is State.APPROVED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--singles", type=int, default=7)
    parser.add_argument("--changed", action="store_true",
                        help="a save elsewhere in the catalog just before the approval")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        po = make_project(root, args.entries + args.singles, clients=0)
        translate_all(po)
        db = open_accounts(root / "instance")
        add_account(db, "roya", "reviewer", ["fa"], ["fa"], PASSWORD)
        add_account(db, "farid", "translator", ["fa"], ["fa"], PASSWORD)
        db.close()
        process, url = start_server(root)
        try:
            connection = Connection(url)
            connection.sign_in("roya")
            _, listing = connection.request("GET", "/api/load/fa/entries")
            entries = json.loads(listing)
            singles = []
            for entry in entries[: args.singles]:
                elapsed, results = approve(connection, [entry])
                assert results[0]["approved"], results[0]
                singles.append(elapsed)
            _, listing = connection.request("GET", "/api/load/fa/entries")  # the editor
            bulk = json.loads(listing)[args.singles + int(args.changed):]
            if args.changed:
                translator = Connection(url)
                translator.sign_in("farid")
                entry = json.loads(listing)[args.singles]
                status, _ = translator.save(entry["id"], "ترجمه‌ای تازه", entry["version"])
                assert status == 200
            elapsed, results = approve(connection, bulk)
            approved = sum(1 for r in results if r["approved"])
            deadline = time.monotonic() + FLUSH_BOUND_S
            while approved_in_file(po) < args.singles + len(bulk):
                if time.monotonic() > deadline:
                    raise SystemExit("the approvals did not all reach the PO file")
                time.sleep(0.2)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)

    single = statistics.median(singles)
    per_entry = elapsed / len(bulk)
    print(f"one entry approved:        {single * 1000:8.1f} ms (median of {len(singles)})")
    print(f"{len(bulk)} entries at once:     {elapsed:8.2f} s  "
          f"({approved} approved, {per_entry * 1000:.2f} ms per entry)")
    print(f"bulk / one entry:          {elapsed / single:8.1f}x the time of one approval "
          f"for {len(bulk)}x the entries ({single / per_entry:.0f}x cheaper per entry)")
    met = elapsed <= TARGET_S and approved == len(bulk)
    print(f"target: {len(bulk)} entries in at most {TARGET_S:g} s: "
          f"{'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
