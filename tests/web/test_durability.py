"""The real server as a subprocess: a save it acknowledged survives kill -9."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import po_translation, wait_for
from .servers import Server

SAVED = "این متن پس از kill -9 هم می‌ماند (S/PV.7926)."
NEW_PASSWORD = "a fresh passphrase of my own"


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
        again.stop()
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], check=True)


def test_a_public_change_reported_after_the_app_closed_records_nothing(catalogs):
    """The reading room tells the app of a change on a thread of its own; one that arrives
    while the app shuts down finds the workspace closed, not a closed database."""
    application = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 0.05})
    workspace, db = services(application).workspace, services(application).db
    workspace.close()
    db.close()

    try:
        workspace.settle_outside()
    except sqlite3.ProgrammingError as exc:
        pytest.fail(f"a change reported after close() reached the closed database: {exc}")
