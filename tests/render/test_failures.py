"""A file that cannot be made fails alone: a character XML 1.0 forbids (U+FFFE, U+FFFF, an
escaped NUL) stops its DOCX, HTML and PDF with one line naming the file and the reason,
while every other file and language is written."""

from __future__ import annotations

import re

import pytest

from translate_letter.core.document import segment
from translate_letter.render import BILINGUAL_WRITERS, WRITERS, Letter, RenderFailed, render_letter

from ..conftest import LETTER, copy_shipped

SOURCE = "Dear President,\n\nThe Council met on 18 April 2017. It adjourned.\n"


def letter_with(translation: str, source: str = SOURCE) -> Letter:
    document = segment(source)
    return Letter("letter", "fa", document, {s.key: translation for s in document.segments
                                             if s.text == "The Council met on 18 April 2017."},
                  "translated")


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\x00", "\x1b"])
def test_the_xml_writers_refuse_a_forbidden_character_and_name_segment_and_character(char):
    letter = letter_with(f"شورا در 18 آوریل 2017 {char}تشکیل جلسه داد.")

    for fmt, bilingual in [(f, False) for f in WRITERS] + [(f, True) for f in BILINGUAL_WRITERS]:
        if fmt in ("txt", "md"):
            assert char in render_letter(letter, fmt).decode("utf-8")  # text holds anything
            continue
        with pytest.raises(RenderFailed) as refused:
            render_letter(letter, fmt, bilingual)
        name = f"letter.bilingual.{fmt}" if bilingual else f"letter.{fmt}"
        kind = "control character" if char < " " else "noncharacter"
        assert str(refused.value) == (
            f"fa/{name} cannot be made: the translation of “The Council met on 18 April "
            f"2017.” holds U+{ord(char):04X}, a {kind}, which a {fmt.upper()} file cannot hold")


def test_a_forbidden_character_in_the_source_is_named_as_the_sources():
    letter = letter_with("شورا تشکیل جلسه داد.",
                         source=SOURCE.replace("adjourned", "adj\uffffourned"))

    with pytest.raises(RenderFailed, match=r"^fa/letter.docx cannot be made: the source holds "
                                           r"U\+FFFF, a noncharacter, which a DOCX file"):
        render_letter(letter, "docx")


def _lines(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    assert all(line.startswith("translate-letter: not written: ") for line in lines), stderr
    return lines


def test_build_writes_every_other_file_and_language_and_exits_1(shipped):
    po = shipped.po("fa")
    text = po.read_text(encoding="utf-8")
    first = re.search(r'\nmsgstr "(.+)"\n', text)
    po.write_text(text[:first.start(1)] + "\ufffe" + text[first.start(1):], encoding="utf-8")

    result = shipped.run("build", "-f", "all", "--bilingual", "--include", "drafts",
                         "--min-complete", "0")

    assert result.exit_code == 1, result.stderr
    lines = _lines(result.stderr)
    assert lines and all("fa" in line and "U+FFFE" in line for line in lines)
    for lang in ("fr", "ar"):
        written = sorted(p.name for p in (shipped.root / "dist" / lang).iterdir())
        assert written == sorted([f"letter.{f}" for f in WRITERS] +
                                 [f"letter.bilingual.{f}" for f in BILINGUAL_WRITERS])
    # Persian is left out file by file (its six XML files), or whole when its catalog is
    # refused on read: one line either way for each file or language left out.
    persian = shipped.root / "dist" / "fa"
    made = sorted(p.name for p in persian.iterdir()) if persian.exists() else []
    assert (len(lines), made) in ((6, ["letter.md", "letter.txt"]), (1, []))


def test_publish_writes_every_file_it_can_and_names_each_it_cannot(tmp_path):
    project = copy_shipped(tmp_path / "project")
    with open(project.root / "pyproject.toml", "a", encoding="utf-8") as toml:
        toml.write('\n[tool.translate-letter.publish]\ninclude = "translated"\nmin-complete = 0\n')
    source = project.root / "source" / "letter.txt"
    text = LETTER.read_text(encoding="utf-8")
    source.write_text(text.replace("Sincerely,", "Sincerely,\uffff", 1), encoding="utf-8")
    site = tmp_path / "site"

    result = project.run("publish", "-o", str(site))

    assert result.exit_code == 1, result.stderr
    lines = _lines(result.stderr)
    failed = sorted(line.split(": ")[2] for line in lines)
    expected = sorted(f"read/letter/{lang}/{name}" for lang in ("fa", "fr", "ar", "en")
                      for name in ("index.html", "letter.html", "letter.pdf", "letter.docx",
                                   *([] if lang == "en" else ["letter.bilingual.html",
                                                              "letter.bilingual.pdf",
                                                              "letter.bilingual.docx"])))
    assert failed == expected
    assert all("holds U+FFFF, a noncharacter" in line for line in lines)
    for lang in ("fa", "fr", "ar", "en"):
        folder = site / "read" / "letter" / lang
        assert sorted(p.name for p in folder.iterdir()) == ["letter.md", "letter.txt"]
        assert "\uffff" in (folder / "letter.txt").read_text(encoding="utf-8")
    assert (site / "index.html").is_file()
