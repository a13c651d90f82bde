"""PO files from anywhere, read leniently with polib as translations to remember (the
project's own catalogs are read strictly by :mod:`..reader`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib

from ...core.errors import UserError
from . import TranslationUnit, language_from_path, register
from .gettext import gettext_units


class PoFormat:
    name = "po"
    suffixes = (".po", ".pot")

    def units(self, path: Path, source_language: str) -> Iterator[TranslationUnit]:
        try:
            catalog = polib.pofile(str(path))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise UserError(f"{path}: not a readable PO file ({_reason(exc)})") from None
        return gettext_units(catalog, path, _language(catalog, path))


def _language(catalog: polib._BaseFile, path: Path) -> str:
    lang = catalog.metadata.get("Language") or language_from_path(path)
    if not lang:
        raise UserError(f"{path}: no Language header; cannot tell its language")
    return lang


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


register(PoFormat())
