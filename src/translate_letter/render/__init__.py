"""Writers that turn a segmented document and its translations into a localized letter.

Each writer is a function ``render(letter: Letter) -> bytes`` registered in ``WRITERS``
under the file extension it produces; ``BILINGUAL_WRITERS`` holds the side-by-side
editions.  :func:`render_letter` is the one entry point the CLI and the web app share.

A file fails alone: a letter whose text holds a character XML 1.0 forbids (U+FFFE, U+FFFF,
a control character, an escaped NUL) is refused by the XML writers (HTML, PDF, DOCX) with
the segment and the character named, and whatever else stops a writer becomes the same
:class:`RenderFailed`, so a build or a site writes its other files and languages.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.errors import N_, UserError
from .docx import render_docx, render_docx_bilingual
from .html import render_html, render_html_bilingual
from .letter import Letter, render_txt, unprintable
from .md import render_md
from .pdf import render_pdf, render_pdf_bilingual

__all__ = [
    "BILINGUAL_WRITERS", "MEDIA_TYPES", "WRITERS", "Letter", "RenderFailed", "file_name",
    "refuse_unprintable", "render_letter",
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


# The formats that are XML (HTML is parsed as such by WeasyPrint and many readers).
XML_FORMATS = frozenset({"html", "pdf", "docx"})


class RenderFailed(UserError):
    """One file could not be made from its letter (the others may well be)."""


def render_letter(letter: Letter, fmt: str, bilingual: bool = False) -> bytes:
    """The bytes of ``letter`` in ``fmt`` (a ``WRITERS`` key), or its bilingual edition;
    :class:`RenderFailed` naming the file (``<lang>/<doc>.<ext>``) and why it cannot be made.
    """
    writers = BILINGUAL_WRITERS if bilingual else WRITERS
    if fmt not in writers:
        kind = "bilingual " if bilingual else ""
        raise UserError(f"no {kind}{fmt!r} output (known: {', '.join(writers)})")
    name = f"{letter.lang}/{file_name(letter.doc, fmt, bilingual)}"
    if fmt in XML_FORMATS:
        refuse_unprintable(letter, name, fmt)
    try:
        return writers[fmt](letter)
    except UserError:
        raise
    except Exception as exc:  # a writer's failure stops this file, not the build or the site
        raise RenderFailed(N_("%(file)s cannot be made: %(reason)s"), file=name,
                           reason=f"{type(exc).__name__}: {exc}") from exc


def refuse_unprintable(letter: Letter, name: str, fmt: str) -> None:
    """:class:`RenderFailed` if the file ``name`` (in XML format ``fmt``) of ``letter`` would
    hold a character XML 1.0 forbids."""
    found = unprintable(letter)
    if found is None:
        return
    segment, char = found
    if segment is None:
        raise RenderFailed(N_("%(file)s cannot be made: the source holds %(char)s, which a "
                              "%(kind)s file cannot hold"), file=name, char=char,
                           kind=fmt.upper())
    raise RenderFailed(N_("%(file)s cannot be made: the translation of “%(segment)s” holds "
                          "%(char)s, which a %(kind)s file cannot hold"), file=name,
                       segment=_excerpt(segment.text), char=char, kind=fmt.upper())


def _excerpt(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
