"""A site adds a machine engine and a QA check from its own package, registered in the
``translate_letter.engines`` and ``translate_letter.checks`` entry-point groups as Babel
registers extractors, with no file of the package changed: ``pretranslate --engine``,
``check`` and the editor's machine suggestions use them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import prepare
from translate_letter.catalog.entry import entries
from translate_letter.catalog.reader import load_catalog
from translate_letter.storage import open_database

from ..conftest import PYPROJECT, new_project
from ..web.servers import Server

pytestmark = pytest.mark.slow

SRC = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "a long enough password"
MARK = "\u27e6"  # ⟦, which no translation of the letter holds

SITE = f'''\
from translate_letter.checks import WARNING, pair_check
from translate_letter.machine.engines import MachineTranslator


class Brackets(MachineTranslator):
    """Drafts that say what they are: the source in brackets, for a dry run."""

    name = "brackets"
    title = "Brackets (a dry run)"
    offline = True
    batch_items = 50

    def prepare(self, source, targets):
        pass

    def translate(self, request):
        return ["{MARK}" + request.target + "\u27e7 " + text for text in request.texts]


@pair_check("dry-run", WARNING, "house-rules", "a draft of a dry run left in the catalog")
def dry_run(pair, entry, context):
    return "a dry run's draft" if "{MARK}" in pair.target else None
'''


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder holding a site's package, as pip installs one."""
    folder = tmp_path / "site"
    info = folder / "house_parts-1.0.dist-info"
    info.mkdir(parents=True)
    (folder / "house_parts.py").write_text(SITE, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: house-parts\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[translate_letter.engines]\nbrackets = house_parts:Brackets\n\n"
        "[translate_letter.checks]\nhouse = house_parts\n", encoding="utf-8")
    return folder


def run(root: Path, site: Path | None, *args: str) -> subprocess.CompletedProcess:
    paths = [str(SRC), *([str(site)] if site else [])]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
    return subprocess.run([sys.executable, "-m", "translate_letter", "-C", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def test_a_sites_engine_drafts_and_its_check_finds(tmp_path, site):
    project = new_project(tmp_path / "project")
    listed = run(project.root, site, "pretranslate", "--list-engines")
    assert listed.returncode == 0 and "brackets" in listed.stdout
    without = run(project.root, None, "pretranslate", "-l", "fr", "--engine", "brackets")
    assert without.returncode == 2 and "unknown engine 'brackets'" in without.stderr
    drafted = run(project.root, site, "pretranslate", "-l", "fr", "--engine", "brackets")
    assert drafted.returncode == 0, drafted.stderr
    drafts = [e for e in entries(load_catalog(project.po("fr")))]
    assert drafts and all(e.text.startswith(f"{MARK}fr\u27e7 ") for e in drafts)
    assert {e.origin.split()[1] for e in drafts} == {"mt:brackets"}
    found = run(project.root, site, "check", "-l", "fr", "--json")
    assert '"check": "dry-run"' in found.stdout
    listed = run(project.root, site, "check", "--list")
    assert "dry-run" in listed.stdout.splitlines()[-1]  # a site's group runs last
    assert "dry-run" not in run(project.root, None, "check", "--list").stdout


def test_the_editor_offers_a_sites_engine(tmp_path, site):
    project = new_project(tmp_path / "project", PYPROJECT +
                          'suggestion-engines = ["memory", "brackets"]\n')
    db = prepare(open_database(project.root / "instance"))
    try:
        add_account(db, "nadia", "translator", ["fr"], ["fa", "fr", "ar"], PASSWORD)
    finally:
        db.close()
    server = Server(project.root, 0.05, path=(site,))
    try:
        session, _ = server.session("nadia", PASSWORD)
        first = session.get(server.url + "api/letter/fr/entries", timeout=30).json()[0]
        offered = session.get(server.url + f"api/letter/fr/entries/{first['id']}/machine",
                              timeout=60).json()
        brackets = next(s for s in offered if s["engine"] == "brackets")
        assert brackets["problem"] is None, brackets
        assert brackets["translation"].startswith(f"{MARK}fr\u27e7 ")
    finally:
        server.stop()
