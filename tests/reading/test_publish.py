"""``translate-letter publish -o DIR``: the reading room as static files, decided by the
publishing rule and the maintainers' decisions."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import Result

from translate_letter.build import load_letter
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_translated
from translate_letter.catalog.writer import save_catalog
from translate_letter.config import load_settings
from translate_letter.render import render_letter
from translate_letter.review.publishing import PublishingDecisions
from translate_letter.storage import open_database

from ..conftest import Project, copy_shipped
from .conftest import MAINTAINER, REVIEWER, RULE, approved, drafts, publish_some


class Links(HTMLParser):
    """Every address an HTML page points at (href and src)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def links_of(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def public_text(path: Path) -> str:
    """What a reader can read in a public file, whatever its format (metadata included)."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True,
                              check=True).stdout.decode("utf-8", "replace")
        return text + info
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                          if name.endswith(".xml"))
        return re.sub(r"<[^>]+>", "", xml)
    if path.suffix == ".woff2":
        return ""
    return data.decode("utf-8")


@dataclass
class Site:
    """A project, the static site ``publish`` wrote from it, and what the command said."""

    project: Project
    out: Path
    result: Result


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """One site written for the tests that only read it (writing one takes a while)."""
    root = tmp_path_factory.mktemp("publish")
    project = publish_some(copy_shipped(root / "project"))
    out = root / "site"
    return Site(project, out, project.run("publish", "-o", str(out)))


def test_publish_writes_every_published_letter_and_reports_the_rest(site):
    out, result = site.out, site.result
    assert result.exit_code == 1  # Arabic, a configured language, is left out
    assert "published fa: letter is 95% approved (the rule asks 90%)" in result.stdout
    assert "published fr: letter is 100% approved" in result.stdout
    assert "published en: letter is the original" in result.stdout
    assert ("translate-letter: left out: ar: letter is 0% approved, below the 90% the "
            "publishing rule asks") in result.stderr
    for lang in ("fa", "fr", "en"):
        folder = out / "read" / "letter" / lang
        names = {"index.html", "letter.txt", "letter.md", "letter.html", "letter.pdf",
                 "letter.docx"}
        if lang != "en":
            names |= {"letter.bilingual.html", "letter.bilingual.pdf", "letter.bilingual.docx"}
        assert {p.name for p in folder.iterdir()} == names
    assert not (out / "read" / "letter" / "ar").exists()
    assert "ar/" not in (out / "index.html").read_text(encoding="utf-8")


def test_every_link_of_the_static_site_resolves_to_a_file_in_it(site):
    out = site.out
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 4
    checked = 0
    for page in pages:
        for link in links_of(page):
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{page}: absolute link {link}"
            assert not link.startswith("/"), f"{page}: root-relative link {link}"
            if not parts.path:
                continue  # a fragment on the same page
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(out)}: {link} leads nowhere"
            assert out.resolve() in target.parents
            checked += 1
    assert checked > 50


def test_no_draft_and_no_account_name_in_any_public_file(site):
    out, published = site.out, site.project
    unreviewed = [d for lang in ("fa", "fr", "ar") for d in drafts(published, lang)]
    assert len(unreviewed) > 65  # Arabic's and three Persian drafts
    text = {path: public_text(path) for path in out.rglob("*") if path.is_file()}
    for path, content in text.items():
        assert REVIEWER not in content and "approved:" not in content, path
        leaked = [d for d in unreviewed if d in content]
        assert not leaked, f"{path}: draft text {leaked[0]!r}"
    persian = text[out / "read" / "letter" / "fa" / "letter.txt"]
    for _, translation in approved(published, "fa"):
        assert translation in persian


def test_the_reading_page_shows_the_letter_as_build_writes_it(site):
    out = site.out
    settings = load_settings(site.project.root)
    letter, _ = load_letter(settings, "letter", "fa", "approved")
    built = render_letter(letter, "html").decode("utf-8")
    page = (out / "read" / "letter" / "fa" / "index.html").read_text(encoding="utf-8")

    def main(html: str) -> str:
        return html[html.index("<main>"): html.index("</main>")]

    assert main(page) == main(built)
    assert '<html lang="fa" dir="rtl">' in page
    for lang in ("fa", "fr", "en"):
        assert f'<link rel="alternate" hreflang="{lang}" href="../../../read/letter/{lang}/' \
               'index.html">' in page
    assert 'hreflang="ar"' not in page
    assert '<meta property="og:locale" content="fa_IR">' in page
    title = re.search(r"<title>(.*)</title>", page).group(1)
    assert re.search("[\u0600-\u06ff]", title), "the title is in Persian"
    description = re.search(r'<meta name="description" content="([^"]+)"', page).group(1)
    assert re.search("[\u0600-\u06ff]", description)
    assert "دریافت نامه" in page  # "Download the letter", in Persian


def test_maintainer_decisions_in_the_instance_decide_too(published, tmp_path):
    db = open_database(published.root / "instance")
    decisions = PublishingDecisions(db)
    decisions.decide("letter", "fa", False, MAINTAINER)
    decisions.decide("letter", "ar", True, MAINTAINER)
    decisions.decide("letter", "fr", False, MAINTAINER)
    db.close()
    out = tmp_path / "site"
    result = published.run("publish", "-o", str(out))
    assert result.exit_code == 1
    assert re.search(rf"left out: fa: letter was withdrawn by {MAINTAINER} on [0-9-]{{10}} "
                     r"\(95% approved\)", result.stderr)
    assert re.search(rf"published ar: letter was published by {MAINTAINER} on [0-9-]{{10}} "
                     r"\(0% approved", result.stdout)
    assert not (out / "read" / "letter" / "fa").exists()
    arabic = (out / "read" / "letter" / "ar" / "letter.txt").read_text(encoding="utf-8")
    assert arabic == (published.root / "source" / "letter.txt").read_text(encoding="utf-8")


def test_every_language_published_exits_0(published, tmp_path):
    pyproject = published.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('["fa", "fr", "ar"]', '["fr"]'))
    result = published.run("publish", "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_a_later_publish_replaces_the_site_and_a_foreign_folder_is_refused(published,
                                                                          tmp_path):
    out = tmp_path / "site"
    db = open_database(published.root / "instance")
    PublishingDecisions(db).decide("letter", "fa", False, MAINTAINER)
    published.run("publish", "-o", str(out))
    assert (out / "read" / "letter" / "fr" / "letter.pdf").is_file()
    PublishingDecisions(db).decide("letter", "fr", False, MAINTAINER)
    db.close()
    published.run("publish", "-o", str(out))
    assert not (out / "read" / "letter" / "fr").exists()  # nothing stale left behind
    assert (out / "read" / "letter" / "en" / "index.html").is_file()
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    result = published.run("publish", "-o", str(foreign))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not a site written by" in result.stderr
    assert [p.name for p in foreign.iterdir()] == ["holiday.jpg"]


@pytest.mark.parametrize("rule, message", [
    ('publish = { include = "drafts" }', "publish.include must be one of approved, translated"),
    ('publish = { min-complete = "all" }', "publish.min-complete must be a number from 0 to 100"),
    ('publish = { min-complete = 120 }', "publish.min-complete must be a number from 0 to 100"),
    ('publish = { states = "approved" }', "publish: unknown setting 'states'"),
    ('publish = "approved"', "publish must be a table"),
])
def test_a_bad_publishing_rule_is_a_one_line_error(shipped, tmp_path, rule, message):
    pyproject = shipped.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(
        "[tool.translate-letter]\n", f"[tool.translate-letter]\n{rule}\n"))
    result = shipped.run("publish", "-o", str(tmp_path / "site"))
    assert result.exit_code == 2
    assert result.stderr.startswith("translate-letter: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "site").exists()


def test_the_default_rule_asks_for_every_entry_approved(published, tmp_path):
    pyproject = published.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(RULE, ""))
    result = published.run("publish", "-o", str(tmp_path / "site"))
    assert "left out: fa: letter is 95% approved, below the 100% the publishing rule asks" \
        in result.stderr
    assert "published fr: letter is 100% approved" in result.stdout


def test_a_rule_that_prints_translated_entries_publishes_them(catalogs, tmp_path):
    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('["fa", "fr", "ar"]', '["fr"]')
                         + '\n[tool.translate-letter.publish]\n'
                         'include = "translated"\nmin-complete = 0\n')
    catalog = load_catalog(catalogs.po("fr"))
    first = messages(catalog)[0]
    mark_translated(first, "Quatorze avocats des droits humains ont écrit au Conseil.", "fred")
    save_catalog(catalogs.po("fr"), catalog)
    out = tmp_path / "site"
    result = catalogs.run("publish", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "published fr: letter is 2% translated (the rule asks 0%)" in result.stdout
    french = (out / "read" / "letter" / "fr" / "letter.txt").read_text(encoding="utf-8")
    assert french.startswith("Quatorze avocats des droits humains ont écrit au Conseil.")
