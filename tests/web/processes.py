"""Real processes on one project folder: ``translate-letter serve`` on a free loopback port,
people saving through its JSON API, and CLI commands as subprocesses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import requests

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import prepare
from translate_letter.storage import open_database

from . import servers

SRC = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "correct horse battery"


def env() -> dict[str, str]:
    """The environment of a process a test starts: the test's own as it is now (its review
    database, ``TRANSLATE_LETTER_DATABASE``, included), importing this package."""
    return dict(os.environ, PYTHONPATH=str(SRC))


def add_translators(root: Path, *names: str, role: str = "reviewer",
                    instance: Path | None = None) -> None:
    """Accounts in the project's review database (before the server starts)."""
    db = prepare(open_database(instance or root / "instance"))
    try:
        for name in names:
            add_account(db, name, role, ["fa", "fr"], ["fa", "fr", "ar"], PASSWORD)
    finally:
        db.close()


def cli(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``translate-letter -C root ARGS`` as a process of its own."""
    return subprocess.run([sys.executable, "-m", "translate_letter", "-C", str(root), *args],
                          capture_output=True, text=True, env=env(), timeout=timeout, check=False)


def msgfmt_ok(path: Path) -> None:
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)


class Server(servers.Server):
    """``translate-letter serve`` with a short flush delay, its people on :data:`PASSWORD`."""

    def __init__(self, root: Path, flush_delay: float = 0.05, *options: str) -> None:
        super().__init__(root, flush_delay, *options)

    def session(self, name: str, password: str = PASSWORD, lands: str = "dashboard",
                address: str | None = None) -> tuple[requests.Session, str]:
        return super().session(name, password, lands, address)

    def api(self, name: str, lang: str = "fa") -> Api:
        return Api(self, name, lang)

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it: pending saves are written first."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=30) == 0

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


class Api:
    """One signed-in person on the JSON API of a catalog."""

    def __init__(self, server: Server, name: str, lang: str) -> None:
        self.base = f"{server.url}api/letter/{lang}/entries"
        self.session, self.csrf = server.session(name)

    def entries(self) -> list[dict]:
        response = self.session.get(self.base, timeout=30)
        response.raise_for_status()
        return response.json()

    def entry(self, eid: str) -> dict:
        response = self.session.get(f"{self.base}/{eid}", timeout=30)
        response.raise_for_status()
        return response.json()

    def put(self, eid: str, text: str, version: int,
            state: str = "translated") -> requests.Response:
        return self.session.put(f"{self.base}/{eid}", timeout=30, headers={
            "X-CSRFToken": self.csrf}, json={"translation": text, "state": state,
                                             "version": version})
