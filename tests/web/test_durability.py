"""The real server as a subprocess: a save it acknowledged survives kill -9."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

from .conftest import po_translation, wait_for

SRC = Path(__file__).resolve().parents[2] / "src"
NEW_PASSWORD = "a fresh passphrase of my own"
SAVED = "این متن پس از kill -9 هم می‌ماند (S/PV.7926)."


class Server:
    """``translate-letter serve`` on a free loopback port, its first lines of output read."""

    def __init__(self, root: Path, flush_delay: float) -> None:
        env = dict(os.environ, PYTHONPATH=str(SRC), FLASK_FLUSH_DELAY=str(flush_delay))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "translate_letter", "-C", str(root), "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        self.lines: list[str] = []
        while True:
            line = self.process.stdout.readline()
            assert line, f"the server stopped: {self.lines}"
            self.lines.append(line)
            found = re.search(r"at (http://[\d.]+:(\d+)/)", line)
            if found:
                self.url, self.port = found.group(1), int(found.group(2))
                break

    def session(self, name: str, password: str, lands: str = "") -> tuple[requests.Session, str]:
        """A signed-in HTTP session and its CSRF token; ``lands``: the page sign-in leads to."""
        session = requests.Session()
        session.trust_env = False  # no proxy between the test and loopback
        form = session.get(self.url + "login", timeout=10).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        signed = session.post(self.url + "login", timeout=10, data={
            "username": name, "password": password, "csrf_token": token})
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


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_acknowledged_save_survives_kill_9_and_reaches_the_po(catalogs, first_source):
    po = catalogs.po("fa")
    # A long flush delay: the PO file is certainly not written before the kill.
    server = Server(catalogs.root, flush_delay=60)
    try:
        first_start = "".join(server.lines)
        assert "created maintainer 'admin' with the one-time password" in first_start
        one_time = re.search(r"one-time password '([^']+)'", first_start).group(1)
        assert server.url.startswith("http://127.0.0.1:")
        assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1 only
        session, csrf = server.first_session("admin", one_time, NEW_PASSWORD)
        entry = session.get(server.url + "api/letter/fa/entries", timeout=10).json()[0]
        saved = session.put(f"{server.url}api/letter/fa/entries/{entry['id']}", timeout=10,
                            json={"translation": SAVED, "state": "translated",
                                  "version": entry["version"]},
                            headers={"X-CSRFToken": csrf})
        assert saved.status_code == 200
    finally:
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
    assert po_translation(po, first_source) == ""
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], check=True)

    again = Server(catalogs.root, flush_delay=0.2)
    try:
        assert "created maintainer" not in "".join(again.lines)
        assert po_translation(po, first_source) == SAVED
        session, csrf = again.session("admin", NEW_PASSWORD)
        entry = session.get(again.url + "api/letter/fa/entries", timeout=10).json()[0]
        assert (entry["translation"], entry["version"], entry["author"]) == (SAVED, 2, "admin")
        history = session.get(f"{again.url}api/letter/fa/entries/{entry['id']}",
                              timeout=10).json()["history"]
        assert [(h["user"], h["after"]) for h in history] == [("admin", SAVED)]
        # A save on the restarted server reaches the file through the background flusher.
        session.put(f"{again.url}api/letter/fa/entries/{entry['id']}", timeout=10,
                    json={"translation": SAVED + " ۲", "state": "translated", "version": 2},
                    headers={"X-CSRFToken": csrf}).raise_for_status()
        assert wait_for(lambda: po_translation(po, first_source) == SAVED + " ۲")
    finally:
        again.process.send_signal(signal.SIGTERM)
        assert again.process.wait(timeout=20) == 0
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], check=True)
