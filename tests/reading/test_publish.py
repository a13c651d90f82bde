"""``translate-letter publish -o DIR``: the reading room as static files, decided by the
publishing rule and the maintainers' decisions."""

from __future__ import annotations

import io
import json
import re
import subprocess
import threading
import zipfile
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import Result

from translate_letter.accounts import audit
from translate_letter.accounts.schema import prepare
from translate_letter.build import load_letter
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_translated
from translate_letter.catalog.writer import save_catalog
from translate_letter.core.config import load_settings
from translate_letter.render import render_letter
from translate_letter.render.layout import layout
from translate_letter.review.publishing import CatalogFiles, Publishing
from translate_letter.storage import open_database

from ..conftest import Project, copy_shipped
from .conftest import (
    FRENCH_APPROVED,
    MAINTAINER,
    REVIEWER,
    RULE,
    approved,
    drafts,
    publish_some,
)


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


def decisions_of(project: Project, db) -> Publishing:
    """The maintainers' decisions in the project's review database."""
    settings = load_settings(project.root)
    return Publishing(db, settings, CatalogFiles(settings))


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
    assert '<html lang="fa" dir="rtl" data-script="Arab">' in page
    for lang in ("fa", "fr", "en"):
        assert f'<link rel="alternate" hreflang="{lang}" href="../../../read/letter/{lang}/' \
               'index.html">' in page
    assert 'hreflang="ar"' not in page
    assert '<meta property="og:locale" content="fa_IR">' in page
    title = re.search(r"<title>(.*)</title>", page).group(1)
    assert re.search("[\u0600-\u06ff]", title), "the title is in Persian"
    description = re.search(r'<meta name="description" content="([^"]+)"', page).group(1)
    assert re.search("[\u0600-\u06ff]", description)
    assert "بارگیری نامه" in page  # "Download the letter", in Persian


def test_maintainer_decisions_in_the_instance_decide_too(published, tmp_path):
    db = open_database(published.root / "instance")
    decisions = decisions_of(published, db)
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
    decisions_of(published, db).decide("letter", "fa", False, MAINTAINER)
    published.run("publish", "-o", str(out))
    assert (out / "read" / "letter" / "fr" / "letter.pdf").is_file()
    decisions_of(published, db).decide("letter", "fr", False, MAINTAINER)
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


def pdf_languages(path: Path) -> set[str]:
    """The languages a PDF's structure tree names (its object streams inflated)."""
    data = path.read_bytes()
    found = set(re.findall(rb"/Lang \(([^)]*)\)", data))
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            found |= set(re.findall(rb"/Lang \(([^)]*)\)", zlib.decompress(stream)))
        except zlib.error:
            continue
    return {lang.decode() for lang in found}


def test_a_language_published_below_the_rule_says_so_in_every_file(partial, tmp_path):
    db = open_database(partial.root / "instance")
    decisions_of(partial, db).decide("letter", "fr", True, MAINTAINER)
    db.close()
    out = tmp_path / "site"
    result = partial.run("publish", "-o", str(out))
    assert re.search(rf"published fr: letter was published by {MAINTAINER} on [0-9-]{{10}} "
                     r"\(9% approved; the rest stays in English\)", result.stdout)
    folder = out / "read" / "letter" / "fr"
    page = (folder / "index.html").read_text(encoding="utf-8")
    notice = ('<aside class="notice" role="note">\n<p lang="fr" dir="ltr" data-script="Latn">'
              'Traduction partielle : les passages en anglais ne sont pas encore traduits.</p>')
    assert notice in page
    catalog = load_catalog(partial.po("fr"))
    untranslated = [m.id for m in messages(catalog)[FRENCH_APPROVED:]]
    body = page[page.index("<main>"):page.index("</main>")]
    english = '<span lang="en" data-script="Latn" dir="ltr">'
    assert body.count(english) > 10 and '<span lang="en">' not in body
    # The list of letters names French by its title, translated here (no English mark).
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="title">14 avocats' in index
    # The downloads too: the notice in the letter's language, the English runs marked.
    docx = public_text(folder / "letter.docx")
    assert "Traduction partielle" in docx
    with zipfile.ZipFile(folder / "letter.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml, re.S)
    marked = [run for run in runs if 'w:lang w:val="en' in run]
    assert any(untranslated[0][:40] in run for run in marked)
    assert not [run for run in runs if untranslated[1][:40] in run and run not in marked]
    assert "Traduction partielle" in public_text(folder / "letter.pdf")
    assert {"fr", "en"} <= pdf_languages(folder / "letter.pdf")
    # The command records what it found the public to read; a second run finds no change.
    trail = json.loads(partial.ok("audit", "--json").output)
    found = [e for e in trail if e["event"] == "published"]
    assert [(e["lang"], e["by"], e["cause"], e["account"]) for e in found] == [
        ("fr", "maintainer", "catalogs", None)]
    assert found[0]["counts"]["approved"] == FRENCH_APPROVED
    partial.run("publish", "-o", str(out))
    assert json.loads(partial.ok("audit", "--json").output) == trail


def test_a_title_left_in_english_is_marked_english_in_the_list(partial):
    settings = load_settings(partial.root)
    letter, _ = load_letter(settings, "letter", "fr", "approved")
    assert layout(letter).title_lang is None  # the first sentence is approved
    untouched, _ = load_letter(settings, "letter", "ar", "approved")
    assert layout(untouched).title_lang == "en"


def test_a_change_reported_while_a_maintainer_decides_never_undoes_the_decision(published):
    """The reading room reports changes on a thread of its own while a maintainer withdraws
    French and gives it back to the rule, again and again: whatever the interleaving, the
    trail alternates and the state it last recorded is the one the public reads."""
    db = prepare(open_database(published.root / "instance"))
    publishing = decisions_of(published, db)
    publishing.settle("letter", "fr", None, {"cause": "outside"}, "first seen")
    stop = threading.Event()

    def report() -> None:
        while not stop.is_set():
            publishing.settle("letter", "fr", None, {"cause": "outside"}, "outside")

    reporter = threading.Thread(target=report)
    reporter.start()
    try:
        for _ in range(30):
            publishing.decide("letter", "fr", False, MAINTAINER, "withdrawn")
            publishing.decide("letter", "fr", None, MAINTAINER, "publishing-rule")
    finally:
        stop.set()
        reporter.join()

    trail = [e["public"] for e in audit.events(db) if e.get("lang") == "fr"]
    known = db.query("SELECT published FROM public_state WHERE lang = 'fr'")[0]["published"]
    edition = publishing.edition("letter", "fr")
    db.close()
    assert trail[0] is True and len(trail) == 61
    assert all(a != b for a, b in zip(trail, trail[1:], strict=False)), trail
    assert bool(known) is edition.published is True
