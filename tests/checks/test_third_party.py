"""The checks on other projects' real catalogs (the corpus of ``tests/catalog``): what such
projects legitimately write is not reported, what is wrong still is."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_letter.catalog.reader import load_catalog
from translate_letter.checks import check_catalog

from ..catalog.corpus import unpack


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(tmp_path_factory.mktemp("checks"))


def findings(corpus: Path, path: str, lang: str, check: str) -> dict[str, str]:
    """msgid → message of the ``check`` findings in the corpus catalog ``path``."""
    catalog = load_catalog(corpus / path)
    return {f.msgid: f.message for f in check_catalog(catalog, lang) if f.check == check}


def test_japanese_months_and_numbers_spelled_in_the_source_are_not_errors(corpus: Path):
    found = findings(corpus, "django/new/django/ja.po", "ja", "numbers")
    for month in ("January", "April", "Sept.", "may", "jun", "December"):
        assert month not in found
    assert findings(corpus, "django/new/adminjs/ja.po", "ja", "numbers") == {}


def test_a_number_that_is_really_wrong_is_still_an_error(corpus: Path):
    found = findings(corpus, "allauth/new/django/ar.po", "ar", "numbers")
    assert found["There is %(unused_count)s out of %(total_count)s recovery codes "
                 "available."] == "form 0: numbers differ from the source: not in the source: 6"
    assert any(msgid.startswith("If you do not recognize this change") for msgid in found)


def test_code_file_names_and_product_names_may_stay_latin(corpus: Path):
    found = findings(corpus, "sphinx/new/sphinx/ja.po", "ja", "latin")
    for msgid in ("html_extra_path entry %r does not exist",
                  "Error: an existing conf.py has been found in the selected root path.",
                  "conf value \"epub_description\" should not be empty for EPUB3",
                  "convert exited with error:\n[stderr]\n%r\n[stdout]\n%r"):
        assert msgid not in found
    assert findings(corpus, "django/new/django/ja.po", "ja", "latin").get(
        "Django Community") is None
    assert found["the documentation for"] == (
        "Latin words left in Japanese text: 'the', 'documentation', 'for'")


def test_placeholders_of_javascript_formats_are_not_latin_words(corpus: Path):
    assert findings(corpus, "django/new/adminjs/fa.po", "fa", "latin") == {}


def test_numbers_in_words_of_the_source(check):
    assert "numbers" not in check("April", "4月", "ja")
    assert "numbers" not in check("a month", "1か月", "ja")
    assert "numbers" not in check("Since v2.0, use this.", "Depuis la version 2.0.", "fr")
    assert "numbers" not in check("This page has one subpage", "Cette page a 1 sous-page", "fr")
    assert check("two pages", "3 صفحه")["numbers"] == (
        "numbers differ from the source: not in the source: 3")
    assert check("You may go", "۵ رفتن")["numbers"] == (
        "numbers differ from the source: not in the source: 5")


def test_numbers_the_translation_writes_in_words(check):
    assert "numbers" not in check("1 year, 1 month", "un an et un mois", "fr")
    assert "numbers" not in check("1 hour", "une heure", "fr")
    assert "numbers" not in check("Past 7 days", "الأيام السبعة الماضية", "ar")
    assert "numbers" not in check("3 files", "سه پرونده", "fa")
    assert "numbers" not in check("the 2nd line", "la deuxième ligne", "fr")
    assert "numbers" not in check("Decimal number", "10 進数", "ja")
    # A word that only contains a number's word, another number, or a number above twenty
    # is not the number.
    assert check("1 file", "uniquement le fichier", "fr")["numbers"] == (
        "numbers differ from the source: missing 1")
    assert check("7 days", "هشت روز", "fa")["numbers"] == (
        "numbers differ from the source: missing 7")
    assert check("Resolution passed by 42 votes", "Résolution adoptée par quarante-deux voix",
                 "fr")["numbers"] == "numbers differ from the source: missing 42"
    # Languages written without spaces are not searched for words: 一 is in 一覧 (a list).
    assert check("1 item", "一覧", "ja")["numbers"] == (
        "numbers differ from the source: missing 1")


def test_the_corpus_numbers_findings_written_in_words_are_gone(corpus: Path):
    french = findings(corpus, "humanize/new/humanize/fr.po", "fr", "numbers")
    assert not [msgid for msgid in french if msgid.startswith("1 year")]
    arabic = findings(corpus, "django/new/admin/ar.po", "ar", "numbers")
    assert "Past 7 days" not in arabic
    assert "0 of %(cnt)s selected" in arabic  # "none of": a word, but not a number's
