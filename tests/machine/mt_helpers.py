"""Reading the catalogs that pretranslate wrote."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from babel.messages.catalog import Message
from mt_servers import tagged

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import DRAFT, TOKEN_MISSING, comment_values
from translate_letter.core.glossary import Glossary
from translate_letter.machine.masking import mask


def entries(path: Path) -> dict[str, Message]:
    """msgid → entry of a catalog."""
    return {m.id: m for m in messages(load_catalog(path))}


def drafts(path: Path) -> dict[str, Message]:
    """msgid → entry, for the entries that hold a draft."""
    return {k: m for k, m in entries(path).items() if m.string and m.fuzzy}


def origin(message: Message) -> str:
    """The ORIGIN of ``# draft: ORIGIN DATE``."""
    values = comment_values(message, DRAFT)
    return values[-1].split()[0] if values else ""


def missing(message: Message) -> list[str]:
    return comment_values(message, TOKEN_MISSING)


def msgfmt_ok(path: Path) -> bool:
    """GNU msgfmt accepts the catalog with all its checks (-c)."""
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)],
                            check=False, capture_output=True, text=True)
    return result.returncode == 0


def expected(msgid: str, lang: str, glossary: Glossary | None = None, code: str = "") -> str:
    """The draft of ``msgid`` that the loopback services give: their stand-in translation of
    the masked text (``code``: the service's code for ``lang``), tokens put back."""
    masked = mask(msgid, lang, glossary)
    return masked.restore(tagged(masked.text, "en", code or lang))
