"""Token protection: numbers, UN symbols, URLs and glossary terms survive machine translation,
and a draft that lost one is kept but flagged."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from mt_helpers import drafts, expected, missing, msgfmt_ok
from mt_servers import LibreTranslateServer

from translate_letter.checks import CheckContext, check_entry
from translate_letter.core.glossary import Glossary, parse_glossary
from translate_letter.core.tokens import token_problems
from translate_letter.machine.masking import mask

SENTENCE = ("On 18 April 2017 the Council (see S/PV.7926 and S/2011/612) recalled resolution "
            "120 (1956), 1,500 arrests and a 3% rise; write to info@un.org or "
            "https://www.un.org/en/ga.")
GLOSSARY = """en,fa,fr,ar,kind,note
Security Council,شورای امنیت,Conseil de sécurité,مجلس الأمن,institution,
International Criminal Court,دیوان کیفری بین‌المللی,Cour pénale internationale,,institution,
Kelly Craft,کلی کرفت,Kelly Craft,كيلي كرافت,name,
"""


def test_every_protected_token_is_masked_and_restored_verbatim():
    masked = mask(SENTENCE, "fa")

    assert masked.text == ("On {1} April {2} the Council (see {3} and {4}) recalled resolution "
                           "{5}, {6} arrests and a {7} rise; write to {8} or {9}.")
    assert [slot.source for slot in masked.slots] == [
        "18", "2017", "S/PV.7926", "S/2011/612", "120 (1956)", "1,500", "3%", "info@un.org",
        "https://www.un.org/en/ga"]
    assert masked.restore(masked.text) == SENTENCE
    assert masked.lost(masked.text, masked.text) == []


def test_placeholders_written_in_persian_digits_or_spaced_out_are_restored():
    masked = mask("See S/PV.7926 of 2017.", "fa")
    assert masked.text == "See {1} of {2}."

    answer = "نگاه کنید به { ۱ } از {۲}."

    assert masked.restore(answer) == "نگاه کنید به S/PV.7926 از 2017."
    assert masked.lost(masked.text, answer) == []


def test_a_lost_placeholder_is_named():
    masked = mask("See S/PV.7926 and A/PV.564 of 1956.", "fr")

    assert masked.restore("Voir {1} de {3}.") == "Voir S/PV.7926 de 1956."
    assert masked.lost(masked.text, "Voir {1} de {3}.") == ["A/PV.564"]


def test_glossary_terms_are_masked_and_come_back_in_the_target_language():
    glossary = parse_glossary(GLOSSARY)
    text = "Dear Kelly Craft, the Security Council should refer Iran to the ICC."

    masked = mask(text, "fa", glossary)

    assert "Security Council" not in masked.text and "Kelly Craft" not in masked.text
    assert masked.restore(masked.text) == \
        "Dear کلی کرفت, the شورای امنیت should refer Iran to the ICC."
    # A term without a rendering for the language is left to the engine.
    assert "International Criminal Court" in mask(
        "the International Criminal Court", "ar", glossary).text


def test_numbers_in_the_targets_own_digits_are_not_missing():
    source = "In 2019, 1,500 people were arrested (S/PV.7926)."

    assert token_problems(source, "در ۲۰۱۹، ۱٬۵۰۰ نفر بازداشت شدند (S/PV.7926).") == []
    assert token_problems(source, "في ٢٠١٩، اعتقل ١٥٠٠ شخص (S/PV.7926).") == []
    assert token_problems(source, "در ۲۰۱۸، ۱٬۵۰۰ نفر بازداشت شدند.") == [
        "S/PV.7926", "2019", "2018 (not in the source)"]


def _qa_errors(source: str, translation: str, lang: str = "fr") -> list[str]:
    catalog = Catalog(locale=lang)
    catalog.add(source, translation)
    context = CheckContext.for_catalog(catalog, lang, Glossary(), doc="letter", related=[])
    return [f.check for f in check_entry(catalog[source], lang, context)
            if f.check in ("numbers", "symbols")]


@pytest.mark.parametrize("source, translation", [
    ("See S/PV.7926 of 2017.", "Voir S/PV.79260 de 2017."),
    ("Recalling resolution 120 (1956).", "Rappelant la résolution 1956 (120)."),
    ("In 2019, 1,500 people.", "En 2019, 1 500 personnes."),
    ("In 2019, 1,500 people.", "En 2018, 1 500 personnes."),
    ("The Council met.", "Le Conseil s'est réuni en 2019."),
    ("Write to info@un.org.", "Écrivez à info@un.org."),
    ("Write to info@un.org.", "Écrivez à info@un.int."),
    ("See A/PV.564 and S/PV.7926.", "Voir S/PV.7926 et A/PV.564."),
    ("On 18 April 2017.", "Le 18 avril 2017 et 2017."),
])
def test_a_token_flag_and_a_qa_error_always_agree(source, translation):
    assert bool(token_problems(source, translation)) == bool(_qa_errors(source, translation))


def test_the_two_cases_the_memory_path_used_to_pass_are_caught_both_ways():
    assert token_problems("See S/PV.7926.", "Voir S/PV.79260.") == [
        "S/PV.7926", "S/PV.79260 (not in the source)"]
    assert token_problems("Resolution 120 (1956).", "Résolution 1956 (120).") == ["120 (1956)"]
    assert _qa_errors("See S/PV.7926.", "Voir S/PV.79260.") == ["symbols"]
    assert _qa_errors("Resolution 120 (1956).", "Résolution 1956 (120).") == ["symbols"]


def test_the_engine_never_sees_a_protected_token_and_the_draft_keeps_them(small, libre):
    project = small(SENTENCE + "\n\nDear Kelly Craft, the Security Council met.")
    (project.root / "locales" / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")

    project.ok("pretranslate", "-l", "fa", "--engine", "libretranslate", "--url", libre.url)

    sent = " ".join(libre.texts())
    for token in ("S/PV.7926", "S/2011/612", "1956", "1,500", "info@un.org", "Security Council",
                  "Kelly Craft"):
        assert token not in sent
    found = drafts(project.po("fa"))
    assert found[SENTENCE].string == expected(SENTENCE, "fa")
    assert "S/PV.7926" in found[SENTENCE].string
    glossary = parse_glossary(GLOSSARY)
    dear = "Dear Kelly Craft, the Security Council met."
    assert found[dear].string == expected(dear, "fa", glossary)
    assert "کلی کرفت" in found[dear].string and "شورای امنیت" in found[dear].string
    assert all(missing(m) == [] for m in found.values())


def test_an_answer_whose_placeholder_was_mangled_is_failed_not_stored_and_asked_again(
        small, serve):
    def mangle(text: str, source: str, target: str) -> str:
        # A server that "translates" one placeholder into something else.
        return "[fr] " + text.replace("{2}", "(2)")

    server = serve(LibreTranslateServer, translate=mangle)
    project = small("See S/PV.7926 and A/PV.564 of 1956. The Council met.")

    result = project.run("pretranslate", "-l", "fr", "--engine", "libretranslate",
                         "--url", server.url)

    assert result.exit_code == 1
    assert "placeholder lost: A/PV.564" in result.stderr
    assert "1 failed" in result.output
    found = drafts(project.po("fr"))
    assert set(found) == {"The Council met."}
    assert msgfmt_ok(project.po("fr"))

    fixed = LibreTranslateServer()
    try:
        project.ok("pretranslate", "-l", "fr", "--engine", "libretranslate", "--url", fixed.url)
    finally:
        fixed.stop()
    assert fixed.texts() == ["See {1} and {2} of {3}."]  # the bad answer was not cached
    assert drafts(project.po("fr"))["See S/PV.7926 and A/PV.564 of 1956."].string == \
        "[fr] See S/PV.7926 and A/PV.564 of 1956."
