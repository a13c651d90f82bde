"""What PO and MO files hold as translations to remember, read with polib."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib

from ..states import State
from . import TranslationUnit


def gettext_units(catalog: polib._BaseFile, path: Path, lang: str
                  ) -> Iterator[TranslationUnit]:
    """The translated singular entries of a polib catalog: fuzzy ones are drafts, which a
    memory never offers, and plural ones have no single translation to remember."""
    for entry in catalog:
        if (entry.msgid and entry.msgstr and not entry.msgid_plural
                and not getattr(entry, "fuzzy", False)):  # a MO file holds no drafts
            yield TranslationUnit(entry.msgid, entry.msgstr, lang, State.TRANSLATED)
