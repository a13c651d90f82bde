"""GNU MO files from the project's catalogs."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

from ..config import Settings
from ..errors import UserError
from .entry import entries, strings
from .files import atomic_write_bytes
from .project import load_document_catalog, project_catalogs
from .reader import load_catalog


class _Sorted(Message):
    """A message that sorts as GNU gettext looks it up.  A MO file without a hash table (as
    Babel writes it) is searched by bisection over the keys' bytes, ``msgctxt\\x04msgid``,
    while Babel sorts its messages by msgid first and msgctxt second.  (Code points sort
    as their UTF-8 bytes do.)"""

    def __lt__(self, other: object) -> bool:
        return _mo_key(self) < _mo_key(other)  # type: ignore[arg-type]


def _mo_key(message: Message) -> str:
    key = "\0".join(strings(message.id))
    return key if message.context is None else f"{message.context}\x04{key}"


def mo_bytes(catalog: Catalog) -> bytes:
    """GNU MO data, written by Babel's ``write_mo``, for the translated, non-fuzzy entries
    (the header is always kept).  A plural entry whose forms are all empty is left out, as
    msgfmt leaves it out: ``write_mo`` would write the msgids as its translation."""
    kept = Catalog(locale=catalog.locale, charset=catalog.charset, fuzzy=False)
    kept.mime_headers = catalog.mime_headers
    for entry in entries(catalog):
        if entry.fuzzy or not any(entry.translations):
            continue
        message = entry.message
        kept[message.id] = _Sorted(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, kept)
    return buffer.getvalue()


def compile_catalog(path: Path) -> Path:
    """Write ``<catalog>.mo`` beside ``path``; drafts and untranslated entries are left out."""
    target = path.with_suffix(".mo")
    atomic_write_bytes(target, mo_bytes(load_catalog(path)))
    return target


def compile_catalogs(settings: Settings, languages: list[str]) -> list[Path]:
    """A ``.mo`` beside every catalog; a malformed catalog stops it before anything is written."""
    found = project_catalogs(settings, languages)
    if not found:
        raise UserError(f"{settings.locales_dir}: no catalogs (run 'translate-letter update')")
    parsed = [(path, load_document_catalog(settings, doc, lang)) for doc, lang, path in found]
    written = []
    for path, catalog in parsed:
        target = path.with_suffix(".mo")
        atomic_write_bytes(target, mo_bytes(catalog))
        written.append(target)
    return written
