"""Faults get clear answers and keep files as they were: a full disk or an unwritable PO
file, the modes of the instance's secrets."""

from __future__ import annotations

import math
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from translate_letter.review.errors import Unavailable
from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import PEOPLE, Reviewer, add_people, po_translation

TEXT_A = "پیش از پر شدن دیسک"
TEXT_B = "وقتی دیسک پر است"


@contextmanager
def full_disk(folder: Path) -> Iterator[None]:
    """``folder`` on a filesystem with no room for a second copy of its files (tmpfs)."""
    kept = {p.name: p.read_bytes() for p in folder.iterdir()}
    size = 4096 * (math.ceil(sum(map(len, kept.values())) / 4096) + 1)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                      capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    try:
        for name, data in kept.items():
            (folder / name).write_bytes(data)
        yield
        subprocess.run(["mount", "-o", "remount,size=4m", str(folder)], check=True)
    finally:
        kept = {p.name: p.read_bytes() for p in folder.iterdir()}
        subprocess.run(["umount", str(folder)], check=True)
        for name, data in kept.items():
            (folder / name).write_bytes(data)


@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` immutable: no file in it can be created or replaced, even by root."""
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True,
                      check=False).returncode:
        pytest.skip("cannot make a folder immutable here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.skipif(not shutil.which("mount") or not shutil.which("chattr"),
                    reason="needs mount and chattr")
@pytest.mark.parametrize("fault, reason", [(full_disk, "No space left on device"),
                                           (unwritable, "Operation not permitted")])
def test_a_save_the_file_cannot_take_is_kept_and_answered_503(catalogs, first_source, fault,
                                                              reason):
    po = catalogs.po("fa")
    app = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 3600})
    add_people(app)
    try:
        farid = Reviewer(app.test_client(), "farid")
        entries = farid.entries()
        with fault(po.parent):
            before = po.read_bytes()
            assert farid.put(entries[0]["id"], TEXT_A, 1).status_code == 200
            with pytest.raises(Unavailable, match=reason):
                services(app).workspace.flush()
            kept = farid.put(entries[1]["id"], TEXT_B, 1)
            assert kept.status_code == 503
            assert "kept in the review journal and will be written" in kept.json["error"]
            assert reason in kept.json["error"]
            assert kept.json["entry"]["translation"] == TEXT_B
            assert kept.json["entry"]["version"] == 2
            assert po.read_bytes() == before
            cli = catalogs.run("stats")  # the CLI cannot write them either: one line, exit 2
            assert cli.exit_code == 2 and reason in cli.stderr
            assert len(cli.stderr.strip().splitlines()) == 1 and "Traceback" not in cli.output
        services(app).workspace.flush()
        assert po_translation(po, first_source) == TEXT_A
        assert po_translation(po, entries[1]["source"]) == TEXT_B
        assert farid.put(entries[1]["id"], TEXT_B + " ۲", 2).status_code == 200
    finally:
        services(app).workspace.close()
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)


def test_the_review_database_and_the_session_key_are_owner_only(catalogs):
    instance = catalogs.root / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("an old key made with the umask")
    (instance / "secret_key").chmod(0o644)
    app = create_app({"PROJECT_ROOT": catalogs.root})
    add_people(app)
    try:
        assert {p.name for p in instance.iterdir()} >= {"review.sqlite3", "secret_key"}
        for path in instance.iterdir():
            if path.name.startswith(("review.sqlite3", "secret_key")):
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        assert len(PEOPLE) == len(services(app).db.query("SELECT name FROM accounts"))
    finally:
        services(app).workspace.close()
