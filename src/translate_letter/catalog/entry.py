"""The entries of a catalog, without Babel's header entry."""

from __future__ import annotations

from babel.messages.catalog import Catalog, Message


def messages(catalog: Catalog) -> list[Message]:
    """The catalog's translatable entries (the header left out)."""
    return [m for m in catalog if m.id]
