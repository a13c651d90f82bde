"""PDF through WeasyPrint, read back with poppler (pdftotext, pdffonts, pdfinfo)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from translate_letter.core.document import segment

from ..conftest import LETTER, assert_tagged_for_screen_readers


def poppler(tool: str, *args: str) -> str:
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path, *pages: str) -> str:
    """pdftotext's text with its bidi embedding marks removed and whitespace folded."""
    text = poppler("pdftotext", *pages, str(path), "-")
    return " ".join(re.sub("[\u202a-\u202e]", "", text).split())


def persian_words(text: str) -> list[str]:
    """The Arabic-script words of ``text`` in order.

    pdftotext drops the zero-width non-joiner (it has no glyph) and wraps LTR runs in
    embedding marks, and it places Latin digits and symbols by its own rules, so the
    comparison is on the order of the Persian words only.
    """
    text = text.replace("\u200c", "")
    return [
        word for word in re.findall(r"[^\W\d_]+", text)
        if all("ARABIC" in unicodedata.name(char, "") for char in word)
    ]


@pytest.fixture(scope="module")
def persian_pdf(persian_letter) -> tuple[Path, dict]:
    project, translations = persian_letter
    project.ok("build", "-l", "fa", "-f", "pdf", "--bilingual")
    return project.root / "dist" / "fa", translations


def test_persian_pdf_holds_the_translated_sentences_in_logical_order(persian_pdf):
    folder, translations = persian_pdf
    extracted = " ".join(persian_words(pdf_text(folder / "letter.pdf")))
    document = segment(LETTER.read_text("utf-8"))
    for block in document.blocks:
        expected = " ".join(persian_words(" ".join(translations[s.text] for s in block.segments)))
        assert expected in extracted, block.segments[0].place
    real = persian_words(translations["The Security Council has a major role to play."])
    assert real == ["شورای", "امنیت", "نقش", "مهمی", "بر", "عهده", "دارد"]
    assert " ".join(real) in extracted


def test_persian_pdf_keeps_symbols_and_page_numbers(persian_pdf):
    folder, _ = persian_pdf
    text = pdf_text(folder / "letter.pdf")
    assert "S/PV.7926" in text and "1,500" in text
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(folder / "letter.pdf")))[1])
    assert pages >= 2
    # Page numbers in Persian digits: "۱ / N" on the first page, "N / N" on the last.
    last = pdf_text(folder / "letter.pdf", "-f", str(pages), "-l", str(pages))
    persian_total = str(pages).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert re.search(rf"{persian_total} ?/ ?{persian_total}", last), last[-40:]


def test_persian_pdf_is_a4_with_an_embedded_arabic_script_font(persian_pdf):
    folder, _ = persian_pdf
    info = poppler("pdfinfo", str(folder / "letter.pdf"))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    fonts = poppler("pdffonts", str(folder / "letter.pdf")).splitlines()[2:]
    embedded = {line.split()[0].split("+")[-1] for line in fonts if line.split()[-5] == "yes"}
    assert "Noto-Naskh-Arabic" in embedded, fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded


def test_bilingual_pdf_holds_english_beside_persian(persian_pdf):
    folder, translations = persian_pdf
    text = pdf_text(folder / "letter.bilingual.pdf")
    assert "The Security Council has a major role to play." in text
    assert "Dear President Kelly Craft," in text
    extracted = " ".join(persian_words(text))
    assert " ".join(persian_words(translations["Sincerely,"])) in extracted
    assert "English" in text and "فارسی" in text


def test_letters_are_tagged_pdf_ua_for_screen_readers(persian_pdf):
    folder, _ = persian_pdf
    for name in ("letter.pdf", "letter.bilingual.pdf"):
        assert_tagged_for_screen_readers(folder / name)
