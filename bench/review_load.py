"""Load on the review app: concurrent clients saving through the JSON API.

A 5,000-entry catalog, ``translate-letter serve`` (waitress) on loopback, 16 clients saving
200 times each.  Prints the save latency (p50/p95/max), how long the last save took to reach
the PO file, and the lost updates (each client's last text for each of its entries must be in
the PO file).  Baselines, measured in the same run: the same load on the same app served by
werkzeug's threaded development server (the previous server), and one plain rewrite of the
same catalog with polib, the cost a design that rewrites the file on every save would pay per
save.

    python bench/review_load.py [--clients 16] [--saves 200] [--entries 5000]
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
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import open_accounts
from translate_letter.catalog.merge import update_catalogs
from translate_letter.config import load_settings
from translate_letter.extract import extract_templates

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
    db = open_accounts(root / "instance")
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
    app.extensions["review"].close()
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
    """A keep-alive HTTP/1.1 connection with a session cookie: a light client, so the load
    generator itself takes little of the CPU the server needs."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.http = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.cookie = ""
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.http.request(method, path, body=body, headers=headers)
        response = self.http.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
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
        _, page = self.request("GET", "/")
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


def run_load(args: argparse.Namespace, server: str) -> dict:
    """The whole load on a fresh project served by ``server``; its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        po = make_project(root, args.entries, args.clients)
        total = len([e for e in polib.pofile(str(po)) if e.msgid])
        baseline = baseline_rewrite_ms(po)
        process, url = start_server(root, server)
        try:
            reader = Connection(url)
            reader.sign_in("client0")
            entries = json.loads(reader.request("GET", "/api/load/fa/entries")[1])
            barrier = threading.Barrier(args.clients)
            clients = [Client(url, n, entries[n * ENTRIES_PER_CLIENT:(n + 1) * ENTRIES_PER_CLIENT],
                              args.saves, barrier) for n in range(args.clients)]
            started = time.perf_counter()
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            elapsed = time.perf_counter() - started
            last_ack = max(c.finished_at for c in clients)
            expected = {k: v for c in clients for k, v in c.last.items()}
            while lost_updates(po, expected) and time.monotonic() - last_ack < 10:
                time.sleep(0.05)
            to_file = time.monotonic() - last_ack
            lost = lost_updates(po, expected)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        lost_after_stop = lost_updates(po, expected)
    latencies = sorted(x * 1000 for c in clients for x in c.latencies)
    return {"total": total, "baseline": baseline, "elapsed": elapsed, "latencies": latencies,
            "p50": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))],
            "refused": sum(c.refused for c in clients), "lost": lost,
            "lost_after_stop": lost_after_stop, "to_file": to_file}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--entries", type=int, default=5000)
    args = parser.parse_args()
    if args.clients * ENTRIES_PER_CLIENT > args.entries:
        parser.error("not enough entries for that many clients")

    run = run_load(args, "waitress")
    previous = run_load(args, "werkzeug")
    latencies, p50, p95 = run["latencies"], run["p50"], run["p95"]
    print(f"catalog: {run['total']} entries; {args.clients} clients x {args.saves} saves = "
          f"{len(latencies)} saves in {run['elapsed']:.1f} s "
          f"({len(latencies) / run['elapsed']:.0f}/s) on waitress")
    print(f"save latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms "
          f"(target p95 <= {P95_TARGET_MS:.0f} ms: {'met' if p95 <= P95_TARGET_MS else 'MISSED'})")
    print(f"previous server (werkzeug, same run): p50 {previous['p50']:.1f} ms, "
          f"p95 {previous['p95']:.1f} ms, {len(latencies) / previous['elapsed']:.0f} saves/s; "
          f"p95 waitress / werkzeug = {p95 / previous['p95']:.2f}")
    print(f"refused saves: {run['refused']}; lost updates: {run['lost']} "
          f"(after the server stopped: {run['lost_after_stop']}); target 0")
    to_file = run["to_file"]
    print(f"last save in the PO file after {to_file:.2f} s "
          f"(bound {FLUSH_BOUND_S:.0f} s: {'met' if to_file <= FLUSH_BOUND_S else 'MISSED'})")
    baseline = run["baseline"]
    print(f"baseline, one polib rewrite of the catalog: {baseline:.1f} ms; "
          f"p50 save / rewrite = {p50 / baseline:.3f}, p95 save / rewrite = {p95 / baseline:.3f}")
    failed = run["lost"] or run["lost_after_stop"] or run["refused"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
