"""Untranslated, drafts, void approvals, copies of the source, sentences, length."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from translate_letter.catalog.states import mark_approved
from translate_letter.checks import CheckContext, check_entry


def test_an_untranslated_entry_is_reported(check):
    assert check("Sincerely,", "") == {"untranslated": "not translated"}


def test_an_empty_plural_form_is_reported(glossary):
    catalog = Catalog(locale="fa")
    message = catalog.add(("%d lawyer", "%d lawyers"), ("%d وکیل", ""), flags=["c-format"])
    context = CheckContext.for_catalog(catalog, "fa", glossary)
    assert [(f.check, f.message) for f in check_entry(message, "fa", context)] == [
        ("untranslated", "plural form(s) 1 not translated")]
    message.string = ("%d وکیل", "%d وکیل")
    assert check_entry(message, "fa", context) == []


def test_a_draft_is_reported_with_its_origin(check):
    found = check("Sincerely,", "با احترام،", flags=("fuzzy",),
                  comments=("draft: mt:google 2026-11-27",))
    assert found == {"draft": "unreviewed draft (mt:google 2026-11-27)"}
    assert check("Sincerely,", "با احترام،") == {}


def test_an_approval_whose_text_changed_is_reported_as_void(glossary):
    catalog = Catalog(locale="fa")
    message = catalog.add("Sincerely,", "")
    mark_approved(message, "با احترام،", "reviewer", "2026-11-27")
    context = CheckContext.for_catalog(catalog, "fa", glossary)
    assert check_entry(message, "fa", context) == []
    message.string = "با سپاس،"
    [finding] = check_entry(message, "fa", context)
    assert (finding.check, finding.message) == (
        "approval-void",
        "approval void: the text changed after it was approved (reviewer 2026-11-27 "
        f"{message.user_comments[-1].split()[-1]})")


def test_a_copy_of_the_source_is_reported(check):
    source = "We hope that the Council will act."
    assert check(source, source, "fr")["same-as-source"] == "same as the source"


def test_names_numbers_and_symbols_may_stay_as_they_are(check):
    for source in ("Kelly Craft", "S/PV.7926", "1956", "Amnesty International",
                   "Poua Bakhtiari – 14"):
        assert "same-as-source" not in check(source, source, "fr"), source


def test_a_different_number_of_sentences_is_reported(check):
    source = "The two things often cannot be separated."
    found = check(source, "Les deux choses sont liées. Elles ne peuvent être séparées.", "fr")
    assert found["sentence-count"] == "2 sentence(s); the source has 1"


def test_abbreviations_and_initials_do_not_end_a_sentence(check):
    source = "They asked U.N. Security Council and the U.S Ambassador to act. It did not."
    target = "Ils ont demandé au Conseil de sécurité de l'O.N.U. et à l'Amb. des É.-U. d'agir. " \
             "Ce ne fut pas le cas."
    assert "sentence-count" not in check(source, target, "fr")
    assert "sentence-count" not in check(source, "از شورای امنیت خواستند اقدام کنند. نکرد.")


def test_a_translation_far_shorter_than_usual_is_reported(check):
    source = "On the basis of the aforementioned reports and findings, the Council must act."
    found = check(source, "شورا باید اقدام کند.")
    assert found["length"] == "26% of the source's length, far shorter than usual"
    assert "length" not in check(
        source, "بر پایه گزارش‌ها و یافته‌های پیش‌گفته، شورا باید اقدام کند.")
    assert "length" not in check("Sincerely,", "Veuillez agréer l'expression de nos "
                                 "salutations les plus respectueuses.", "fr")


def test_a_translation_far_longer_than_usual_is_reported(check):
    source = "The Council must act without delay."
    target = ("Le Conseil doit agir sans délai, immédiatement, sans attendre, dès maintenant, "
              "et sans la moindre hésitation.")
    assert check(source, target, "fr")["length"] == (
        "311% of the source's length, far longer than usual")
