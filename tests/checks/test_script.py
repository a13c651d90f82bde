"""Persian and Arabic letters, Latin left behind, bidi controls, kashida, invisible marks."""

from __future__ import annotations

import pytest

SOURCE = "The Security Council has a major role to play in 2019."


def test_arabic_yeh_and_kaf_in_persian_text_are_reported(check):
    found = check(SOURCE, "شوراي امنيت نقشي اساسي بر عهده دارد در ۲۰۱۹.")
    assert found["script"] == "letters or digits of another language in Persian text: ي (use ی)"
    assert "ك (use ک)" in check("Security Council", "شورای امنیت كشور")["script"]


def test_persian_letters_and_digits_in_persian_text_pass(check):
    assert "script" not in check(SOURCE, "شورای امنیت در ۲۰۱۹ نقشی اساسی بر عهده دارد.")


def test_persian_letters_in_arabic_text_are_reported(check):
    found = check(SOURCE, "لمجلس الأمن دور رئیسی في ۲۰۱۹.", "ar")
    assert found["script"] == ("letters or digits of another language in Arabic text: "
                               "ی (use ي), ۰ (use ٠), ۱ (use ١), ۲ (use ٢), ۹ (use ٩)")
    assert "script" not in check(SOURCE, "لمجلس الأمن دور رئيسي في ٢٠١٩.", "ar")


def test_arabic_indic_digits_in_persian_text_are_reported(check):
    assert "٤ (use ۴)" in check("in 2014", "در سال ۲۰۱٤")["script"]


def test_latin_words_left_in_persian_text_are_reported(check):
    found = check("the human rights situation in Iran", "وضعیت human rights در Iran")
    assert found["latin"] == "Latin words left in Persian text: 'human', 'rights', 'Iran'"


def test_names_acronyms_and_symbols_may_stay_latin(check):
    # Poua Bakhtiari has no Persian spelling in the glossary: Latin is legitimate.
    source = "Poua Bakhtiari, see S/PV.7926 under the ICCPR and https://un.org/x."
    target = "Poua Bakhtiari، رجوع شود به S/PV.7926 ذیل ICCPR و https://un.org/x."
    assert "latin" not in check(source, target)
    assert "latin" not in check(source, target.replace("ICCPR", "میثاق"), "fr")


def test_latin_is_not_checked_in_french(check):
    assert "latin" not in check("human rights", "droits de l'homme", "fr")


@pytest.mark.parametrize("target, message", [
    ("\u202bمتن فارسی", "unclosed bidi control RLE"),
    ("متن\u202c فارسی", "stray bidi control PDF (nothing to close)"),
    ("\u2067متن\u202c\u2069", "stray bidi control PDF (nothing to close)"),
    ("متن \u2069فارسی", "stray bidi control PDI (no isolate to close)"),
    ("\u202eمتن فارسی\u202c", "bidi override RLO reverses how the text is displayed"),
])
def test_unbalanced_stray_or_overriding_bidi_controls_are_reported(check, target, message):
    assert check("Persian text", target)["bidi"] == message


def test_balanced_isolates_and_marks_in_persian_pass(check):
    target = "رجوع شود به \u2066S/PV.7926\u2069 و \u200fسند دیگر"
    assert "bidi" not in check("See S/PV.7926 and another document", target)


def test_a_bidi_mark_in_french_text_is_stray(check):
    found = check("Security Council", "Conseil\u200f de sécurité", "fr")
    assert found["bidi"] == "bidi control RLM in left-to-right text"


def test_kashida_is_reported(check):
    assert check("Council", "مجلـــس", "ar")["kashida"] == (
        "kashida (tatweel ـ) used to stretch letters")
    assert "kashida" not in check("Council", "مجلس", "ar")


def test_zero_width_characters_are_reported_but_persian_zwnj_inside_words_is_not(check):
    assert "U+200B zero width space" in check("It is done.", "انجام\u200bشد.")["invisible"]
    assert "invisible" not in check("It is done.", "انجام می\u200cشود.")
    assert check("It is done.", "انجام می\u200c شود.")["invisible"] == (
        "zero-width non-joiner next to a space or at an edge of the text")
    assert "U+200C" in check("It is done.", "C'est\u200c fait.", "fr")["invisible"]
