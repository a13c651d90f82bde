"""GNU MO files from the project's catalogs."""

from __future__ import annotations

from pathlib import Path

from ..core.config import Settings
from ..core.errors import UserError
from .files import atomic_write_bytes
from .formats.mo import mo_bytes
from .project import load_document_catalog, project_catalogs
from .reader import load_catalog


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
