"""Several review processes on one project folder and one PostgreSQL database, as real
processes: people save overlapping entries through whichever process answers them while
``update``, ``pretranslate --engine memory`` and ``build`` loop beside them.  Nothing
acknowledged is lost, no version of an entry is acknowledged twice, the PO files end with
the last acknowledged text of every entry, and sign-in throttling and sessions hold across
the processes.  Without PostgreSQL the one-app rule stays (test_one_truth)."""

from __future__ import annotations

import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import open_accounts
from translate_letter.catalog.entry import entries as catalog_entries
from translate_letter.catalog.reader import load_catalog
from translate_letter.review.sql_journal import SqlJournal

from .conftest import wait_for
from .processes import PASSWORD, Api, Server, cli, env, msgfmt_ok

pytestmark = [pytest.mark.slow, pytest.mark.databases("postgresql")]

PEOPLE = [f"person{n}" for n in range(16)]
SHARED_ENTRIES = 12  # everyone saves these: the same entries through different processes


def add_people(project, *names: str) -> None:
    """Reviewers of Persian in the project's database (before the processes start)."""
    db = open_accounts(project.location())
    try:
        for name in names:
            add_account(db, name, "reviewer", ["fa"], ["fa", "fr", "ar"], PASSWORD)
    finally:
        db.close()


class Person(threading.Thread):
    """Saves the shared entries in a random order through one process, each save on the
    version last seen (a conflict's answer gives the current one); keeps every
    acknowledged (entry, version, text)."""

    def __init__(self, api: Api, entries: list[dict], seed: int) -> None:
        super().__init__(daemon=True)
        self.api, self.random = api, random.Random(seed)
        self.entries = entries
        self.versions = {e["id"]: e["version"] for e in entries}
        self.acknowledged: list[tuple[str, int, str]] = []
        self.conflicts = 0
        self.failures: list[str] = []
        self.stop = threading.Event()
        self.seed = seed

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            entry = self.random.choice(self.entries)
            text = f"ترجمه {self.seed}-{n}"
            n += 1
            try:
                answer = self.api.put(entry["id"], text, self.versions[entry["id"]])
            except requests.RequestException as exc:  # a process killed under it
                self.failures.append(type(exc).__name__)
                time.sleep(0.05)
                continue
            if answer.status_code == 200:
                version = answer.json()["version"]
                self.versions[entry["id"]] = version
                self.acknowledged.append((entry["id"], version, text))
            elif answer.status_code == 409:
                self.conflicts += 1
                self.versions[entry["id"]] = answer.json()["entry"]["version"]
            else:
                self.failures.append(f"{answer.status_code} {answer.text[:120]}")

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=60)


class Loop(threading.Thread):
    """A CLI command run again and again until told to stop."""

    def __init__(self, root: Path, *args: str) -> None:
        super().__init__(daemon=True)
        self.root, self.args = root, args
        self.codes: list[int] = []
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            run = cli(self.root, *self.args, timeout=300)
            self.codes.append(run.returncode)
            if run.returncode:
                self.errors.append(run.stderr[-300:])

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=300)


def last_acknowledged(people: list[Person]) -> tuple[dict[str, str], list[tuple[str, int]]]:
    """The text of each entry's highest acknowledged version, and the (entry, version)
    pairs acknowledged more than once."""
    seen: dict[tuple[str, int], str] = {}
    twice = []
    for person in people:
        for eid, version, text in person.acknowledged:
            if (eid, version) in seen:
                twice.append((eid, version))
            seen[(eid, version)] = text
    last: dict[str, tuple[int, str]] = {}
    for (eid, version), text in seen.items():
        if eid not in last or version > last[eid][0]:
            last[eid] = (version, text)
    return {eid: text for eid, (_, text) in last.items()}, twice


def po_texts(path: Path) -> dict[str, str]:
    return {e.id: e.text for e in catalog_entries(load_catalog(path))}


def start(root: Path, count: int, delays: dict[int, float] | None = None) -> list[Server]:
    """``count`` serve processes on the folder, started one after the other, behind a
    (pretend) proxy that says who the client is; ``delays``: the flush delay of some."""
    servers: list[Server] = []
    try:
        for n in range(count):
            servers.append(Server(root, (delays or {}).get(n, 0.05), "--proxy"))
    except BaseException:
        for server in servers:
            server.kill()
        raise
    return servers


def people_on(servers: list[Server]) -> list[Person]:
    apis = [Api(servers[n % len(servers)], name, "fa") for n, name in enumerate(PEOPLE)]
    shared = apis[0].entries()[:SHARED_ENTRIES]
    return [Person(api, shared, seed) for seed, api in enumerate(apis)]


def test_three_processes_sixteen_people_and_the_commands_lose_nothing(catalogs, database):
    root = catalogs.root
    add_people(catalogs, *PEOPLE)
    servers = start(root, 3)
    loops = [Loop(root, "update", "-l", "fa"),
             Loop(root, "pretranslate", "-l", "fa", "--engine", "memory"),
             Loop(root, "build", "-l", "fa", "-f", "md", "--include", "drafts",
                  "--min-complete", "0")]
    try:
        people = people_on(servers)
        for thread in [*people, *loops]:
            thread.start()
        time.sleep(30)
        for person in people:
            person.finish()
        for loop in loops:
            loop.finish()
        # Every process shows every entry at its last acknowledged version.
        last, twice = last_acknowledged(people)
        assert twice == []
        for server in servers:
            api = Api(server, PEOPLE[0], "fa")
            shown = {e["id"]: e for e in api.entries()}
            assert {eid: shown[eid]["translation"] for eid in last} == last
    finally:
        for server in servers:
            server.stop()
    assert all(p.failures == [] for p in people), [p.failures for p in people]
    saves = sum(len(p.acknowledged) for p in people)
    assert saves > 200 and sum(p.conflicts for p in people) > 0  # they did overlap
    for loop in loops:
        assert loop.codes and set(loop.codes) == {0}, loop.errors
    texts = po_texts(catalogs.po("fa"))
    assert {eid: texts[eid] for eid in last} == last
    msgfmt_ok(catalogs.po("fa"))


