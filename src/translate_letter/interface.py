"""The words the review app and the reading room add around the letters, in each interface
language: the app's own catalogs under ``web/translations/`` (extracted with ``pybabel``).

Every shipped text there is a labelled draft of the project team, and drafts are used: an
interface in draft Persian serves a Persian reader better than one in English.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog

from .catalog.reader import load_catalog

TRANSLATIONS = Path(__file__).parent / "web" / "translations"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


@cache
def available_catalogs() -> tuple[str, ...]:
    """The languages the interface has a catalog for (English, its source, needs none)."""
    found = TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    return tuple(sorted(path.parent.parent.name for path in found))


@cache
def interface_catalog(lang: str) -> Catalog:
    """The interface catalog of ``lang``, drafts included."""
    return load_catalog(TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po", locale=lang)


def translate(lang: str, message: str) -> str:
    """``message`` in ``lang`` from the interface catalogs, else as it is (English)."""
    base = lang.replace("_", "-").split("-")[0]
    if base not in available_catalogs():
        return message
    found = interface_catalog(base).get(message)
    return found.string if found is not None and found.string else message
