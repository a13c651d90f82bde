"""DOCX through python-docx; Persian and Arabic paragraphs right to left.

A right-to-left paragraph carries ``w:bidi``; its Persian or Arabic runs carry ``w:rtl``, a
complex-script font (``w:rFonts/@w:cs``: the first of the language profile's fonts) and
their language (``w:lang/@w:bidi``), so that Word and LibreOffice shape, order and
spell-check them as such.

The file is reproducible: its dates are the letter's (:func:`.letter.letter_date`), never the
clock's, and its ZIP entries carry that date, in a fixed order, mode and compression.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..languages import profile
from .layout import Layout, Part, Span, layout
from .letter import Letter

BODY_SIZE = Pt(11)
COMPLEX_SCRIPT_SIZE = Pt(13)
LIST_INDENT = Mm(8)
PAGE = {"width": Mm(210), "height": Mm(297)}
MARGINS = {"top": Mm(26), "bottom": Mm(28), "left": Mm(24), "right": Mm(24)}
NOTICE_FILL = "FFF6E0"
DRAFT_COLOR = RGBColor(0xB8, 0x86, 0x0B)

# python-docx offers no API for w:bidi, w:shd, w:lang or w:szCs, so those elements are added
# here, before the siblings that the schema (ECMA-376 CT_PPr and CT_RPr sequences) puts after
# them: Word rejects property elements out of order.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def set_property(parent: BaseOxmlElement, tag: str, order: tuple[str, ...] = (),
                 **attributes: str) -> BaseOxmlElement:
    """The ``tag`` child of a property element (created in ``order``), with attributes."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        successors = order[order.index(tag) + 1 :] if tag in order else ()
        parent.insert_element_before(element, *successors)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


