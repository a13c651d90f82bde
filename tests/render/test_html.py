"""HTML: parsed back with the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from .conftest import PERSIAN_DIGITS, expected_blocks, fill, new_project

BLOCKS = {"p", "li", "h2", "td", "th"}


class Page(HTMLParser):
    """The tags, attributes and block texts of an HTML page, and where each text sits."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, str]] = []
        self.stack: list[tuple[str, dict]] = []
        self.runs: list[tuple[str, list[dict]]] = []  # (text, attributes of its ancestors)
        self._text: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in {"meta", "br", "col"}:
            self.stack.append((tag, attributes))
        if tag in BLOCKS:
            self._text = []

    def handle_endtag(self, tag):
        if tag in BLOCKS and self._text is not None:
            self.blocks.append((tag, "".join(self._text)))
            self._text = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)
        self.runs.append((data, [a for _, a in self.stack]))

    def first(self, tag: str) -> dict:
        return next(attributes for name, attributes in self.tags if name == tag)


@pytest.fixture(scope="module")
def persian_pages(persian_letter) -> tuple[Page, Page, dict]:
    project, translations = persian_letter
    project.ok("build", "-l", "fa", "-f", "html", "--bilingual")
    folder = project.root / "dist" / "fa"
    return (Page((folder / "letter.html").read_text("utf-8")),
            Page((folder / "letter.bilingual.html").read_text("utf-8")), translations)


def test_persian_html_is_rtl_with_its_language_and_the_translated_text(persian_pages):
    page, _, translations = persian_pages
    assert page.first("html") == {"lang": "fa", "dir": "rtl", "data-script": "Arab"}
    texts = [text for tag, text in page.blocks if tag in {"p", "li", "h2"}]
    assert texts == expected_blocks(translations, PERSIAN_DIGITS)


def test_html_is_self_contained_with_an_embedded_stylesheet(persian_pages):
    page, _, _ = persian_pages
    names = [tag for tag, _ in page.tags]
    assert names.count("style") == 1
    assert not {"link", "script", "img", "iframe", "object"} & set(names)
    assert all("src" not in a and "href" not in a for _, a in page.tags)
    style = next(text for text, ancestors in page.runs if ancestors and "Noto Naskh" in text)
    assert '"Noto Naskh Arabic"' in style  # a font stack that shapes Persian, not escaped


def test_latin_runs_inside_persian_are_isolated_left_to_right(persian_pages):
    page, _, _ = persian_pages
    symbol = [ancestors for text, ancestors in page.runs if text == "S/PV.7926"]
    assert symbol and all(any(a.get("dir") == "ltr" for a in chain) for chain in symbol)
    persian_runs = [a for text, a in page.runs if "نقش مهمی بر عهده دارد" in text]
    assert persian_runs and not any(a.get("dir") == "ltr" for a in persian_runs[0])


def test_bilingual_html_holds_english_and_translation_of_each_paragraph(persian_pages):
    _, page, translations = persian_pages
    cells = [text for tag, text in page.blocks if tag == "td"]
    english = expected_blocks({})
    persian = expected_blocks(translations, PERSIAN_DIGITS)
    assert list(zip(cells[::2], cells[1::2], strict=True)) == list(
        zip(english, persian, strict=True))
    cell_attributes = [a for tag, a in page.tags if tag == "td"]
    assert cell_attributes[:2] == [{"lang": "en", "dir": "ltr", "data-script": "Latn"},
                                   {"lang": "fa", "dir": "rtl", "data-script": "Arab"}]


def test_translation_text_is_escaped(tmp_path):
    project = new_project(tmp_path / "project")
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    fill(project, "fa", lambda msgid: "ترجمه " + hostile)
    project.ok("build", "-l", "fa", "-f", "html")
    page = Page((project.root / "dist" / "fa" / "letter.html").read_text("utf-8"))
    assert not {"script", "b"} & {tag for tag, _ in page.tags}
    assert page.blocks[0][1] == " ".join(["ترجمه " + hostile] * 3)  # three sentences


def test_french_html_is_left_to_right(tmp_path):
    project = new_project(tmp_path / "project")
    fill(project, "fr", lambda msgid: "Traduction de : " + msgid)
    project.ok("build", "-l", "fr", "-f", "html")
    page = Page((project.root / "dist" / "fr" / "letter.html").read_text("utf-8"))
    assert page.first("html") == {"lang": "fr", "dir": "ltr", "data-script": "Latn"}
    assert not [a for _, a in page.tags if a.get("dir") == "rtl"]
