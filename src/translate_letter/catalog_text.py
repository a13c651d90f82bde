"""Reading a catalog for review, and keeping its PO text per entry for cheap rewrites.

Serialising a 5,000-entry catalog with Babel takes about a tenth of a second of pure
Python, during which every other thread of the review app waits for the interpreter.
:class:`CatalogText` keeps the text of each entry as Babel wrote it, so that writing the
catalog after a few saves costs those entries' serialisation only; at load it checks that
the pieces put together equal ``fileio.po_bytes`` of the whole catalog, and falls back to
whole rewrites if they ever differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import generate_po, unescape

from .catalogs import load_catalog, messages
from .fileio import PO_WIDTH, po_bytes

_PREVIOUS = re.compile(r'\|\s*(msgid_plural|msgid)\s+("(?:[^"\\]|\\.)*")\s*$')
_PREVIOUS_MORE = re.compile(r'\|\s*("(?:[^"\\]|\\.)*")\s*$')


def read_catalog(path: Path) -> Catalog:
    """:func:`load_catalog` with the previous source (``#| msgid``) of each entry restored.

    Babel's reader keeps ``#|`` lines as translator comments (python-babel/babel#206), so a
    rewrite would turn them into ``# | msgid`` comments and the word diff of a changed
    source would be lost; they are moved back into ``previous_id`` here.
    """
    catalog = load_catalog(path)
    for message in messages(catalog):
        previous: dict[str, str] = {}
        field, kept = None, []
        for comment in message.user_comments:
            start, more = _PREVIOUS.match(comment), _PREVIOUS_MORE.match(comment)
            if start:
                field = start.group(1)
                previous[field] = unescape(start.group(2))
            elif more and field:
                previous[field] += unescape(more.group(1))
            else:
                field = None
                kept.append(comment)
        if "msgid" in previous:
            message.previous_id = [previous["msgid"]] + (
                [previous["msgid_plural"]] if "msgid_plural" in previous else [])
            message.user_comments = kept
    return catalog


def _key(message: Message) -> tuple:
    return (message.id if isinstance(message.id, str) else tuple(message.id), message.context)


def _blocks(lines: Iterable[str], charset: str) -> list[bytes]:
    """Babel's output cut into entries: each entry ends with a line that is only ``\\n``."""
    blocks: list[bytes] = []
    current: list[bytes] = []
    for line in lines:
        current.append(line.encode(charset, "backslashreplace"))
        if line == "\n":
            blocks.append(b"".join(current))
            current = []
    if current:
        blocks.append(b"".join(current))
    return blocks


def _generate(catalog: Catalog, omit_header: bool = False) -> Iterable[str]:
    # The same options as fileio.po_bytes, so the pieces match the whole.
    return generate_po(catalog, width=PO_WIDTH, include_previous=True, omit_header=omit_header)


class CatalogText:
    """The PO text of ``catalog`` kept entry by entry."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        blocks = _blocks(_generate(catalog), catalog.charset)
        entries = messages(catalog)
        # Counted from the end: an empty header comment is itself a bare "\n" line.
        end = len(blocks) - len(catalog.obsolete)
        start = max(0, end - len(entries))
        self.head = b"".join(blocks[:start])
        self.entries = {_key(m): block for m, block in zip(entries, blocks[start:end])}
        self.tail = b"".join(blocks[end:])
        # Only singular entries are ever saved; checking one at each end proves alignment.
        singular = [m for m in entries if isinstance(m.id, str)]
        self.exact = len(self.entries) == len(entries) and all(
            self._serialise(m) == self.entries[_key(m)] for m in singular[:1] + singular[-1:])
        self.exact = self.exact and self.data() == po_bytes(catalog)

    def update(self, message: Message) -> None:
        """Serialise ``message`` again after it changed."""
        if self.exact:
            self.entries[_key(message)] = self._serialise(message)

    def _serialise(self, message: Message) -> bytes:
        probe = Catalog(locale=None, charset=self.catalog.charset)
        probe[message.id] = message
        return b"".join(_blocks(_generate(probe, omit_header=True), self.catalog.charset))

    def data(self) -> bytes:
        """The whole PO text, as ``fileio.po_bytes`` would write it."""
        if not self.exact:
            return po_bytes(self.catalog)
        return self.head + b"".join(self.entries.values()) + self.tail
