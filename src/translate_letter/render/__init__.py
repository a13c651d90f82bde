"""Writers that turn a segmented document and its translations into a localized letter.

Each writer is a function ``render(letter: Letter) -> bytes`` registered in ``WRITERS``
under the file extension it produces; ``BILINGUAL_WRITERS`` holds the side-by-side
editions.  :func:`render_letter` is the one entry point the CLI and the web app share.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UserError
from .docx import render_docx, render_docx_bilingual
from .html import render_html, render_html_bilingual
from .letter import Letter, render_txt
from .md import render_md
from .pdf import render_pdf, render_pdf_bilingual

__all__ = [
    "BILINGUAL_WRITERS", "MEDIA_TYPES", "WRITERS", "Letter", "file_name", "render_letter",
]

Writer = Callable[[Letter], bytes]

WRITERS: dict[str, Writer] = {
    "txt": render_txt,
    "md": render_md,
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
}
BILINGUAL_WRITERS: dict[str, Writer] = {
    "html": render_html_bilingual,
    "pdf": render_pdf_bilingual,
    "docx": render_docx_bilingual,
}
MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_name(doc: str, fmt: str, bilingual: bool = False) -> str:
    """``<doc>.<ext>`` or ``<doc>.bilingual.<ext>``: the name on disk and in downloads."""
    return f"{doc}.bilingual.{fmt}" if bilingual else f"{doc}.{fmt}"


def render_letter(letter: Letter, fmt: str, bilingual: bool = False) -> bytes:
    """The bytes of ``letter`` in ``fmt`` (a ``WRITERS`` key), or its bilingual edition."""
    writers = BILINGUAL_WRITERS if bilingual else WRITERS
    if fmt not in writers:
        kind = "bilingual " if bilingual else ""
        raise UserError(f"no {kind}{fmt!r} output (known: {', '.join(writers)})")
    return writers[fmt](letter)
