"""Fixtures shared by every test: a real project folder in tmp_path and the real CLI."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from playwright.sync_api import Browser, Page, Response, sync_playwright

from translate_letter.cli import cli
from translate_letter.core.config import load_settings
from translate_letter.review.app_lock import project_database
from translate_letter.storage import Database, Location, open_database
from translate_letter.storage.location import DATABASE_ENV

from . import postgres

REPO = Path(__file__).resolve().parent.parent
LETTER = REPO / "source" / "letter.txt"

CHROMIUM = "/usr/bin/chromium"  # Debian's
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

PYPROJECT = """\
[tool.translate-letter]
source-dir = "source"
locales-dir = "locales"
languages = ["fa", "fr", "ar"]
source-language = "en"
"""


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes (a bound, not a measurement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Project:
    """A translate-letter project in a temporary folder, driven through the CLI."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runner = CliRunner()

    def run(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(cli, ["-C", str(self.root), *args], input=input,
                                  catch_exceptions=False)

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self.run(*args, input=input)
        assert result.exit_code == 0, result.output + result.stderr
        return result

    def location(self) -> Location:
        """Where the project's commands find its review database (SQLite in the instance
        folder, or the test's PostgreSQL database)."""
        return project_database(load_settings(self.root))

    def database(self) -> Database:
        return open_database(self.location())

    def po(self, lang: str, doc: str = "letter") -> Path:
        return self.root / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"

    @property
    def pot(self) -> Path:
        return self.root / "locales" / "letter.pot"

    def snapshot(self) -> dict[str, bytes]:
        """Every file below the project, to prove that a failed command wrote nothing."""
        return {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


def new_project(root: Path, pyproject: str = PYPROJECT) -> Project:
    """A project with the letter extracted and empty catalogs of its languages."""
    (root / "source").mkdir(parents=True)
    shutil.copyfile(LETTER, root / "source" / "letter.txt")
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    project = Project(root)
    project.ok("extract")
    project.ok("update")
    return project


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``@pytest.mark.databases("sqlite", "postgresql")`` run once on each."""
    marker = metafunc.definition.get_closest_marker("databases")
    if marker is not None and "database" in metafunc.fixturenames:
        metafunc.parametrize("database", marker.args, indirect=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster]:
    """A PostgreSQL cluster of this test run (one per worker), stopped at its end."""
    bin_dir = postgres.binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (scripts/system-deps.sh installs it)")
    cluster = postgres.Cluster(bin_dir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@contextmanager
def review_database(kind: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The review database of the projects made inside: None for SQLite in their instance
    folders (the default), or the URL of an empty PostgreSQL database given to them, their
    commands and their processes as ``TRANSLATE_LETTER_DATABASE``."""
    if kind == "sqlite":
        yield None
        return
    cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(DATABASE_ENV, url)
            yield url
    finally:
        cluster.drop(url)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The test's review database (see :func:`review_database`): SQLite unless the test is
    marked ``databases``."""
    with review_database(getattr(request, "param", "sqlite"), request) as url:
        yield url


@pytest.fixture
def project(tmp_path: Path, database: str | None) -> Project:
    """A fresh project holding the letter, with nothing extracted yet."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    shutil.copyfile(LETTER, root / "source" / "letter.txt")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return Project(root)


@pytest.fixture
def catalogs(project: Project) -> Project:
    """A project whose letter is extracted and whose fa, fr, ar catalogs exist (empty)."""
    project.ok("extract")
    project.ok("update")
    return project


def copy_committed(root: Path, *paths: str, repo: Path = REPO) -> None:
    """Copy ``paths`` of the repository into ``root`` as they are committed, not as the
    working tree holds them: a review app, ``make run`` or a build used in this clone
    changes ``locales/``, and the tests must not depend on what was done with it.

    Outside a git checkout (an unpacked source archive) the files are taken as they are.
    """
    root.mkdir(parents=True, exist_ok=True)
    if (repo / ".git").exists() and shutil.which("git"):
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", "HEAD",
                                  "--", *paths], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(root, filter="data")
        return
    for path in paths:
        if (repo / path).is_dir():
            shutil.copytree(repo / path, root / path, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copyfile(repo / path, root / path)


def copy_shipped(root: Path) -> Project:
    """A copy of the repository's own project in ``root``: the letter and the shipped
    catalogs, as committed."""
    root.mkdir()
    copy_committed(root, "source", "locales", "pyproject.toml")
    return Project(root)


@pytest.fixture
def shipped(tmp_path: Path, database: str | None) -> Project:
    """A copy of the repository's own project: the letter and the shipped catalogs."""
    return copy_shipped(tmp_path / "shipped")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one per test module."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def assert_tagged_for_screen_readers(pdf: Path) -> None:
    """A PDF/UA-1 file, read back with poppler: marked as tagged (/MarkInfo), with a
    structure tree (/StructTreeRoot), a title, and the PDF/UA part in its metadata."""
    def poppler(*args: str) -> str:
        return subprocess.run(["pdfinfo", *args, str(pdf)], capture_output=True, text=True,
                              check=True).stdout

    info = poppler()
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(r"^Title:\s+\S", info, re.M), info
    assert 'pdfuaid:part="1"' in poppler("-meta")
    tree = poppler("-struct").splitlines()
    assert tree[0] == "Document" and len(tree) > 20, tree[:20]


# For pages read right to left, in Chromium: each text node with a Latin letter, and the
# nearest element that says its language or direction (lang, dir, or a <bdi>): a
# right-to-left one, for text without a letter of the Arabic script, leaves that text to the
# page's direction (a <bdi> or dir="auto" isolates).
UNMARKED = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue;
    if (!/[A-Za-z\u00C0-\u024F]/.test(text)) continue;
    let element = node.parentElement;
    if (element.closest('script, style, [hidden]')) continue;
    while (element && !element.hasAttribute('dir') && !element.hasAttribute('lang')
           && element.localName !== 'bdi') {
      element = element.parentElement;
    }
    const rtl = !element || (getComputedStyle(element).direction === 'rtl'
                && element.localName !== 'bdi' && element.getAttribute('dir') !== 'auto');
    if (rtl && !/[\u0600-\u06FF]/.test(text)) {
      found.push(node.parentElement.outerHTML.slice(0, 160));
    }
  }
  return found;
}"""


def read_page(page: Page, url: str, patience: float = 120.0) -> Response | None:
    """Open a reading-room page as a reader does: while the letter is being prepared the
    room answers 503 with Retry-After and the page reloads by itself; wait for that."""
    deadline = time.monotonic() + patience
    response = page.goto(url)
    while response is not None and response.status == 503 and time.monotonic() < deadline:
        page.wait_for_timeout(1000 * int(response.headers.get("retry-after", "1")))
        response = page.goto(url)
    return response


def sign_in_page(page: Page, url: str, name: str, password: str) -> Page:
    """Sign ``page`` in to the review app at ``url``, as a person does; it lands on the
    dashboard."""
    page.goto(url + "/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/dashboard")
    return page
