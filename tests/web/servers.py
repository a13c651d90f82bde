"""``translate-letter serve`` as a real subprocess on a free loopback port, and HTTP sessions
signed in to it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

SRC = Path(__file__).resolve().parents[2] / "src"


class Server:
    """``translate-letter serve`` on a free loopback port, its first lines of output read."""

    def __init__(self, root: Path, flush_delay: float = 0.2, *options: str,
                 path: tuple[Path, ...] = ()) -> None:
        """``path``: folders the server imports from besides the package (a site's own)."""
        pythonpath = os.pathsep.join(map(str, (SRC, *path)))
        env = dict(os.environ, PYTHONPATH=pythonpath, FLASK_FLUSH_DELAY=str(flush_delay))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "translate_letter", "-C", str(root), "serve", "--port", "0",
             *options], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        self.lines: list[str] = []
        while True:
            line = self.process.stdout.readline()
            assert line, f"the server stopped: {self.lines}"
            self.lines.append(line)
            found = re.search(r"at (http://[\d.]+:(\d+)/)", line)
            if found:
                self.url, self.port = found.group(1), int(found.group(2))
                break

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=20) == 0

    @staticmethod
    def client(address: str | None = None) -> requests.Session:
        """A browser-like HTTP session; ``address``: the client address a proxy reports."""
        session = requests.Session()
        session.trust_env = False  # no proxy between the test and loopback
        if address:
            session.headers["X-Forwarded-For"] = address
        return session

    def sign_in(self, client: requests.Session, name: str, password: str,
                path: str = "login", **fields: str) -> requests.Response:
        """Fill in the sign-in form (or another form at ``path``) and send it."""
        form = client.get(self.url + path, timeout=10).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        data = {"username": name, "password": password} if path == "login" else {}
        return client.post(self.url + path, timeout=10,
                           data={**data, **fields, "csrf_token": token})

    def session(self, name: str, password: str, lands: str = "dashboard",
                address: str | None = None) -> tuple[requests.Session, str]:
        """A signed-in HTTP session and its CSRF token; ``lands``: the page sign-in leads to."""
        session = self.client(address)
        signed = self.sign_in(session, name, password)
        assert signed.url == self.url + lands, f"sign-in failed: {signed.url}"
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', signed.text).group(1)
        return session, csrf

    def first_session(self, name: str, one_time: str, new: str) -> tuple[requests.Session, str]:
        """Sign in with a one-time password and choose a new one, as the app asks first."""
        session, csrf = self.session(name, one_time, lands="account/")
        changed = session.post(self.url + "account/password", timeout=10, data={
            "current": one_time, "new": new, "repeat": new, "csrf_token": csrf})
        assert "Password changed" in changed.text
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', changed.text).group(1)
        return session, csrf
