"""Public readers beside a translator: does downloading the letter slow the editor down?

``translate-letter serve`` (waitress, its 8 threads) on loopback with the shipped letter,
every Persian entry translated and the publishing rule admitting translated text, so the
Persian letter is public.  A translator saves through the JSON API, one save after another
on a few entries (each save changes the public Persian text, so the Persian files are made
again and again); her save latency is measured twice in the same run:

- baseline: with no reader;
- with readers: 16 anonymous readers downloading the Persian PDF over and over, from a
  process of their own (so that their threads do not slow the translator's client).

The two alternate in rounds, so that whatever else the machine does falls on both alike.
Prints p50/p95 of both, the ratio of the p95s (the reading room's target: at most 3), how
many downloads the readers got and how many versions of the PDF they saw (files made again
while they read), and the saves that failed (must be 0).  ``--json`` prints the same as one
JSON object.

    python bench/reading_load.py [--saves 200] [--readers 16] [--rounds 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import open_accounts
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_translated
from translate_letter.catalog.writer import save_catalog

PASSWORD = "bench password long enough"
TRANSLATOR = "farid"
PDF = "read/letter/fa/letter.pdf"
TARGET_RATIO = 3.0


RULE = '\n[tool.translate-letter.publish]\ninclude = "translated"\nmin-complete = 100\n'


def make_project(root: Path) -> None:
    """The shipped letter and catalogs, every Persian entry translated and public by the
    rule, and a translator."""
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    with open(root / "pyproject.toml", "a", encoding="utf-8") as toml:
        toml.write(RULE)
    po = root / "locales" / "fa" / "LC_MESSAGES" / "letter.po"
    catalog = load_catalog(po)
    for message in messages(catalog):
        mark_translated(message, message.string, "bench", "2026-12-01")
    save_catalog(po, catalog)
    db = open_accounts(root / "instance")
    add_account(db, TRANSLATOR, "translator", ["fa"], ["fa", "fr", "ar"], PASSWORD)
    db.close()


class Server:
    """``translate-letter serve`` on a free loopback port."""

    def __init__(self, root: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "translate_letter", "-C", str(root), "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("the server did not start")
            found = re.search(r"(http://[\d.]+:\d+/)", line)
            if found:
                self.url = found.group(1)
                return

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def client() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # nothing between the bench and loopback
    return session


class Translator:
    """A signed-in translator saving through the JSON API."""

    def __init__(self, url: str) -> None:
        self.session = client()
        form = self.session.get(url + "login", timeout=30).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        page = self.session.post(url + "login", timeout=30, data={
            "username": TRANSLATOR, "password": PASSWORD, "csrf_token": token})
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        self.base = url + "api/letter/fa/entries"
        self.entries = self.session.get(self.base, timeout=30).json()[:5]
        self.failed = 0
        self.round = 0

    def saves(self, count: int) -> list[float]:
        """Latency (ms) of ``count`` saves, one after another over a few entries."""
        times = []
        for n in range(count):
            entry = self.entries[n % len(self.entries)]
            self.round += 1
            text = f"{entry['translation'].split(' #')[0]} #{self.round}"
            start = time.perf_counter()
            answer = self.session.put(f"{self.base}/{entry['id']}", timeout=60, headers={
                "X-CSRFToken": self.csrf}, json={"translation": text, "state": "translated",
                                                 "version": entry["version"]})
            times.append((time.perf_counter() - start) * 1000)
            if answer.status_code != 200:
                self.failed += 1
                entry.update(self.session.get(f"{self.base}/{entry['id']}", timeout=30).json())
                continue
            entry.update(answer.json())
            time.sleep(0.02)  # a person's pause between two saves
        return times


def read(url: str, readers: int) -> None:
    """The readers' process: ``readers`` threads download the PDF over and over while told
    to ("go" on stdin; "stop" pauses them; end of input ends them), then print what they got
    as JSON."""
    statuses: Counter[int] = Counter()
    versions: set[str] = set()
    lock = threading.Lock()
    reading, done = threading.Event(), threading.Event()

    def reader() -> None:
        session = client()
        while reading.wait() and not done.is_set():
            try:
                answer = session.get(url + PDF, timeout=120)
            except requests.RequestException:
                continue
            with lock:
                statuses[answer.status_code] += 1
                if answer.status_code == 200:
                    versions.add(answer.headers.get("ETag", ""))

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for line in sys.stdin:
        if line.strip() == "go":
            reading.set()
        else:
            reading.clear()
        print("ok", flush=True)
    done.set()
    reading.set()
    for thread in threads:
        thread.join(timeout=120)
    print(json.dumps({"statuses": dict(statuses), "versions": len(versions)}), flush=True)


class Readers:
    """The readers' process, told when to read."""

    def __init__(self, url: str, readers: int) -> None:
        self.process = subprocess.Popen([sys.executable, __file__, "--read", url, "--readers",
                                         str(readers)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def tell(self, what: str) -> None:
        self.process.stdin.write(what + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "ok"
        time.sleep(1.0)  # the readers at full speed, or their last requests answered

    def finish(self) -> dict:
        return json.loads(self.process.communicate("", timeout=300)[0])


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def measure(saves: int, readers: int, rounds: int) -> dict:
    """Saves alone and beside the readers, in alternating rounds of ``saves / rounds`` each
    (so that whatever else the machine does falls on both alike)."""
    alone: list[float] = []
    beside: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root)
        server = Server(root)
        try:
            translator = Translator(server.url)
            while client().get(server.url + PDF, timeout=120).status_code != 200:
                time.sleep(0.5)  # the first PDF made once, as the first readers find it
            translator.saves(10)  # warm-up
            crowd = Readers(server.url, readers)
            for _ in range(rounds):
                alone += translator.saves(saves // rounds)
                crowd.tell("go")
                beside += translator.saves(saves // rounds)
                crowd.tell("stop")
            got = crowd.finish()
        finally:
            server.stop()
    return {
        "saves": len(alone), "readers": readers,
        "alone_p50_ms": statistics.median(alone), "alone_p95_ms": p95(alone),
        "readers_p50_ms": statistics.median(beside), "readers_p95_ms": p95(beside),
        "p95_ratio": p95(beside) / p95(alone), "failed_saves": translator.failed,
        "downloads": got["statuses"], "pdf_versions_seen": got["versions"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--read", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        read(args.read, args.readers)
        return
    result = measure(args.saves, args.readers, args.rounds)
    if args.json:
        print(json.dumps(result))
        return
    print(f"a translator's saves ({result['saves']} each run), {PDF} public:")
    print(f"  no reader (baseline)   p50 {result['alone_p50_ms']:7.1f} ms   "
          f"p95 {result['alone_p95_ms']:7.1f} ms   1.0x")
    print(f"  {result['readers']} PDF readers        p50 {result['readers_p50_ms']:7.1f} ms   "
          f"p95 {result['readers_p95_ms']:7.1f} ms   {result['p95_ratio']:4.1f}x "
          f"(target at most {TARGET_RATIO:g}x)")
    print(f"  downloads by status {result['downloads']}, PDF versions seen "
          f"{result['pdf_versions_seen']}, failed saves {result['failed_saves']}")


if __name__ == "__main__":
    main()
