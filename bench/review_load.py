"""Load on the review app: concurrent clients saving through the JSON API.

A 5,000-entry catalog, ``translate-letter serve`` on loopback, 16 clients saving 200 times
each.  Prints the save latency (p50/p95/max), how long the last save took to reach the PO
file, and the lost saves (each client's last text for each of its entries must be in the
PO file).  Baseline, measured in the same run: one plain rewrite of the same catalog with
polib, the cost a design that rewrites the file on every save would pay per save.

A second run does the same with a maintainer working beside the app: ``update`` and
``pretranslate --engine memory`` (a memory covering every source) looping on the project
for as long as the clients save.  Lost saves must stay 0; it prints the p95 ratio of the
two runs.

``--processes`` measures instead how the app scales on PostgreSQL (a throwaway cluster made
with ``initdb``, as the tests make one): saves per second and p95 with 1, 2 and 4 ``serve``
processes on one project folder and one PostgreSQL database, the clients spread over them,
beside one process on SQLite (the default), all in the same run.

    python bench/review_load.py [--clients 16] [--saves 200] [--entries 5000] [--processes]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # tests/postgres.py: the throwaway PostgreSQL cluster

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import open_accounts
from translate_letter.catalog.merge import update_catalogs
from translate_letter.core.config import load_settings
from translate_letter.extract import extract_templates
from translate_letter.review.app_lock import project_database

PASSWORD = "bench password"
ENTRIES_PER_CLIENT = 10
P95_TARGET_MS = 50.0
FLUSH_BOUND_S = 2.0


def make_project(root: Path, entries: int, clients: int) -> Path:
    """A project whose one document has ``entries`` sentences, with a Persian catalog."""
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate-letter]\nlanguages = ["fa"]\n')
    paragraphs = [" ".join(f"Statement {n} asks the Council to review case number {n}."
                           for n in range(p, min(p + 5, entries)))
                  for p in range(0, entries, 5)]
    (root / "source" / "load.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    settings = load_settings(root)
    extract_templates(settings)
    update_catalogs(settings, ["fa"])
    db = open_accounts(project_database(settings))  # TRANSLATE_LETTER_DATABASE, if set
    for n in range(clients):
        add_account(db, f"client{n}", "translator", ["fa"], ["fa"], PASSWORD)
    db.close()
    return settings.catalog_path("load", "fa")


def baseline_rewrite_ms(po: Path, repeats: int = 5) -> float:
    """Median time of loading nothing new and rewriting the whole catalog with polib."""
    catalog = polib.pofile(str(po))
    target = po.with_name("baseline.po")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        catalog.save(str(target))
        times.append(time.perf_counter() - start)
    target.unlink()
    return statistics.median(times) * 1000


# The previous server: the same app on werkzeug's threaded server, stopped the same way.
WERKZEUG = """
import signal, sys
from werkzeug.serving import make_server
from translate_letter.web import create_app
app = create_app({"PROJECT_ROOT": sys.argv[1]})
server = make_server("127.0.0.1", 0, app, threaded=True)
def stop(signum, frame):
    raise KeyboardInterrupt
