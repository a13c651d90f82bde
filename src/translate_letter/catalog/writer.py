"""The one PO writer: every catalog the project writes goes through :func:`po_bytes`."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from .files import atomic_write_bytes

PO_WIDTH = 76


def po_bytes(catalog: Catalog) -> bytes:
    """The PO text of ``catalog``, previous msgids included."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, include_previous=True)
    return buffer.getvalue()


def save_catalog(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` atomically: readers see the old file or the new one, never a mix."""
    atomic_write_bytes(path, po_bytes(catalog))
