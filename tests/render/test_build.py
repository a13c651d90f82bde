"""`translate-letter build`: formats, bilingual editions, thresholds, drafts notice, digits."""

from __future__ import annotations

import html
import io
import re

import docx
import pytest

from translate_letter.build import DRAFT_NOTICE
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.interface import translate

from .conftest import fill, persian

FORMATS = ["txt", "md", "html", "pdf", "docx"]


def _one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("translate-letter: error: ")
    for fragment in fragments:
        assert fragment in line
    assert "Traceback" not in result.output


def test_format_all_with_bilingual_writes_every_edition(catalogs):
    fill(catalogs, "fa", persian)
    result = catalogs.ok("build", "-l", "fa", "-f", "all", "--bilingual")
    folder = catalogs.root / "dist" / "fa"
    expected = {f"letter.{f}" for f in FORMATS} | {
        f"letter.bilingual.{f}" for f in ("html", "pdf", "docx")
    }
    assert {p.name for p in folder.iterdir()} == expected
    assert result.output.count("wrote dist/fa/") == 8
    assert (folder / "letter.pdf").read_bytes().startswith(b"%PDF-")
    assert (folder / "letter.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    docx.Document(io.BytesIO((folder / "letter.docx").read_bytes()))


def test_format_option_is_repeatable(catalogs):
    fill(catalogs, "fr", lambda msgid: msgid.upper())
    catalogs.ok("build", "-l", "fr", "-f", "md", "-f", "html")
    assert {p.name for p in (catalogs.root / "dist" / "fr").iterdir()} == {
        "letter.md", "letter.html"}


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["-f", "odt"], ["unknown format 'odt'", "all"]),
        (["-f", "txt", "-f", "md", "--bilingual"], ["--bilingual needs", "html, pdf, docx"]),
    ],
)
def test_bad_format_choice_is_a_usage_error_and_writes_nothing(catalogs, args, fragments):
    fill(catalogs, "fa", persian)
    before = catalogs.snapshot()
    _one_line_error(catalogs.run("build", "-l", "fa", *args), *fragments)
    assert catalogs.snapshot() == before


def test_threshold_refuses_a_half_translated_catalog_and_still_writes_the_others(catalogs):
    written = fill(catalogs, "fa", persian, only=lambda index: index % 2 == 0)  # 33 of 65
    fill(catalogs, "fr", lambda msgid: msgid.upper())
    result = catalogs.run("build", "-f", "html")
    assert result.exit_code == 1
    (reason,) = [line for line in result.stderr.splitlines() if "fa:" in line]
    assert "fa: letter is 51% complete at --include translated" in reason
    assert "below --min-complete 80" in reason
    assert "--min-complete 50" in reason  # what to do
    assert not (catalogs.root / "dist" / "fa").exists()
    assert (catalogs.root / "dist" / "fr" / "letter.html").exists()
    assert "ar:" in result.stderr  # the empty Arabic catalog is refused too

    catalogs.ok("build", "-l", "fa", "-f", "html", "--min-complete", "40")
    text = html.unescape(re.sub("<[^>]+>", "", (catalogs.root / "dist" / "fa" / "letter.html")
                                .read_text("utf-8")))
    assert len(written) == 33 and all(t in text for t in written.values())
    english = [m.id for m in messages(load_catalog(catalogs.pot)) if m.id not in written]
    assert len(english) == 32 and all(e in text for e in english)  # the rest stays English


# The drafts notice in Persian (from the interface catalogs) and in English.
NOTICES = [translate("fa", DRAFT_NOTICE), DRAFT_NOTICE]


def _notices(text: str) -> list[str]:
    return [notice for notice in NOTICES if notice in text]


def _docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_drafts_notice_appears_exactly_when_drafts_are_included(catalogs):
    fill(catalogs, "fa", persian)
    fill(catalogs, "fa", lambda msgid: persian(msgid) + " (پیش)", how="draft",
         only=lambda index: index < 5)
    folder = catalogs.root / "dist" / "fa"

    catalogs.ok("build", "-l", "fa", "-f", "all", "--include", "drafts", "--bilingual")
    assert NOTICES[0].startswith("پیش‌نویس")  # the Persian notice, from the UI catalogs
    for name in ("letter.md", "letter.html"):
        assert _notices((folder / name).read_text("utf-8")) == NOTICES, name
    assert _notices(_docx_text(folder / "letter.docx")) == NOTICES
    assert "(پیش)" in (folder / "letter.html").read_text("utf-8")
    # Side by side, each draft sentence is marked too (dotted underline).
    underlined = [r.text for row in docx.Document(str(folder / "letter.bilingual.docx"))
                  .tables[0].rows for p in row.cells[1].paragraphs for r in p.runs
                  if r.font.underline is not None]
    assert "".join(underlined).count("(پیش)") == 5  # the five drafts, and nothing else
    assert all(text.endswith("(پیش)") for text in underlined)

    catalogs.ok("build", "-l", "fa", "-f", "all", "--include", "translated",
                "--min-complete", "0")
    for name in ("letter.md", "letter.html", "letter.txt"):
        text = (folder / name).read_text("utf-8")
        assert _notices(text) == [] and "(پیش)" not in text, name
    assert _notices(_docx_text(folder / "letter.docx")) == []


def test_drafts_level_without_any_draft_adds_no_notice(catalogs):
    fill(catalogs, "fa", persian)
    catalogs.ok("build", "-l", "fa", "-f", "html", "--include", "drafts")
    assert _notices((catalogs.root / "dist" / "fa" / "letter.html").read_text("utf-8")) == []


def test_list_numbering_uses_persian_digits_for_fa_and_bullets_stay(catalogs):
    fill(catalogs, "fa", persian)
    catalogs.ok("build", "-l", "fa", "-f", "md", "-f", "html")
    md = (catalogs.root / "dist" / "fa" / "letter.md").read_text("utf-8")
    assert "\n۱. مهدی هوشمند رحیمی - وکیل حقوق بشر\n" in md
    assert "\n۱۴. " in md and "\n14. " not in md
    html = (catalogs.root / "dist" / "fa" / "letter.html").read_text("utf-8")
    assert html.count('<span class="marker">●</span>') == 8
    assert '<span class="marker">۱۲.</span>' in html


def test_arabic_list_digits_are_configurable(catalogs):
    fill(catalogs, "ar", lambda msgid: "ترجمة " + msgid)
    catalogs.ok("build", "-l", "ar", "-f", "html")
    html = (catalogs.root / "dist" / "ar" / "letter.html").read_text("utf-8")
    assert '<span class="marker">12.</span>' in html  # CLDR's default for ar: Latin digits

    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8") + 'list-digits = { ar = "native" }\n',
                         "utf-8")
    catalogs.ok("build", "-l", "ar", "-f", "html")
    html = (catalogs.root / "dist" / "ar" / "letter.html").read_text("utf-8")
    assert '<span class="marker">١٢.</span>' in html
    assert "counter(page, arabic-indic)" in html  # page numbers in the same digits


def test_unknown_list_digits_setting_is_a_user_error(catalogs):
    fill(catalogs, "ar", lambda msgid: "ترجمة " + msgid)
    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8") + 'list-digits = { ar = "roman" }\n',
                         "utf-8")
    before = catalogs.snapshot()
    _one_line_error(catalogs.run("build", "-l", "ar"), "unknown list numbering 'roman'")
    assert catalogs.snapshot() == before
