"""Final punctuation (Arabic and Persian marks are equivalents), brackets and quotes,
French spacing."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("source, target, lang", [
    ("Is the situation in Iran not a threat to peace?", "آیا وضعیت ایران تهدیدی برای صلح نیست؟",
     "fa"),
    ("Is this not a threat to peace?", "أليس هذا تهديدًا للسلام؟", "ar"),
    ("Dear President Kelly Craft,", "رئيس المجلس الموقر،", "ar"),
    ("travel bans and asset freezes;", "ممنوعیت سفر و مسدودسازی دارایی‌ها؛", "fa"),
    ("we request the Council:", "از شورا درخواست می‌کنیم:", "fa"),
    ("He said “peace and security”.", "Il a dit « la paix et la sécurité ».", "fr"),
    ("He said “peace and security.”", "او گفت «صلح و امنیت».", "fa"),
    ("Is it not?", "N'est-ce pas\u202f?", "fr"),
])
def test_equivalent_final_marks_are_not_reported(check, source, target, lang):
    assert "end-punctuation" not in check(source, target, lang)


def test_a_different_final_mark_is_reported(check):
    found = check("The Security Council has a role to play.", "شورای امنیت نقش دارد!")
    assert found["end-punctuation"] == (
        "ends with an exclamation mark; the source ends with a full stop")
    found = check("As such we request the UN Security Council:", "بنابراین از شورا می‌خواهیم")
    assert found["end-punctuation"] == "has no final punctuation; the source ends with a colon"


def test_unbalanced_guillemets_and_reversed_parentheses_are_reported(check):
    source = "They call on Iran “to ensure that no one is tortured” (in law)."
    assert "brackets" not in check(source, "از ایران می‌خواهند «تضمین کند» (در قانون).")
    assert check(source, "از ایران می‌خواهند «تضمین کند (در قانون).")["brackets"] == (
        "unbalanced quotes opened and not closed")
    assert check(source, "از ایران می‌خواهند «تضمین کند» )در قانون(.")["brackets"] == (
        "unbalanced parentheses closed without being opened")


def test_a_quotation_left_open_by_the_source_may_stay_open(check):
    source = "The crimes entail “murder, torture and arbitrary arrest."
    assert "brackets" not in check(source, "این جنایات عبارت‌اند از: «قتل، شکنجه و بازداشت.")
    assert "brackets" in check(source, "این جنایات عبارت‌اند از: قتل، شکنجه و بازداشت.")


@pytest.mark.parametrize("target, message", [
    ("Pourquoi ne pas agir?", "needs a no-break space before '?' (found no space)"),
    ("Pourquoi ne pas agir ?", "needs a no-break space before '?' (found a breaking space)"),
    ("Il a dit\u00a0: «la paix\u00a0».", "needs a no-break space after «"),
    ("Il a dit\u00a0: «\u00a0la paix».", "needs a no-break space before »"),
])
def test_french_spacing_is_reported(check, target, message):
    assert check("Why not act?", target, "fr")["french-spacing"] == message


def test_french_spacing_with_no_break_spaces_urls_and_times_passes(check):
    target = "Voir https://un.org à 10:30\u202f; il a dit\u00a0: «\u00a0agissez\u202f!\u00a0»"
    assert "french-spacing" not in check("See https://un.org at 10:30; he said: “act!”",
                                         target, "fr")


def test_french_spacing_is_only_for_french(check):
    assert "french-spacing" not in check("Why not act?", "چرا اقدام نکنیم؟")