class _Writer:
    """Builds one DOCX document from a layout; ``mark_drafts`` underlines draft sentences."""

    def __init__(self, view: Layout, mark_drafts: bool = False) -> None:
        self.view = view
        self.mark_drafts = mark_drafts
        language, source = profile(view.lang), profile(view.source_lang)
        self.tag, self.source_tag = language.tag, source.tag
        # Word sets Latin text in one font and complex-script text in another.
        self.latin_font, self.complex_script_font = source.fonts[0], language.fonts[0]
        self.document = Document()
        self._page()
        self._styles()

    def _page(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE["width"], PAGE["height"]
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._direction(footer, self.view.rtl)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = footer.add_run("1")
        self._run_properties(run, rtl=self.view.rtl, size=Pt(9))
        field.append(run._r)
        footer._p.append(field)
        properties = self.document.core_properties
        properties.title = self.view.title
        properties.language = self.tag
        properties.author = properties.last_modified_by = ""
        properties.comments = "translate-letter"
        self._dates(self.view.date)

    def _dates(self, date: datetime | None) -> None:
        """The letter's date as created and modified (python-docx's template says 2013)."""
        properties = self.document.core_properties
        if date is not None:
            properties.created = properties.modified = date.replace(tzinfo=None)
            return
        element = properties._element
        for tag in ("dcterms:created", "dcterms:modified"):
            for child in element.findall(qn(tag)):
                element.remove(child)

    def _styles(self) -> None:
        normal = self.document.styles["Normal"]
        normal.font.name = self.latin_font
        normal.font.size = BODY_SIZE
        rpr = normal.element.get_or_add_rPr()
        set_property(rpr, "w:rFonts", RPR_ORDER, cs=self.complex_script_font)
        set_property(rpr, "w:szCs", RPR_ORDER, val=str(int(COMPLEX_SCRIPT_SIZE.pt * 2)))
        lang = {"bidi": self.tag} if self.view.rtl else {"val": self.tag}
        set_property(rpr, "w:lang", RPR_ORDER, **lang)
        paragraph = normal.paragraph_format
        paragraph.space_after = Pt(7)
        paragraph.line_spacing = 1.3 if self.view.rtl else 1.2

    def _direction(self, paragraph: Paragraph, rtl: bool) -> None:
        if rtl:
            set_property(paragraph._p.get_or_add_pPr(), "w:bidi", PPR_ORDER)

    def _run_properties(self, run: Run, rtl: bool, lang: str | None = None,
                        size: Length | None = None) -> None:
        rpr = run._r.get_or_add_rPr()
        if size is not None:
            run.font.size = size
            set_property(rpr, "w:szCs", RPR_ORDER, val=str(int(size.pt * 2)))
        if rtl:
            set_property(rpr, "w:rFonts", RPR_ORDER, cs=self.complex_script_font)
            run.font.rtl = True
            set_property(rpr, "w:lang", RPR_ORDER, bidi=lang or self.tag)
        elif lang:
            set_property(rpr, "w:lang", RPR_ORDER, val=lang)

    def _add_run(self, paragraph: Paragraph, text: str, rtl: bool, lang: str | None = None,
                 bold: bool = False, draft: bool = False) -> Run:
        run = paragraph.add_run(text)
        run.bold = bold or None
        if bold and rtl:
            run.font.cs_bold = True
        if draft and self.mark_drafts:
            run.font.underline = WD_UNDERLINE.DOTTED
            set_property(run._r.get_or_add_rPr(), "w:u", RPR_ORDER, color=str(DRAFT_COLOR))
        self._run_properties(run, rtl, lang)
        return run

    def _span_run(self, paragraph: Paragraph, span: Span, bold: bool = False) -> None:
        rtl = self.view.rtl and not span.isolate
        lang = profile(span.lang).tag if span.lang else None
        self._add_run(paragraph, span.text, rtl, lang, bold=bold, draft=span.draft)

    def part(self, paragraph: Paragraph, part: Part) -> None:
        """Fill ``paragraph`` with a laid-out block in the letter's language."""
        self._direction(paragraph, self.view.rtl)
        heading = part.kind == "heading"
        if heading:
            paragraph.paragraph_format.keep_with_next = True
        if part.marker is not None:
            self._list_item(paragraph)
            self._add_run(paragraph, part.marker + "\t", self.view.rtl)
        for span in part.spans:
            self._span_run(paragraph, span, bold=heading)

    def source_part(self, paragraph: Paragraph, part: Part) -> None:
        """Fill ``paragraph`` with the block's English."""
        if part.source_marker is not None:
            self._list_item(paragraph)
            self._add_run(paragraph, part.source_marker + "\t", False)
        self._add_run(paragraph, part.source, False, bold=part.kind == "heading")

    def _list_item(self, paragraph: Paragraph) -> None:
        # The marker is text (localized digits, the source's bullet) followed by a tab
        # to a hanging indent; in a bidi paragraph Word measures both from the right.
        fmt = paragraph.paragraph_format
        fmt.left_indent = LIST_INDENT
        fmt.first_line_indent = -LIST_INDENT
        fmt.tab_stops.add_tab_stop(LIST_INDENT)

    def notices(self) -> None:
        for lang, text in self.view.notices:
            rtl = self.view.rtl and lang == self.view.lang
            paragraph = self.document.add_paragraph()
            self._direction(paragraph, rtl)
            set_property(paragraph._p.get_or_add_pPr(), "w:shd", PPR_ORDER,
                         val="clear", color="auto", fill=NOTICE_FILL)
            tag = self.tag if lang == self.view.lang else self.source_tag
            self._add_run(paragraph, text, rtl, tag, bold=True)

    def letter(self) -> None:
        for part in self.view.parts:
            self.part(self.document.add_paragraph(), part)

    def bilingual(self) -> None:
        table = self.document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.autofit = False
        section = self.document.sections[0]
        width = (section.page_width - section.left_margin - section.right_margin) // 2
        header = table.rows[0]
        set_property(header._tr.get_or_add_trPr(), "w:tblHeader")  # repeated on every page
        names = ((self.view.source_language_name, False, self.source_tag),
                 (self.view.language_name, self.view.rtl, self.tag))
        for cell, (name, rtl, tag) in zip(header.cells, names, strict=True):
            paragraph = cell.paragraphs[0]
            self._direction(paragraph, rtl)
            self._add_run(paragraph, name, rtl, tag, bold=True)
        for part in self.view.parts:
            source, target = table.add_row().cells
            self.source_part(source.paragraphs[0], part)
            self.part(target.paragraphs[0], part)
        for row in table.rows:
            for cell in row.cells:
                cell.width = width

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return reproducible_zip(buffer.getvalue(), self.view.date)


# ZIP times start in 1980; a letter without a date gets that first one.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def reproducible_zip(data: bytes, date: datetime | None) -> bytes:
    """``data`` (a ZIP file) again with nothing of the moment or the machine in it: every
    entry stamped ``date`` (UTC), in the same order, mode and compression."""
    stamp = ZIP_EPOCH if date is None else max(ZIP_EPOCH, date.timetuple()[:6])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever system writes it
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(item))
    return out.getvalue()


def docx_bytes(view: Layout, bilingual: bool = False) -> bytes:
    """The DOCX file of a laid-out letter (or its side-by-side edition, drafts underlined)."""
    writer = _Writer(view, mark_drafts=bilingual)
    writer.notices()
    if bilingual:
        writer.bilingual()
    else:
        writer.letter()
    return writer.bytes()


def render_docx(letter: Letter) -> bytes:
    """The letter as a Word document."""
    return docx_bytes(layout(letter))


def render_docx_bilingual(letter: Letter) -> bytes:
    """English and the translation side by side in a two-column table."""
    return docx_bytes(layout(letter), bilingual=True)
