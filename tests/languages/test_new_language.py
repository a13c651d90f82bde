"""Adding a language is one profile and one catalog: a site installs a profile for Urdu
(registered in the ``translate_letter.languages`` entry-point group from its own folder, no
file of the package changed), the project adds ``ur`` to its languages, and ``check``,
``build -f pdf`` and the review app follow the profile's direction, digits and fonts.

The profile departs from CLDR where it can, so that what the test sees can only come from
it: CLDR writes Urdu numbers in Latin digits and sets no fonts; the profile asks for
Extended Arabic-Indic digits and the Kufi style."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import prepare
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_draft
from translate_letter.catalog.writer import save_catalog
from translate_letter.storage import open_database

from ..conftest import PYPROJECT, Project, new_project
from ..web.servers import Server

pytestmark = pytest.mark.slow

SRC = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "a long enough password"
LAWYER = "انسانی حقوق کے وکیل"  # "human rights lawyer"
FONT = "Noto Kufi Arabic"
URDU_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

PROFILE = f'''\
from types import MappingProxyType

from translate_letter.languages import Language


class Urdu(Language):
    direction = "rtl"
    script = "Arab"
    numbering = "arabext"
    native_numbering = "arabext"
    fonts = ("{FONT}", "serif")
    foreign_letters = MappingProxyType({{"\\u064a": "\\u06cc", "\\u0643": "\\u06a9",
                                        "\\u0663": "\\u06f3"}})
'''


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder holding a site's package that registers an Urdu profile, as pip installs one."""
    folder = tmp_path / "site"
    (folder / "urdu_profile-1.0.dist-info").mkdir(parents=True)
    (folder / "urdu_profile.py").write_text(PROFILE, encoding="utf-8")
    (folder / "urdu_profile-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: urdu-profile\nVersion: 1.0\n", encoding="utf-8")
    (folder / "urdu_profile-1.0.dist-info" / "entry_points.txt").write_text(
        "[translate_letter.languages]\nur = urdu_profile:Urdu\n", encoding="utf-8")
    return folder


def run(root: Path, site: Path, *args: str) -> subprocess.CompletedProcess:
    """``translate-letter -C root ARGS`` as its own process, with the site's package."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), str(site)]))
    return subprocess.run([sys.executable, "-m", "translate_letter", "-C", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def translate(po: Path, wrong: str | None = None) -> list[str]:
    """Draft the signatories' lines in Urdu (names kept); ``wrong`` replaces the first one.
    Returns the drafted msgids."""
    catalog = load_catalog(po)
    drafted = []
    for message in messages(catalog):
        if "Human Rights Lawyer" in message.id:
            text = re.sub(r"Human Rights Lawyers?", LAWYER, message.id)
            if wrong is not None and not drafted:
                text = wrong
            mark_draft(message, text, "project-team", "2026-12-05")
            drafted.append(message.id)
    save_catalog(po, catalog)
    return drafted


@pytest.fixture
def urdu(tmp_path: Path, site: Path) -> Project:
    """The letter's project with Urdu added to its languages and its catalog made."""
    pyproject = PYPROJECT.replace('["fa", "fr", "ar"]', '["fa", "fr", "ar", "ur"]')
    project = new_project(tmp_path / "project", pyproject)  # extract and update
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(project.po("ur"))], check=True)
    return project


def test_check_reads_the_new_profile(urdu: Project, site: Path) -> None:
    # Arabic yeh and an Arabic-Indic three in Urdu text: the profile's foreign letters.
    translate(urdu.po("ur"), wrong=f"Mehdi Houshmand-Rahimi-{LAWYER} في ٣")
    result = run(urdu.root, site, "check", "-l", "ur", "--json")
    findings = [f for f in json.loads(result.stdout) if f["check"] == "script"]
    assert len(findings) == 1, result.stdout
    assert "ي (use ی)" in findings[0]["message"] and "٣ (use ۳)" in findings[0]["message"]
    # Without the package that registers it, Urdu has CLDR's profile: no foreign letters.
    plain = subprocess.run([sys.executable, "-m", "translate_letter", "-C", str(urdu.root),
                            "check", "-l", "ur", "--json"], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=str(SRC)), timeout=300, check=False)
    assert not [f for f in json.loads(plain.stdout) if f["check"] == "script"], plain.stdout


def test_build_sets_the_pdf_in_the_profiles_direction_digits_and_fonts(
        urdu: Project, site: Path) -> None:
    translate(urdu.po("ur"))
    built = run(urdu.root, site, "build", "-l", "ur", "-f", "pdf", "-f", "html",
                "--include", "drafts", "--min-complete", "0")
    assert built.returncode == 0, built.stderr
    pdf = urdu.root / "dist" / "ur" / "letter.pdf"
    html = (urdu.root / "dist" / "ur" / "letter.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="ur" dir="rtl" data-script="Arab"', html)
    assert f'font-family: "{FONT}", serif' in html
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "+" + FONT.replace(" ", "-") in fonts, fonts
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert LAWYER.split()[0] in text
    # The signatories are numbered in the profile's digits (CLDR would write 1 to 14) ...
    # (pdftotext writes right-to-left runs in visual order: ".۱۴").
    numbers = {a or b for a, b in re.findall(f"\\.([{URDU_DIGITS}]+)|([{URDU_DIGITS}]+)\\.", text)}
    assert {"۱", "۹", "۱۰", "۱۴"} <= numbers, text
    # ... and the numbers stand at the right of the page: the text runs right to left.
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    marker = r'<word xMin="([\d.]+)"[^>]*>(?:\.۱۴|۱۴\.)</word>'
    markers = [float(x) for x in re.findall(marker, boxes)]
    assert markers and all(x > width / 2 for x in markers), markers


def test_the_review_app_edits_in_the_profiles_direction_digits_and_fonts(
        urdu: Project, site: Path, chromium) -> None:
    translate(urdu.po("ur"))
    db = prepare(open_database(urdu.root / "instance"))
    try:
        add_account(db, "nadia", "translator", ["ur"], ["fa", "fr", "ar", "ur"], PASSWORD)
    finally:
        db.close()
    server = Server(urdu.root, 0.05, path=(site,))
    try:
        session, _ = server.session("nadia", PASSWORD)
        editor = session.get(server.url + "edit/letter/ur", timeout=30)
        assert editor.status_code == 200
        field = re.search(r'<textarea id="translation"[^>]*>', editor.text).group()
        assert 'lang="ur"' in field and 'dir="rtl"' in field and 'data-script="Arab"' in field
        css = session.get(server.url + "languages.css", timeout=30).text
        assert f'"{FONT}"' in css, css
        document = session.get(server.url + "api/letter/ur/document", timeout=30).json()
        markers = [b["translated_marker"] for b in document["blocks"] if b["numbered"]]
        assert markers[0] == "۱." and markers[-1] == "۱۴.", markers
        # In a browser the field is set in the profile's font, right to left.
        context = chromium.new_context()
        try:
            context.add_cookies([{"name": c.name, "value": c.value, "url": server.url}
                                 for c in session.cookies])
            page = context.new_page()
            page.goto(server.url + "edit/letter/ur")
            style = page.eval_on_selector("#translation", "e => [getComputedStyle(e).fontFamily,"
                                          " getComputedStyle(e).direction]")
            assert style[0].startswith(f'"{FONT}"') and style[1] == "rtl", style
        finally:
            context.close()
    finally:
        server.stop()
