"""PDF through WeasyPrint from the letter's HTML: A4, page numbers, fonts embedded, tagged
(its structure and the language of each passage, for screen readers).

The file is reproducible: WeasyPrint writes no clock time nor random id, and its creation
and modification dates are the letter's (:func:`.letter.letter_date`).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from .html import html_text
from .layout import Layout, layout
from .letter import Letter


def pdf_bytes(html: str, date: datetime | None = None) -> bytes:
    """Typeset an HTML page with WeasyPrint (fonts found through fontconfig, subset,
    embedded), dated ``date``."""
    # Imported here: WeasyPrint loads Pango and fontconfig, which every other command can skip.
    from weasyprint import HTML

    _tag_languages()
    document = HTML(string=html, base_url=None).render()
    if date is not None:
        stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = document.metadata.modified = stamp
    return document.write_pdf(pdf_variant="pdf/ua-1")


@cache
def _tag_languages() -> None:
    """Give each element of the PDF's structure tree the language of the HTML element it
    comes from, so that a passage left in English in a French letter is read as English.

    WeasyPrint (70) tags a PDF (``pdf_tags``) with the document's language only; this wraps
    the function that builds the tree (pinned in pyproject.toml).  Without it the PDF is
    still tagged, in the letter's language.
    """
    import pydyf
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return

    def build_with_languages(box, parent, *args):  # noqa: ANN001, ANN202 - WeasyPrint's own
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for made in build(box, parent, *args):
            if lang and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            yield made

    tags._build_box_tree = build_with_languages


def _pdf(view: Layout, bilingual: bool) -> bytes:
    return pdf_bytes(html_text(view, bilingual=bilingual), view.date)


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF."""
    return _pdf(layout(letter), bilingual=False)


def render_pdf_bilingual(letter: Letter) -> bytes:
    """English and the translation side by side as an A4 PDF."""
    return _pdf(layout(letter), bilingual=True)