def test_a_process_killed_under_load_leaves_the_others_serving_and_nothing_lost(catalogs,
                                                                               database):
    root = catalogs.root
    add_people(catalogs, *PEOPLE)
    # The second process keeps its saves in the journal for a minute before writing them.
    servers = start(root, 3, delays={1: 60})
    journal = SqlJournal(catalogs.database())
    try:
        people = people_on(servers)
        for person in people:
            person.start()
        time.sleep(4)
        for person in people:
            person.finish()
        assert journal.unwritten_catalogs() == [("letter", "fa")]  # the second one's wait
        servers[1].kill()
        alive = [p for n, p in enumerate(people) if n % 3 != 1]
        assert all(p.failures == [] for p in alive)
        assert sum(len(p.acknowledged) for p in people[1::3]) > 0  # the second one's, too
        last, twice = last_acknowledged(people)
        assert twice == []
        # With the two others still running, one of their writers writes what the killed
        # one acknowledged and never wrote.
        assert wait_for(lambda: journal.unwritten_catalogs() == [], timeout=20)
        texts = po_texts(catalogs.po("fa"))
        assert {eid: texts[eid] for eid in last} == last
        # and the others serve on: a save on the version they show is kept.
        api = Api(servers[2], PEOPLE[2], "fa")
        shown = {e["id"]: e for e in api.entries()}
        eid = next(iter(last))
        assert api.put(eid, "پس از آن", shown[eid]["version"]).status_code == 200
    finally:
        for server in (servers[0], servers[2]):
            server.stop()
        journal.db.close()
    msgfmt_ok(catalogs.po("fa"))


def test_throttling_and_sessions_hold_across_processes(catalogs, database):
    add_people(catalogs, "target", "other", "roya")
    servers = start(catalogs.root, 3)
    try:
        def statuses(name: str, address: str, spread: bool) -> list[int]:
            answers = []
            for n in range(12):
                server = servers[n % 3] if spread else servers[0]
                client = server.client(address)
                answers.append(server.sign_in(client, name, f"guess {n}").status_code)
            return answers

        alone = statuses("target", "198.51.100.7", spread=False)
        spread = statuses("other", "198.51.100.8", spread=True)
        assert 429 in alone and spread.index(429) == alone.index(429), (alone, spread)
        assert set(spread[spread.index(429):]) == {429}

        # A session made by one process works on another, and signing out on a third ends
        # it everywhere.
        session, csrf = servers[0].session("roya", PASSWORD)
        first = session.get(f"{servers[1].url}api/letter/fa/entries", timeout=30)
        assert first.status_code == 200
        out = session.post(f"{servers[2].url}logout", data={"csrf_token": csrf}, timeout=30)
        assert out.status_code in (200, 302)
        assert wait_for(lambda: session.get(f"{servers[1].url}api/letter/fa/entries",
                                            timeout=30).status_code == 401, timeout=10)
    finally:
        for server in servers:
            server.stop()


class Gunicorn(Server):
    """The app under gunicorn with ``workers`` worker processes, run in the project folder
    as the README says (``translate_letter.web:create_app()``)."""

    def __init__(self, root: Path, workers: int) -> None:  # noqa: D107 (not serve's)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4",
             "--bind", f"127.0.0.1:{port}", "translate_letter.web:create_app()"],
            cwd=root, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.url, self.port = f"http://127.0.0.1:{port}/", port
        self.booted: list[str] = []
        threading.Thread(target=self._log, daemon=True).start()
        assert wait_for(self._answers, timeout=60), "gunicorn did not answer"

    def _log(self) -> None:
        for line in self.process.stderr:
            if "Booting worker" in line:
                self.booted.append(re.sub(r".*pid: ", "", line.strip()))

    def _answers(self) -> bool:
        try:
            return self.client().get(self.url + "login", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=60) == 0


def test_gunicorn_workers_serve_one_project_with_nothing_lost(catalogs, database):
    root = catalogs.root
    add_people(catalogs, *PEOPLE[:8])
    server = Gunicorn(root, 3)
    try:
        assert wait_for(lambda: len(server.booted) == 3, timeout=30), server.booted
        apis = [Api(server, name, "fa") for name in PEOPLE[:8]]
        shared = apis[0].entries()[:SHARED_ENTRIES]
        people = [Person(api, shared, seed) for seed, api in enumerate(apis)]
        for person in people:
            person.start()
        time.sleep(10)
        for person in people:
            person.finish()
    finally:
        server.stop()
    assert all(p.failures == [] for p in people), [p.failures for p in people]
    last, twice = last_acknowledged(people)
    assert twice == [] and sum(len(p.acknowledged) for p in people) > 50
    # A worker stopped by gunicorn leaves its unwritten saves in the journal; the next
    # command (or start) writes them first.
    assert cli(root, "update", "-l", "fa").returncode == 0
    texts = po_texts(catalogs.po("fa"))
    assert {eid: texts[eid] for eid in last} == last
    msgfmt_ok(catalogs.po("fa"))
