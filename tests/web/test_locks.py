"""The locks cannot be deleted from under the review app: after ``git clean -fX`` (or any
tool that deletes the project's ignored files) while the app runs, a second ``serve`` is
still refused, and a command's catalog writes still exclude the app's."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import po_translation, wait_for
from .processes import Server, add_translators, cli, env
from .test_one_truth import git

pytestmark = pytest.mark.slow

RECORD = Path("locales") / ".translate-letter.serve.lock"

HOLDER = """
import sys, time
from translate_letter.catalog.lock import acquire, project_lock
from translate_letter.core.config import load_settings
with acquire(project_lock(load_settings(sys.argv[1]))):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def in_git(root: Path) -> None:
    """The project committed, its local state ignored as the repository's own .gitignore
    does, so that ``git clean -fX`` deletes what such a clean deletes."""
    (root / ".gitignore").write_text("/instance/\n/locales/.translate-letter*.lock\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "project")


def clean(root: Path) -> None:
    git(root, "clean", "-fX")
    assert (root / "instance").is_dir()  # without -d, git clean keeps ignored folders
    assert not list((root / "locales").glob(".translate-letter*.lock"))


def test_a_second_serve_is_refused_after_the_lock_files_are_deleted(catalogs):
    in_git(catalogs.root)
    first = Server(catalogs.root)
    try:
        assert (catalogs.root / RECORD).exists()
        clean(catalogs.root)
        second = cli(catalogs.root, "serve", "--port", "0", timeout=60)
        assert second.returncode == 2
        assert len(second.stderr.splitlines()) == 1, second.stderr
        assert "a review app already runs on this project folder" in second.stderr
        # The app writes its record again: the next one turned away is told who runs.
        assert wait_for(lambda: (catalogs.root / RECORD).exists(), timeout=10)
        third = cli(catalogs.root, "serve", "--port", "0", timeout=60)
        assert third.returncode == 2
        assert f"pid {first.process.pid} at {first.url}" in third.stderr
    finally:
        first.stop()
    again = Server(catalogs.root)  # the folder is free once the app stopped
    again.stop()


def test_a_command_and_the_app_still_write_one_at_a_time_after_the_lock_file_is_deleted(
        catalogs):
    in_git(catalogs.root)
    add_translators(catalogs.root, "farid")
    po = catalogs.po("fa")
    server = Server(catalogs.root)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(catalogs.root), "4"],
                              stdout=subprocess.PIPE, text=True, env=env())
    try:
        assert holder.stdout.readline() == "held\n"
        clean(catalogs.root)  # while the command holds the lock
        api = server.api("farid")
        entry = api.entries()[0]
        assert api.put(entry["id"], "در انتظار قفل", entry["version"]).status_code == 200
        time.sleep(1.5)  # thirty flush rounds: the app waits for the command's lock
        assert po_translation(po, entry["source"]) == ""
        assert holder.wait(timeout=30) == 0
        assert wait_for(lambda: po_translation(po, entry["source"]) == "در انتظار قفل")
    finally:
        holder.kill()
        server.stop()


def test_flask_run_takes_the_same_one_app_lock_as_serve(catalogs):
    """The lock belongs to the app, not to the ``serve`` command: an app run by ``flask
    run`` (or any WSGI server) turns ``serve`` away, and ``serve`` turns it away."""
    flask = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "translate_letter.web", "run", "--port", "0"],
        cwd=catalogs.root, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    try:
        lines = []
        while not any("Running on" in line for line in lines):
            line = flask.stdout.readline()
            assert line, f"flask run stopped: {lines}"
            lines.append(line)
        second = cli(catalogs.root, "serve", "--port", "0")
        assert second.returncode == 2
        assert "a review app already runs on this project folder" in second.stderr
    finally:
        flask.terminate()
        flask.wait(timeout=30)
    server = Server(catalogs.root)
    try:
        refused = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "translate_letter.web", "run", "--port",
             "0"], cwd=catalogs.root, env=env(), capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0
        assert "a review app already runs on this project folder" in refused.stderr
    finally:
        server.stop()


def test_building_the_app_starts_no_thread(catalogs):
    """The app factory opens the database and the catalogs and claims the folder, but starts
    nothing in the background: the first request does (or serve, when it listens)."""
    import threading

    from translate_letter.web import create_app
    from translate_letter.web.services import services

    before = {t.ident for t in threading.enumerate()}
    app = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 0.05})
    try:
        assert {t.ident for t in threading.enumerate()} == before
        app.test_client().get("/")
        started = {t.name for t in threading.enumerate() if t.ident not in before}
        assert {"catalog-flusher", "app-lock"} <= started
    finally:
        services(app).close()
