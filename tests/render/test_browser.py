"""The HTML letters in a real Chromium: direction, alignment, isolated Latin runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from .conftest import fill, new_project

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def letters(persian_letter, tmp_path_factory):
    project, _ = persian_letter
    project.ok("build", "-l", "fa", "-f", "html")
    french = new_project(tmp_path_factory.mktemp("french") / "project")
    fill(french, "fr", lambda msgid: "Traduction : " + msgid)
    french.ok("build", "-l", "fr", "-f", "html")
    return {"fa": project.root / "dist" / "fa" / "letter.html",
            "fr": french.root / "dist" / "fr" / "letter.html"}


STYLE = """selector => {
    const element = document.querySelector(selector);
    const style = getComputedStyle(element);
    return {direction: style.direction, textAlign: style.textAlign,
            font: style.fontFamily, box: element.getBoundingClientRect().toJSON()};
}"""


def test_persian_body_is_right_to_left_and_right_aligned(browser, letters):
    page = browser.new_page()
    page.goto(letters["fa"].as_uri())
    body = page.evaluate(STYLE, "body")
    assert (body["direction"], body["textAlign"]) == ("rtl", "right")
    paragraph = page.evaluate(STYLE, "main p")
    assert (paragraph["direction"], paragraph["textAlign"]) == ("rtl", "right")
    assert paragraph["font"].startswith('"Noto Naskh Arabic"')
    # A short paragraph hugs the right edge of the text block, not the left.
    line = page.evaluate("""() => {
        const p = [...document.querySelectorAll('main p')].find(
            e => e.textContent === 'با احترام،');
        const range = document.createRange(); range.selectNodeContents(p);
        const text = range.getBoundingClientRect(), box = p.getBoundingClientRect();
        return {textRight: text.right, boxRight: box.right, textLeft: text.left,
                boxLeft: box.left};
    }""")
    assert abs(line["textRight"] - line["boxRight"]) < 2
    assert line["textLeft"] - line["boxLeft"] > 100
    page.close()


@pytest.mark.parametrize("latin", ["S/PV.7926", "U.N."])
def test_latin_run_inside_persian_reads_left_to_right(browser, letters, latin):
    page = browser.new_page()
    page.goto(letters["fa"].as_uri())
    # Left edge of each character of the run as drawn; without isolation the final dot of
    # "U.N." would be drawn left of the letters, as right-to-left text places it.
    lefts = page.evaluate("""latin => {
        const span = [...document.querySelectorAll('span[dir=ltr]')].find(
            e => e.textContent === latin);
        const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
        const text = walker.nextNode();
        const left = i => { const r = document.createRange(); r.setStart(text, i);
                            r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
        return [...Array(text.length).keys()].map(left);
    }""", latin)
    assert len(lefts) == len(latin)
    assert lefts == sorted(lefts)
    page.close()


def test_french_body_is_left_to_right(browser, letters):
    page = browser.new_page()
    page.goto(letters["fr"].as_uri())
    body = page.evaluate(STYLE, "body")
    assert (body["direction"], body["textAlign"]) == ("ltr", "left")
    page.close()
