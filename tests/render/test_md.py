"""Markdown: structure as Markdown, text literal."""

from __future__ import annotations

import pytest

from translate_letter.render.md import escape

from .conftest import fill, new_project, persian


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("a *starred* and _underlined_ word", r"a \*starred\* and \_underlined\_ word"),
        ("[link](x) <b> `code` a|b", r"\[link\](x) \<b\> \`code\` a\|b"),
        ("# not a heading", r"\# not a heading"),
        ("- not a bullet", r"\- not a bullet"),
        ("1. not a list", r"1\. not a list"),
        ("> not a quote", r"\> not a quote"),
        ("AT&T &amp; co", r"AT&T \&amp; co"),
        ("see https://www.un.org/a_b?c=*d* now", "see <https://www.un.org/a_b?c=*d*> now"),
        ("14 human rights lawyers", "14 human rights lawyers"),
    ],
)
def test_escape_keeps_text_literal(text, literal):
    assert escape(text) == literal


def test_persian_markdown_has_lists_paragraphs_and_rtl_wrapper(tmp_path):
    project = new_project(tmp_path / "project")
    fill(project, "fa", persian)
    project.ok("build", "-l", "fa", "-f", "md")
    md = (project.root / "dist" / "fa" / "letter.md").read_text("utf-8")
    assert md.startswith('<div dir="rtl" lang="fa">\n\n') and md.endswith("\n\n</div>\n")
    assert md.count("\n- ") == 8  # the bulleted requests, as a Markdown list
    assert "\n\nبا احترام،\n\n" in md
    assert "\n\n۱. مهدی هوشمند رحیمی - وکیل حقوق بشر\n\n۲. " in md


def test_french_markdown_numbers_the_signatories_as_a_markdown_list(tmp_path):
    project = new_project(tmp_path / "project")
    fill(project, "fr", lambda msgid: msgid.replace("Human Rights Lawyer", "Avocat"))
    project.ok("build", "-l", "fr", "-f", "md")
    md = (project.root / "dist" / "fr" / "letter.md").read_text("utf-8")
    assert "\n1. Mehdi Houshmand-Rahimi-Avocat\n2. Hossein Ahmadiniaz- Avocat\n" in md
    assert "<div" not in md
