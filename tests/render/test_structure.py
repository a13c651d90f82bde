"""Rules applied by the writers, not by translators: French spacing, isolated Latin runs."""

from __future__ import annotations

import pytest

from translate_letter.build import load_letter
from translate_letter.core.config import load_settings
from translate_letter.core.errors import UserError
from translate_letter.languages.fr import french_typography
from translate_letter.render import WRITERS, file_name, render_letter
from translate_letter.render.structure import list_numbering, ltr_spans, split_runs

from .conftest import fill, new_project

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("text", "typeset"),
    [
        ("Pourquoi? Agissez! Voici; enfin",
         f"Pourquoi{NNBSP}? Agissez{NNBSP}! Voici{NNBSP}; enfin"),
        ("Il a dit : non", f"Il a dit{NBSP}: non"),
        ("Il a dit: non", f"Il a dit{NBSP}: non"),
        ("« Les droits » et «liberté»", f"«{NNBSP}Les droits{NNBSP}» et «{NNBSP}liberté{NNBSP}»"),
        ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
        ("à 10:30 précises", "à 10:30 précises"),
    ],
)
def test_french_typography_spaces_punctuation(text, typeset):
    assert french_typography(text) == typeset


def test_french_typography_leaves_symbols_numbers_and_urls_unchanged():
    text = ("Voir S/PV.7926; plus de 1,500 morts! Lire https://www.un.org/fr/?q=a:b;c "
            "ou écrire à press@un.org: merci")
    typeset = french_typography(text)
    for token in ("S/PV.7926", "1,500", "https://www.un.org/fr/?q=a:b;c", "press@un.org"):
        assert token in typeset
    assert typeset == (f"Voir S/PV.7926{NNBSP}; plus de 1,500 morts{NNBSP}! Lire "
                       f"https://www.un.org/fr/?q=a:b;c ou écrire à press@un.org{NBSP}: merci")


def test_french_letter_is_typeset_in_every_format(tmp_path):
    project = new_project(tmp_path / "project")
    translation = "Voir S/PV.7926 ; 1,500 morts, https://www.un.org/?q=a:b et « vite » !"
    fill(project, "fr", lambda msgid: translation)
    project.ok("build", "-l", "fr", "-f", "txt", "-f", "md", "-f", "html")
    typeset = (f"Voir S/PV.7926{NNBSP}; 1,500 morts, https://www.un.org/?q=a:b "
               f"et «{NNBSP}vite{NNBSP}»{NNBSP}!")
    folder = project.root / "dist" / "fr"
    assert typeset in (folder / "letter.txt").read_text("utf-8")
    assert typeset.replace("https://www.un.org/?q=a:b", "<https://www.un.org/?q=a:b>") in (
        folder / "letter.md").read_text("utf-8")
    assert '<span class="nobr">S/PV.7926</span>' in (folder / "letter.html").read_text("utf-8")


def test_latin_phrases_and_tokens_inside_persian_are_isolated():
    text = "نشست (نگاه کنید به S/PV.7926) با حضور Nikki Haley و U.N. برگزار شد، Hamid Nouri."
    isolated = [text[s:e] for s, e in ltr_spans(text)]
    assert isolated == ["S/PV.7926", "Nikki Haley", "U.N.", "Hamid Nouri"]
    runs = split_runs(text, rtl=True)
    assert "".join(r.text for r in runs) == text
    assert [r.text for r in runs if r.isolate] == isolated
    assert split_runs("Plain French text.", rtl=False)[0].isolate is False


def test_list_numbering_setting_is_validated():
    assert list_numbering({"list-digits": {"ar": "native"}}, "ar") == "native"
    assert list_numbering({}, "fa") == "default"
    with pytest.raises(UserError, match="unknown list numbering 'klingon'"):
        list_numbering({"list-digits": {"fa": "klingon"}}, "fa")
    with pytest.raises(UserError, match="must be a table"):
        list_numbering({"list-digits": "native"}, "ar")


def test_render_letter_is_the_shared_entry_point(persian_letter):
    project, _ = persian_letter
    letter, complete = load_letter(load_settings(project.root), "letter", "fa", "translated")
    assert complete == 100.0
    assert render_letter(letter, "txt") == WRITERS["txt"](letter)
    assert render_letter(letter, "docx", bilingual=True)[:2] == b"PK"
    with pytest.raises(UserError, match="no bilingual 'md' output"):
        render_letter(letter, "md", bilingual=True)
    with pytest.raises(UserError, match="no 'odt' output"):
        render_letter(letter, "odt")
    assert file_name("letter", "pdf") == "letter.pdf"
    assert file_name("letter", "pdf", bilingual=True) == "letter.bilingual.pdf"
