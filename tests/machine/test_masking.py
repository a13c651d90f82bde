"""Token protection: numbers, UN symbols, URLs and glossary terms survive machine translation,
and a draft that lost one is kept but flagged."""

from __future__ import annotations

from mt_helpers import drafts, missing, msgfmt_ok, origin
from mt_servers import LibreTranslateServer

from translate_letter.glossary import parse_glossary
from translate_letter.machine.masking import mask, missing_tokens

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
    restored, lost = masked.unmask(masked.text)
    assert restored == SENTENCE
    assert lost == []


def test_placeholders_written_in_persian_digits_or_spaced_out_are_restored():
    masked = mask("See S/PV.7926 of 2017.", "fa")
    assert masked.text == "See {1} of {2}."

    restored, lost = masked.unmask("نگاه کنید به { ۱ } از {۲}.")

    assert restored == "نگاه کنید به S/PV.7926 از 2017."
    assert lost == []


def test_a_lost_placeholder_is_named():
    masked = mask("See S/PV.7926 and A/PV.564 of 1956.", "fr")

    restored, lost = masked.unmask("Voir {1} de {3}.")

    assert restored == "Voir S/PV.7926 de 1956."
    assert lost == ["A/PV.564"]


def test_glossary_terms_are_masked_and_come_back_in_the_target_language():
    glossary = parse_glossary(GLOSSARY)
    text = "Dear Kelly Craft, the Security Council should refer Iran to the ICC."

    masked = mask(text, "fa", glossary)

    assert "Security Council" not in masked.text and "Kelly Craft" not in masked.text
    restored, _ = masked.unmask(masked.text)
    assert restored == "Dear کلی کرفت, the شورای امنیت should refer Iran to the ICC."
    # A term without a rendering for the language is left to the engine.
    assert "International Criminal Court" in mask(
        "the International Criminal Court", "ar", glossary).text


def test_numbers_in_the_targets_own_digits_are_not_missing():
    source = "In 2019, 1,500 people were arrested (S/PV.7926)."

    assert missing_tokens(source, "در ۲۰۱۹، ۱٬۵۰۰ نفر بازداشت شدند (S/PV.7926).") == []
    assert missing_tokens(source, "في ٢٠١٩، اعتقل ١٥٠٠ شخص (S/PV.7926).") == []
    assert missing_tokens(source, "در ۲۰۱۸، ۱٬۵۰۰ نفر بازداشت شدند.") == ["S/PV.7926", "2019"]


def test_the_engine_never_sees_a_protected_token_and_the_draft_keeps_them(small, libre):
    project = small(SENTENCE + "\n\nDear Kelly Craft, the Security Council met.")
    (project.root / "locales" / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")

    project.ok("pretranslate", "-l", "fa", "--engine", "libretranslate", "--url", libre.url)

    sent = " ".join(libre.texts())
    for token in ("S/PV.7926", "S/2011/612", "1956", "1,500", "info@un.org", "Security Council",
                  "Kelly Craft"):
        assert token not in sent
    found = drafts(project.po("fa"))
    assert found[SENTENCE].string == f"[fa] {SENTENCE}"
    assert found["Dear Kelly Craft, the Security Council met."].string == \
        "[fa] Dear کلی کرفت, the شورای امنیت met."
    assert all(missing(m) == [] for m in found.values())


def test_a_draft_whose_token_was_mangled_is_kept_and_flagged(small, serve):
    def mangle(text: str, source: str, target: str) -> str:
        # A server that "translates" one placeholder into something else.
        return "[fr] " + text.replace("{2}", "(2)")

    server = serve(LibreTranslateServer, translate=mangle)
    project = small("See S/PV.7926 and A/PV.564 of 1956. The Council met.")

    result = project.run("pretranslate", "-l", "fr", "--engine", "libretranslate",
                         "--url", server.url)

    assert result.exit_code == 0
    assert "1 flagged" in result.output and "A/PV.564" in result.output
    found = drafts(project.po("fr"))
    flagged = found["See S/PV.7926 and A/PV.564 of 1956."]
    assert flagged.string == "[fr] See S/PV.7926 and (2) of 1956."
    assert flagged.fuzzy and origin(flagged) == "mt:libretranslate"
    assert missing(flagged) == ["A/PV.564"]
    assert missing(found["The Council met."]) == []
    assert msgfmt_ok(project.po("fr"))
    assert "# token-missing: A/PV.564" in project.po("fr").read_text(encoding="utf-8")
