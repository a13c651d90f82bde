"""Whatever shape an entry has, every check answers with findings of one line, never a crash."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog, Message

from translate_letter.checks import CHECKS, LEVELS, CheckContext, check_entry

ODD_ENTRIES = [
    Message("Hello", None),
    Message("Hello", "   "),
    Message("...", "؟"),
    Message("\u200f", "\u202b"),
    Message("%s%%", "%%%s", flags=["c-format"]),
    Message("{", "}", flags=["python-brace-format"]),
    Message("%(a)s", "%(", flags=["python-format"]),
    Message(("one", "many"), ("", None)),
    Message(("%d one", "%d many"), "a single string for a plural entry"),
    Message("not plural", ("two", "forms")),
    Message("Line\nbreak\n", "\nخط\n\n"),
    Message("«»“”()[]{}", ")(][}{»«”“"),
    Message("1,500 / S/PV.7926 / 120 (1956)", "١٬٥٠٠ / S/PV.7926 / ۱۲۰ (۱۹۵۶)"),
    Message("Kelly Craft Kelly Craft", "کلی کرافت کلی"),
]


@pytest.mark.parametrize("lang", ["fa", "ar", "fr", "de", "zh", "he"])
def test_odd_entries_are_checked_without_a_crash(glossary, lang):
    catalog = Catalog(locale=lang)
    for message in ODD_ENTRIES:
        # Babel's catalog refuses a plural id with a single string; the web app may not.
        if isinstance(message.id, str) or not isinstance(message.string, str):
            catalog[message.id] = message
    context = CheckContext.for_catalog(catalog, lang, glossary)
    for message in ODD_ENTRIES:
        for finding in check_entry(message, lang, context):
            assert finding.check in CHECKS and finding.level in LEVELS
            assert finding.message and "\n" not in finding.message


def test_a_plural_rule_that_cannot_be_read_does_not_stop_the_checks(glossary):
    context = CheckContext(lang="ar", glossary=glossary, nplurals=3, plural_expr="n ?? 1")
    message = Message(("%d day", "%d days"), ("يوم", "يومان", "%d أيام"), flags=["c-format"])
    found = {f.check for f in check_entry(message, "ar", context)}
    assert "plurals" not in found
