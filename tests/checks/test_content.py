"""Numbers, UN symbols, resolution references, URLs, e-mails, placeholders and markup."""

from __future__ import annotations

import pytest

TOLL = "the death toll is estimated to be over 1,500 within 3 days of the unrest in Nov 2019."


@pytest.mark.parametrize("target, lang", [
    ("شمار کشته‌شدگان طی ۳ روز ناآرامی در نوامبر ۲۰۱۹ بیش از ۱٬۵۰۰ نفر برآورد می‌شود.", "fa"),
    ("شمار کشته‌شدگان طی ۳ روز ناآرامی در نوامبر ۲۰۱۹ بیش از ۱۵۰۰ نفر برآورد می‌شود.", "fa"),
    ("le bilan dépasserait 1\u202f500 morts en 3 jours de troubles en novembre 2019.", "fr"),
    ("ويقدر عدد القتلى بأكثر من ١٥٠٠ شخص خلال ٣ أيام من الاضطرابات في نوفمبر ٢٠١٩.", "ar"),
])
def test_numbers_match_in_any_digit_script_and_grouping(check, target, lang):
    assert "numbers" not in check(TOLL, target, lang)


def test_a_changed_number_is_an_error(check):
    found = check(TOLL, "شمار کشته‌شدگان طی ۳ روز در نوامبر ۲۰۱۹ بیش از ۱٬۴۰۰ نفر است.")
    assert found["numbers"] == (
        "numbers differ from the source: missing 1500; not in the source: 1400")


def test_a_dropped_date_is_an_error(check):
    source = "Please note the Council’s meeting on 18 April 2017."
    assert "missing 18" in check(source, "لطفاً به نشست آوریل ۲۰۱۷ شورا توجه کنید.")["numbers"]
    assert "numbers" not in check(source, "لطفاً به نشست ۱۸ آوریل ۲۰۱۷ شورا توجه کنید.")


SYMBOLS = "Please see S/PV.7926 and the resolution 120 (1956), A/PV.564 to A/PV.573."


def test_symbols_and_resolutions_kept_exactly_pass(check):
    target = "رجوع شود به S/PV.7926 و قطعنامه ۱۲۰ (۱۹۵۶)، A/PV.564 تا A/PV.573."
    assert "symbols" not in check(SYMBOLS, target)


@pytest.mark.parametrize("target, missing", [
    ("رجوع شود به S/PV.7962 و قطعنامه ۱۲۰ (۱۹۵۶)، A/PV.564 تا A/PV.573.", "'S/PV.7926'"),
    ("رجوع شود به S/PV.۷۹۲۶ و قطعنامه ۱۲۰ (۱۹۵۶)، A/PV.564 تا A/PV.573.", "'S/PV.7926'"),
    ("رجوع شود به S/PV.7926 و قطعنامه ۱۲۰/۱۹۵۶، A/PV.564 تا A/PV.573.", "'120 (1956)'"),
])
def test_a_symbol_or_resolution_not_kept_exactly_is_an_error(check, target, missing):
    assert f"missing {missing}" in check(SYMBOLS, target)["symbols"]


def test_urls_and_emails_must_stay_the_same(check):
    source = "Write to info@un.org or see https://www.un.org/securitycouncil/ today."
    good = "به info@un.org بنویسید یا https://www.un.org/securitycouncil/ را ببینید."
    assert "symbols" not in check(source, good)
    found = check(source,
                  "به info@un.com بنویسید یا https://www.un.org/securitycouncil/ را ببینید.")
    assert found["symbols"] == (
        "symbols differ from the source: missing 'info@un.org'; not in the source: 'info@un.com'")


def test_python_format_placeholders_must_match(check):
    flags = ("python-format",)
    assert "placeholders" not in check("%(count)d files in %(folder)s",
                                       "%(folder)s شامل %(count)d فایل", flags=flags)
    found = check("%(count)d files in %(folder)s", "%(cnt)d فایل در %(folder)s", flags=flags)
    assert found["placeholders"] == (
        "placeholders differ from the source: missing '%(count)d'; not in the source: '%(cnt)d'")


def test_unnumbered_c_placeholders_must_keep_their_order(check):
    flags = ("c-format",)
    assert "placeholders" in check("%s has %d files", "%d فایل در %s", flags=flags)
    assert "placeholders" not in check("%1$s has %2$d files", "%2$d فایل در %1$s", flags=flags)
    assert "placeholders" not in check("%s has %i files", "%s دارای %d فایل", flags=flags)


def test_brace_placeholders_must_match_and_be_well_formed(check):
    flags = ("python-brace-format",)
    assert "placeholders" not in check("Welcome, {name}!", "خوش آمدید، {name}!", flags=flags)
    assert "missing '{name}'" in check("Welcome, {name}!", "خوش آمدید، {نام}!",
                                       flags=flags)["placeholders"]
    assert check("Welcome, {name}!", "خوش آمدید، {name!", flags=flags)["placeholders"].startswith(
        "malformed python-brace-format placeholder")


def test_placeholders_are_not_checked_when_flagged_as_no_format(check):
    assert "placeholders" in check("%d%% of %s", "درصد", flags=("python-format",))
    assert "placeholders" not in check("%d%% of %s", "درصد", flags=("no-python-format",))


def test_markup_tags_must_match(check):
    assert "markup" not in check("Read <b>this</b> first.", "ابتدا <b>این</b> را بخوانید.")
    found = check("Read <b>this</b> first.", "ابتدا <b>این را بخوانید.")
    assert found["markup"] == "tags differ from the source: missing '</b>'"
