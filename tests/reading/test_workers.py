"""The reading room's worker processes end with the server that started them, even when it
is killed with SIGKILL and cannot tell them."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
import requests

from ..conftest import copy_shipped, wait_for
from ..web.processes import Server


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_workers_end_when_the_server_is_killed(tmp_path):
    project = copy_shipped(tmp_path / "project")
    server = Server(project.root)
    try:
        url = server.url + "read/letter/en/letter.pdf"
        assert wait_for(lambda: requests.get(url, timeout=30).status_code == 200, timeout=60)
        workers = descendants(server.process.pid)
        assert workers, "the PDF was made in no worker process"
    finally:
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)
    assert wait_for(lambda: not any(alive(pid) for pid in workers), timeout=30), [
        (pid, os.path.exists(f"/proc/{pid}")) for pid in workers if alive(pid)]