signal.signal(signal.SIGTERM, stop)
print(f"review app at http://127.0.0.1:{server.port}/", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
finally:
    from translate_letter.web.services import services
    services(app).close()
"""
SERVERS = {
    "waitress": ["-m", "translate_letter", "-C", "{root}", "serve", "--port", "0"],
    "werkzeug": ["-c", WERKZEUG, "{root}"],
}


def start_server(root: Path, server: str = "waitress") -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    process = subprocess.Popen(
        [sys.executable, *(arg.replace("{root}", str(root)) for arg in SERVERS[server])],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    for line in process.stdout:
        found = re.search(r"at (http://\S+/)", line)
        if found:
            return process, found.group(1)
    raise SystemExit("the server did not start")


class Connection:
    """A keep-alive HTTP/1.1 connection with the cookies the app sets: a light client, so
    the load generator itself takes little of the CPU the server needs."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.http = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.http.request(method, path, body=body, headers=headers)
        response = self.http.getresponse()
        data = response.read()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, data

    def sign_in(self, name: str) -> None:
        _, form = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        body = urlencode({"username": name, "password": PASSWORD,
                          "csrf_token": token.decode()}).encode()
        status, _ = self.request("POST", "/login", body, {
            "Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise SystemExit(f"{name} could not sign in")
        _, page = self.request("GET", "/dashboard")
        self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()

    def save(self, eid: str, text: str, version: int) -> tuple[int, dict]:
        body = json.dumps({"translation": text, "state": "translated", "version": version})
        status, data = self.request("PUT", f"/api/load/fa/entries/{eid}", body.encode(), {
            "Content-Type": "application/json", "X-CSRFToken": self.csrf})
        return status, json.loads(data)


class Client(threading.Thread):
    """One person saving ``saves`` times, round-robin over entries nobody else edits."""

    def __init__(self, url: str, number: int, entries: list[dict], saves: int,
                 start: threading.Barrier) -> None:
        super().__init__()
        self.url, self.number, self.entries, self.saves, self.start_line = (
            url, number, entries, saves, start)
        self.latencies: list[float] = []
        self.last: dict[str, str] = {}
        self.refused = 0
        self.finished_at = 0.0

    def run(self) -> None:
        connection = Connection(self.url)
        connection.sign_in(f"client{self.number}")
        versions = {e["id"]: e["version"] for e in self.entries}
        self.start_line.wait()
        for n in range(self.saves):
            entry = self.entries[n % len(self.entries)]
            text = f"ترجمه {self.number}-{n} برای {entry['source'][:20]}"
            start = time.perf_counter()
            status, data = connection.save(entry["id"], text, versions[entry["id"]])
            self.latencies.append(time.perf_counter() - start)
            if status != 200:
                self.refused += 1
                continue
            versions[entry["id"]] = data["version"]
            self.last[entry["source"]] = text
        self.finished_at = time.monotonic()


def lost_updates(po: Path, expected: dict[str, str]) -> int:
    found = {e.msgid: e.msgstr for e in polib.pofile(str(po))}
    return sum(1 for source, text in expected.items() if found.get(source) != text)


class CommandLoop(threading.Thread):
    """A maintainer running one CLI command again and again on the project, beside the app."""

    def __init__(self, root: Path, args: list[str]) -> None:
        super().__init__(daemon=True)
        self.command = [sys.executable, "-m", "translate_letter", "-C", str(root), *args]
        self.name = " ".join(args[:3])
        self.stop = threading.Event()
        self.runs = 0
        self.failures: list[str] = []

    def run(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
        while not self.stop.is_set():
            done = subprocess.run(self.command, capture_output=True, text=True, env=env,
                                  check=False)
            self.runs += 1
            if done.returncode != 0:
                self.failures.append(done.stderr.strip().splitlines()[-1:][0]
                                     if done.stderr.strip() else f"exit {done.returncode}")


def memory_file(po: Path, target: Path) -> Path:
    """A PO translation memory with a reviewed text for every source of ``po``."""
    memory = polib.pofile(str(po))
    for entry in memory:
        entry.msgstr = f"حافظه: {entry.msgid[:40]}"
        entry.tcomment = "translated: memory-team 2026-12-01"
    memory.save(str(target))
    return target


@dataclass
class Outcome:
    total: int
    latencies: list[float]
    elapsed: float
    refused: int
    lost: int
    lost_after_stop: int
    to_file: float
    baseline: float
    loops: list[CommandLoop]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return self.latencies[int(0.95 * (len(self.latencies) - 1))]


def run(args: argparse.Namespace, beside: list[list[str]], server: str = "waitress",
        processes: int = 1) -> Outcome:
    """One load run on a fresh project served by ``processes`` processes of ``server``, with
    the CLI commands ``beside`` looping meanwhile; the clients take the processes in turn."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        po = make_project(root, args.entries, args.clients)
        memory = memory_file(po, Path(tmp) / "memory.po")
        total = len([e for e in polib.pofile(str(po)) if e.msgid])
        baseline = baseline_rewrite_ms(po)
        started_servers = [start_server(root, server) for _ in range(processes)]
        urls = [url for _, url in started_servers]
        loops = [CommandLoop(root, [a.replace("MEMORY", str(memory)) for a in command])
                 for command in beside]
        try:
            reader = Connection(urls[0])
            reader.sign_in("client0")
            entries = json.loads(reader.request("GET", "/api/load/fa/entries")[1])
            barrier = threading.Barrier(args.clients)
            clients = [Client(urls[n % processes], n,
                              entries[n * ENTRIES_PER_CLIENT:(n + 1) * ENTRIES_PER_CLIENT],
                              args.saves, barrier) for n in range(args.clients)]
            for loop in loops:
                loop.start()
            started = time.perf_counter()
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            elapsed = time.perf_counter() - started
            for loop in loops:
                loop.stop.set()  # each finishes the run it is in
            last_ack = max(c.finished_at for c in clients)
            expected = {k: v for c in clients for k, v in c.last.items()}
            while lost_updates(po, expected) and time.monotonic() - last_ack < 10:
                time.sleep(0.05)
            to_file = time.monotonic() - last_ack
            for loop in loops:
                loop.join()
            lost = lost_updates(po, expected)
        finally:
            for process, _ in started_servers:
                process.send_signal(signal.SIGTERM)
            for process, _ in started_servers:
                process.wait(timeout=60)
        lost_after_stop = lost_updates(po, expected)
    return Outcome(total, sorted(x * 1000 for c in clients for x in c.latencies), elapsed,
                   sum(c.refused for c in clients), lost, lost_after_stop, to_file, baseline,
                   loops)


def report(title: str, args: argparse.Namespace, outcome: Outcome) -> None:
    latencies = outcome.latencies
    print(f"-- {title}")
    print(f"catalog: {outcome.total} entries; {args.clients} clients x {args.saves} saves = "
          f"{len(latencies)} saves in {outcome.elapsed:.1f} s "
          f"({len(latencies) / outcome.elapsed:.0f}/s)")
    for loop in outcome.loops:
        print(f"beside them: '{loop.name}' ran {loop.runs} times, {len(loop.failures)} failed"
              + (f" ({loop.failures[0]})" if loop.failures else ""))
    print(f"save latency: p50 {outcome.p50:.1f} ms, p95 {outcome.p95:.1f} ms, "
          f"max {latencies[-1]:.1f} ms (target p95 <= {P95_TARGET_MS:.0f} ms: "
          f"{'met' if outcome.p95 <= P95_TARGET_MS else 'MISSED'})")
    print(f"refused saves: {outcome.refused}; lost saves: {outcome.lost} "
          f"(after the server stopped: {outcome.lost_after_stop}); target 0")
    bound = "met" if outcome.to_file <= FLUSH_BOUND_S else "MISSED"
    print(f"last save in the PO file after {outcome.to_file:.2f} s "
          f"(bound {FLUSH_BOUND_S:.0f} s: {bound})")
    print(f"baseline, one polib rewrite of the catalog: {outcome.baseline:.1f} ms; "
          f"p50 save / rewrite = {outcome.p50 / outcome.baseline:.3f}, "
          f"p95 save / rewrite = {outcome.p95 / outcome.baseline:.3f}")


def scaling(args: argparse.Namespace) -> int:
    """Saves per second and p95 for 1, 2 and 4 processes on PostgreSQL, beside one process
    on SQLite, in the same run."""
    from tests.postgres import Cluster, binaries

    if binaries() is None:
        raise SystemExit("PostgreSQL is not installed (scripts/system-deps.sh installs it)")
    cluster = Cluster(binaries()).start()
    rows = []
    try:
        rows.append(("SQLite, 1 process", run(args, [])))
        for processes in (1, 2, 4):
            os.environ["TRANSLATE_LETTER_DATABASE"] = cluster.new_database()
            try:
                rows.append((f"PostgreSQL, {processes} process{'es' * (processes > 1)}",
                             run(args, [], processes=processes)))
            finally:
                del os.environ["TRANSLATE_LETTER_DATABASE"]
    finally:
        cluster.stop()
    base = rows[0][1]
    print(f"{args.clients} clients x {args.saves} saves on a {base.total}-entry catalog")
    print(f"{'':22} {'saves/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6} "
          f"{'lost':>5}")
    for title, o in rows:
        rate, base_rate = len(o.latencies) / o.elapsed, len(base.latencies) / base.elapsed
        print(f"{title:22} {rate:8.0f} {rate / base_rate:6.2f} {o.p50:7.1f} {o.p95:7.1f} "
              f"{o.p95 / base.p95:6.2f} {o.lost_after_stop:5d}")
    return 1 if any(o.lost or o.lost_after_stop or o.refused for _, o in rows) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--processes", action="store_true",
                        help="1, 2 and 4 processes on PostgreSQL beside 1 on SQLite")
    args = parser.parse_args()
    if args.clients * ENTRIES_PER_CLIENT > args.entries:
        parser.error("not enough entries for that many clients")
    if args.processes:
        return scaling(args)

    alone = run(args, [])
    report("the clients alone", args, alone)
    beside = run(args, [["update", "-l", "fa"],
                        ["pretranslate", "-l", "fa", "--engine", "memory", "--memory", "MEMORY"]])
    report("with 'update' and 'pretranslate --engine memory' looping beside them", args, beside)
    print(f"p95 beside the CLI / p95 alone = {beside.p95 / alone.p95:.2f}")
    previous = run(args, [], "werkzeug")
    report("the clients alone on the previous server (werkzeug)", args, previous)
    print(f"p95 waitress / werkzeug = {alone.p95 / previous.p95:.2f}")
    failed = any(o.lost or o.lost_after_stop or o.refused or any(loop.failures for loop in o.loops)
                 for o in (alone, beside, previous))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
