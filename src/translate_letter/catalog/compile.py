"""GNU MO files from the project's catalogs."""

from __future__ import annotations

import struct
from pathlib import Path

from babel.messages.catalog import Catalog

from ..config import Settings
from ..errors import UserError
from .entry import entries
from .files import atomic_write_bytes
from .project import load_document_catalog, project_catalogs
from .reader import load_catalog


def mo_bytes(catalog: Catalog) -> bytes:
    """GNU MO data for the translated, non-fuzzy entries (the header is always kept)."""
    charset = catalog.charset
    header = next(iter(catalog))  # Babel's header entry, built from the catalog's headers
    pairs: list[tuple[bytes, bytes]] = [(b"", header.string.encode(charset))]
    for entry in entries(catalog):
        if entry.message.fuzzy or not any(entry.translations):
            continue
        key = "\0".join(entry.sources)
        if entry.context is not None:
            key = f"{entry.context}\x04{key}"
        pairs.append((key.encode(charset), "\0".join(entry.translations).encode(charset)))
    pairs.sort()
    count = len(pairs)
    originals_offset = 28
    translations_offset = originals_offset + 8 * count
    data_offset = translations_offset + 8 * count
    ids = b"\0".join(k for k, _ in pairs) + b"\0"
    strs = b"\0".join(v for _, v in pairs) + b"\0"
    table_ids: list[int] = []
    table_strs: list[int] = []
    position = data_offset
    for key, _ in pairs:
        table_ids += (len(key), position)
        position += len(key) + 1
    for _, value in pairs:
        table_strs += (len(value), position)
        position += len(value) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_offset, translations_offset, 0,
                         data_offset)
    return (header + struct.pack(f"<{2 * count}I", *table_ids)
            + struct.pack(f"<{2 * count}I", *table_strs) + ids + strs)


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
