"""Glossary terms, names (from the glossary or consistent across entries), consistency."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from translate_letter.checks import check_catalog


def test_a_term_without_its_glossary_rendering_is_a_warning(check):
    found = check("The Security Council has a major role to play.",
                  "شورای حقوق بشر نقشی اساسی بر عهده دارد.")
    assert found["glossary"] == "glossary: 'Security Council' should be rendered 'شورای امنیت'"
    assert "glossary" not in check("The Security Council has a major role to play.",
                                   "شورای امنیت نقشی اساسی بر عهده دارد.")


def test_glossary_renderings_are_found_through_inflection_and_clitics(check):
    # Arabic: li- + article ("للجمعية"), the genitive plural (-ين), harakat.
    assert "glossary" not in check("an emergency special session of the General Assembly",
                                   "دورة استثنائية طارئة للجمعيّة العامة", "ar")
    assert "glossary" not in check("execution of the Political Prisoners",
                                   "الإعدام الجماعي للسجناء السياسيين", "ar")
    # French plural and agreement; Persian ZWNJ written as a space.
    assert "glossary" not in check("enforced disappearance of protesters",
                                   "les disparitions forcées de manifestants", "fr")
    assert "glossary" not in check("the enforced disappearance of protesters",
                                   "ناپدید سازی قهری معترضان")


def test_a_name_not_written_as_the_glossary_says_is_an_error(check):
    found = check("Dear President Kelly Craft,", "رئیس محترم، سرکار خانم کلی کرفت،")
    assert found["names"] == "name 'Kelly Craft' should be written 'کلی کرافت'"
    assert check("Dear President Kelly Craft,", "رئیس محترم، سرکار خانم کلی کرافت،") == {}


def catalog_of(lang: str, pairs: list[tuple[str, str]]) -> Catalog:
    catalog = Catalog(locale=lang)
    for msgid, msgstr in pairs:
        catalog.add(msgid, msgstr)
    return catalog


POUA = [
    ("The family of Poua Bakhtiari was arrested.", "خانواده پویا بختیاری بازداشت شدند."),
    ("Poua Bakhtiari was shot in November.", "پویا بختیاری در نوامبر هدف گلوله قرار گرفت."),
    ("Poua Bakhtiari became a symbol of protest.", "پویا بختیاری به نماد اعتراض بدل شد."),
    ("The unrest spread across the country.", "ناآرامی در سراسر کشور گسترش یافت."),
]


def test_a_name_the_glossary_does_not_spell_must_be_written_alike_everywhere(glossary):
    assert [f for f in check_catalog(catalog_of("fa", POUA), "fa", glossary)
            if f.check == "names"] == []
    odd = POUA[:2] + [("Poua Bakhtiari became a symbol of protest.",
                       "پویه بختیاری به نماد اعتراض بدل شد.")] + POUA[3:]
    found = [f for f in check_catalog(catalog_of("fa", odd), "fa", glossary)
             if f.check == "names"]
    assert [(f.msgid, f.level) for f in found] == [(odd[2][0], "error")]
    assert found[0].message == (
        "name 'Poua Bakhtiari' is not written as in the other entries ('پویا بختیاری')")


def test_two_entries_writing_a_name_two_ways_are_both_reported(glossary):
    pairs = [POUA[0], ("Poua Bakhtiari was shot in November.",
                       "Poua Bakhtiari در نوامبر هدف گلوله قرار گرفت."), POUA[3]]
    found = [f for f in check_catalog(catalog_of("fa", pairs), "fa", glossary)
             if f.check == "names"]
    assert sorted(f.msgid for f in found) == sorted([POUA[0][0], pairs[1][0]])
    assert found[0].message == (
        "name 'Poua Bakhtiari' is written differently in each entry that names it")


def test_harakat_do_not_make_a_name_different(glossary):
    pairs = [POUA[0], ("Poua Bakhtiari was shot in November.",
                       "پویا بختیاریِ در نوامبر هدف گلوله قرار گرفت."), POUA[3]]
    assert [f for f in check_catalog(catalog_of("fa", pairs), "fa", glossary)
            if f.check == "names"] == []


def test_an_arabic_name_with_a_clitic_is_the_same_name(glossary):
    pairs = [("Poua Bakhtiari was arrested.", "اعتُقل بويا بختياري."),
             ("They spoke of Poua Bakhtiari.", "تحدثوا عن بويا بختياري."),
             ("And Poua Bakhtiari too.", "وبويا بختياري أيضًا."),
             ("The unrest spread.", "انتشرت الاضطرابات.")]
    assert [f for f in check_catalog(catalog_of("ar", pairs), "ar", glossary)
            if f.check == "names"] == []


def test_the_same_source_translated_differently_is_reported(glossary):
    menu, other = Catalog(locale="fa"), Catalog(locale="fa")
    menu.add("Open", "باز کردن", context="menu")
    other.add("Open", "گشودن", context="menu")
    found = [f for f in check_catalog(menu, "fa", glossary, doc="app",
                                      related=[("help", other)]) if f.check == "inconsistent"]
    assert [(f.msgctxt, f.message) for f in found] == [
        ("menu", "the same source is translated differently elsewhere: 'گشودن'")]
    other.get("Open", context="menu").string = "باز کردن"
    assert [f for f in check_catalog(menu, "fa", glossary, doc="app", related=[("help", other)])
            if f.check == "inconsistent"] == []


def test_another_msgctxt_is_another_source(glossary):
    """msgctxt tells sources apart that read alike ("May" the month, "May" the verb)."""
    catalog = Catalog(locale="fa")
    catalog.add("Open", "باز کردن", context="menu")
    catalog.add("Open", "گشودن", context="dialog")
    assert [f for f in check_catalog(catalog, "fa", glossary)
            if f.check == "inconsistent"] == []


def test_an_unreviewed_draft_is_not_held_up_as_the_translation_to_follow(glossary):
    menu, other = Catalog(locale="fa"), Catalog(locale="fa")
    menu.add("Open", "باز کردن", context="menu")
    other.add("Open", "گشودن", context="menu", flags=["fuzzy"])
    found = [f for f in check_catalog(other, "fa", glossary, doc="help",
                                      related=[("app", menu)]) if f.check == "inconsistent"]
    assert [f.doc for f in found] == ["help"]
    found = [f for f in check_catalog(menu, "fa", glossary, doc="app",
                                      related=[("help", other)]) if f.check == "inconsistent"]
    assert found == []
