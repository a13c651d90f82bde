"""PDF through WeasyPrint from the letter's HTML: A4, page numbers, fonts embedded.

The file is reproducible: WeasyPrint writes no clock time nor random id, and its creation
and modification dates are the letter's (:func:`.letter.letter_date`).
"""

from __future__ import annotations

from datetime import datetime

from .html import html_text
from .layout import Layout, layout
from .letter import Letter


def pdf_bytes(html: str, date: datetime | None = None) -> bytes:
    """Typeset an HTML page with WeasyPrint (fonts found through fontconfig, subset,
    embedded), dated ``date``."""
    # Imported here: WeasyPrint loads Pango and fontconfig, which every other command can skip.
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    if date is not None:
        stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = document.metadata.modified = stamp
    return document.write_pdf()


def _pdf(view: Layout, bilingual: bool) -> bytes:
    return pdf_bytes(html_text(view, bilingual=bilingual), view.date)


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF."""
    return _pdf(layout(letter), bilingual=False)


def render_pdf_bilingual(letter: Letter) -> bytes:
    """English and the translation side by side as an A4 PDF."""
    return _pdf(layout(letter), bilingual=True)
