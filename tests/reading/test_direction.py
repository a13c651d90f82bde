"""Direction in the reading room, read in Persian and in Arabic in Chromium: every run of
Latin text sits in an element that says its language or direction (itself or an ancestor),
never only in a right-to-left one; a letter is listed under its title in the reader's
language; numbered steps count in the reader's digits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from translate_letter.build import load_letter
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_approved
from translate_letter.catalog.writer import save_catalog
from translate_letter.core.config import load_settings
from translate_letter.languages import profile
from translate_letter.render.layout import letter_title

from ..conftest import UNMARKED, Project, read_page
from .conftest import REVIEWER, RULE, Server, serve

pytestmark = pytest.mark.slow

PAGES = ["/", "/read/letter/fa/", "/read/letter/ar/", "/read/letter/fr/",
         "/read/letter/en/", "/verify/fa/", "/verify/ar/"]


def title(project: Project, lang: str) -> str:
    """The title the list gives the letter in ``lang``: its first sentence, cut at a word."""
    letter, _ = load_letter(load_settings(project.root), "letter", lang, "approved")
    return letter_title(letter)[0]


@pytest.fixture
def everything_published(shipped: Project) -> Project:
    """The shipped project with every language approved, so each is public."""
    with open(shipped.root / "pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write(RULE)
    for lang in ("fa", "fr", "ar"):
        catalog = load_catalog(shipped.po(lang))
        for message in messages(catalog):
            mark_approved(message, message.string, REVIEWER, "2026-12-01")
        save_catalog(shipped.po(lang), catalog)
    return shipped


@pytest.fixture
def everything_server(everything_published: Project) -> Iterator[Server]:
    yield from serve(everything_published)


@pytest.mark.parametrize("ui", ["fa", "ar"])
def test_latin_text_in_a_right_to_left_reading_room_says_its_direction(
        everything_server: Server, chromium: Browser, ui: str) -> None:
    context = chromium.new_context(locale=ui, extra_http_headers={"Accept-Language": ui})
    try:
        page = context.new_page()
        problems = {}
        for path in PAGES:
            response = read_page(page, everything_server.url + path)
            assert response.ok, (path, response.status)
            unmarked = page.evaluate(UNMARKED)
            if unmarked:
                problems[path] = unmarked
            if path == "/":  # the letter is listed under its title in the reader's language
                heading = page.locator(".document h2")
                assert heading.get_attribute("lang") == ui
                assert heading.inner_text() == title(everything_server.project, ui)
            if path == f"/verify/{ui}/":  # the steps are numbered in the reader's digits
                style = page.locator(".steps ol").evaluate(
                    "e => getComputedStyle(e).listStyleType")
                assert style == profile(ui).counter_style(), style
                assert style == "persian" or ui != "fa"
        assert not problems, problems
    finally:
        context.close()
