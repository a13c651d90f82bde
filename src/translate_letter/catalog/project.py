"""Where the project's catalogs are."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings


def project_catalogs(settings: Settings, languages: list[str]) -> list[tuple[str, str, Path]]:
    """(doc, lang, path) of every existing catalog for ``languages``."""
    return [
        (doc, lang, settings.catalog_path(doc, lang))
        for doc in settings.documents()
        for lang in languages
        if settings.catalog_path(doc, lang).exists()
    ]
