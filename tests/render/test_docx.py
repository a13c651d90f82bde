"""DOCX through python-docx, opened again and inspected down to the XML."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml.ns import qn

from translate_letter.render.docx import PPR_ORDER, RPR_ORDER

from .conftest import PERSIAN_DIGITS, expected_blocks, fill, new_project

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def built(persian_letter):
    project, translations = persian_letter
    project.ok("build", "-l", "fa", "-f", "docx", "--bilingual")
    return project.root / "dist" / "fa", translations


def test_persian_docx_has_every_paragraph_right_to_left_with_the_same_text(built):
    folder, translations = built
    document = docx.Document(str(folder / "letter.docx"))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert [p.text for p in paragraphs] == expected_blocks(translations, PERSIAN_DIGITS, "\t")
    for paragraph in paragraphs:
        ppr = paragraph._p.pPr
        assert ppr is not None and ppr.find(qn("w:bidi")) is not None, paragraph.text
        for run in paragraph.runs:
            if not ARABIC_SCRIPT.search(run.text):
                continue
            rpr = run._r.rPr
            assert rpr.find(qn("w:rtl")) is not None, run.text
            assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Naskh Arabic"
            assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "fa-IR"


def test_latin_symbol_inside_persian_is_a_left_to_right_run(built):
    folder, _ = built
    document = docx.Document(str(folder / "letter.docx"))
    runs = [r for p in document.paragraphs for r in p.runs if "S/PV.7926" in r.text]
    assert [r.text for r in runs] == ["S/PV.7926"]
    assert runs[0]._r.rPr is None or runs[0]._r.rPr.find(qn("w:rtl")) is None


def test_docx_is_a4_with_a_page_number_field(built):
    folder, _ = built
    document = docx.Document(str(folder / "letter.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p
    assert footer.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def _in_schema_order(element, order: tuple[str, ...]) -> bool:
    positions = [order.index(child.prefix + ":" + child.tag.split("}")[1]) for child in element]
    return positions == sorted(positions)


def test_docx_property_elements_follow_the_schema_order(built):
    folder, _ = built
    for name in ("letter.docx", "letter.bilingual.docx"):
        document = docx.Document(str(folder / name))
        parts = [document.element, document.styles.element,
                 document.sections[0].footer._element]
        for part in parts:
            for ppr in part.iter(qn("w:pPr")):
                assert _in_schema_order(ppr, PPR_ORDER), ppr.xml
            for rpr in part.iter(qn("w:rPr")):
                if rpr.getparent().tag != qn("w:pPr"):  # a paragraph mark's rPr differs
                    assert _in_schema_order(rpr, RPR_ORDER), rpr.xml


def test_bilingual_docx_holds_english_and_translation_of_each_paragraph(built):
    folder, translations = built
    document = docx.Document(str(folder / "letter.bilingual.docx"))
    (table,) = document.tables
    header, *rows = table.rows
    assert [c.text for c in header.cells] == ["English", "فارسی"]
    english = expected_blocks({}, after_marker="\t")
    persian = expected_blocks(translations, PERSIAN_DIGITS, "\t")
    assert [(r.cells[0].text, r.cells[1].text) for r in rows] == list(
        zip(english, persian, strict=True))
    for row in rows:
        source, target = (cell.paragraphs[0]._p.pPr for cell in row.cells)
        assert target.find(qn("w:bidi")) is not None
        assert source is None or source.find(qn("w:bidi")) is None


def test_french_docx_is_left_to_right(tmp_path):
    project = new_project(tmp_path / "project")
    fill(project, "fr", lambda msgid: f"Traduction : {msgid}")
    project.ok("build", "-l", "fr", "-f", "docx")
    data = (project.root / "dist" / "fr" / "letter.docx").read_bytes()
    document = docx.Document(io.BytesIO(data))
    assert document.element.find(".//" + qn("w:bidi")) is None
    assert document.paragraphs[0].text.startswith("Traduction\u00a0: 14 human rights lawyers")
