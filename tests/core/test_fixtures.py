"""The tests take the shipped project as committed, so that a clone whose review app has
saved translations into ``locales/`` still passes them."""

from __future__ import annotations

import subprocess

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_translated
from translate_letter.catalog.writer import save_catalog

from ..conftest import copy_committed, copy_shipped


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_the_shipped_project_is_copied_as_committed_not_as_the_app_left_it(tmp_path):
    clone = tmp_path / "clone"
    copy_shipped(clone)
    git(clone, "init", "-q")
    git(clone, "add", ".")
    git(clone, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "ship")
    po = clone / "locales" / "fa" / "LC_MESSAGES" / "letter.po"
    committed = po.read_bytes()
    # What a reviewer's save in the review app does to the working tree.
    catalog = load_catalog(po)
    mark_translated(messages(catalog)[0], "ترجمهٔ یک بازبین", "reviewer")
    save_catalog(po, catalog)
    (clone / "locales" / "fa" / "LC_MESSAGES" / "letter.mo").write_bytes(b"compiled")
    assert po.read_bytes() != committed

    copy = tmp_path / "copy"
    copy_committed(copy, "source", "locales", "pyproject.toml", repo=clone)
    assert (copy / "locales" / "fa" / "LC_MESSAGES" / "letter.po").read_bytes() == committed
    assert not (copy / "locales" / "fa" / "LC_MESSAGES" / "letter.mo").exists()
    assert (copy / "source" / "letter.txt").read_bytes() == (
        clone / "source" / "letter.txt").read_bytes()
