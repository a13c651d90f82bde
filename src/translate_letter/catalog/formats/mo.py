"""GNU MO files: written by Babel's ``write_mo`` from a catalog, read with polib."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import polib
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

from ...core.errors import UserError
from ..entry import entries, strings
from ..files import atomic_write_bytes
from . import TranslationUnit, language_from_path, register
from .gettext import gettext_units


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


def mo_bytes(catalog: Catalog, drafts: bool = False) -> bytes:
    """GNU MO data, written by Babel's ``write_mo``, for the translated entries, the fuzzy
    ones only with ``drafts`` (``msgfmt --use-fuzzy``; the header is always kept).  A plural
    entry whose forms are all empty is left out, as msgfmt leaves it out: ``write_mo`` would
    write the msgids as its translation."""
    kept = Catalog(locale=catalog.locale, charset=catalog.charset, fuzzy=False)
    kept.mime_headers = catalog.mime_headers
    for entry in entries(catalog):
        if (entry.fuzzy and not drafts) or not any(entry.translations):
            continue
        message = entry.message
        kept[message.id] = _Sorted(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, kept)
    return buffer.getvalue()


class MoFormat:
    name = "mo"
    suffixes = (".mo",)

    def units(self, path: Path, source_language: str) -> Iterator[TranslationUnit]:
        try:
            catalog = polib.mofile(str(path))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise UserError(f"{path}: not a readable MO file ({exc})") from None
        lang = catalog.metadata.get("Language") or language_from_path(path)
        if not lang:
            raise UserError(f"{path}: no Language header; cannot tell its language")
        return gettext_units(catalog, path, lang)

    def write_catalog(self, path: Path, catalog: Catalog) -> None:
        atomic_write_bytes(path, mo_bytes(catalog))


register(MoFormat())
