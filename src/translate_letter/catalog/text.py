"""Keeping a catalog's PO text per entry, for cheap rewrites in the review app.

Writing a 5,000-entry catalog takes a good part of a second of pure Python, during which
every other thread of the review app waits for the interpreter.  :class:`CatalogText` keeps
the text of each entry as :mod:`.writer` wrote it, so that writing the catalog after a few
saves costs those entries' text only.  The pieces put together are ``po_bytes`` of the whole.
"""

from __future__ import annotations

from babel.messages.catalog import Catalog, Message

from .entry import Entry, entries
from .writer import encode, entry_block, header_block


class CatalogText:
    """The PO text of ``catalog`` kept entry by entry."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        plurals = catalog.num_plurals
        self.head = header_block(catalog)
        self.entries = {e.key: entry_block(e.message, plurals) for e in entries(catalog)}
        self.tail = [entry_block(m, catalog.num_plurals, obsolete=True)
                     for m in catalog.obsolete.values()]

    def update(self, message: Message) -> None:
        """Write ``message`` again after it changed."""
        self.entries[Entry(message).key] = entry_block(message, self.catalog.num_plurals)

    def data(self) -> bytes:
        """The whole PO file, as ``writer.po_bytes`` would write it."""
        return encode(self.catalog, "\n".join([self.head, *self.entries.values(), *self.tail]))
