"""PDF through WeasyPrint from the letter's HTML: A4, page numbers, fonts embedded."""

from __future__ import annotations

from .html import html_text
from .layout import layout
from .letter import Letter


def pdf_bytes(html: str) -> bytes:
    """Typeset an HTML page with WeasyPrint (fonts found through fontconfig, subset, embedded)."""
    # Imported here: WeasyPrint loads Pango and fontconfig, which every other command can skip.
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF."""
    return pdf_bytes(html_text(layout(letter)))


def render_pdf_bilingual(letter: Letter) -> bytes:
    """English and the translation side by side as an A4 PDF."""
    return pdf_bytes(html_text(layout(letter), bilingual=True))
