"""The one view of a catalog entry, and how entries are joined to the document's segments.

Babel's ``Message.id`` is a string, or a ``(singular, plural)`` tuple for a plural entry,
and ``Message.string`` likewise a string or a tuple of forms; state and provenance live in
translator comments (:mod:`.states`), places in extracted comments.  :class:`Entry` gives
every entry one shape with plain fields, in the spirit of polib's ``POEntry``: its key
(``msgctxt`` and ``msgid``/``msgid_plural``), its :attr:`~Entry.id`, its translation
forms and their joined :attr:`~Entry.text`, its state and provenance, and its places.

**Joining entries to segments.**  A segment of the source and its entry are joined by the
segment's key, ``(place, text)``: the place the extractor wrote as the entry's ``#.``
comment ("paragraph 7, sentence 2") and the segment's normalised text, the entry's msgid
(letter entries have no msgctxt).  A sentence the letter repeats is one entry with two
places.  A segment joins the entry that lists its place *and* has its text; the locations
(``#: source/letter.txt:LINE``) are not used, as line numbers shift with any edit above.
When some segment has no such entry, the source (or the way it is cut into sentences)
changed since the catalog was made, and :meth:`Joined.stale` says so in one line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message

from ..core.document import Document, Place, Segment
from .message import (  # noqa: F401 (the catalog modules' one import of message helpers)
    clone,
    messages,
    new_message,
    previous_context,
    set_previous_context,
    strings,
)
from .states import State, origin_of, state_of, translator_of


def entry_id(msgid: str | tuple | list, msgctxt: str | None) -> str:
    """A stable, URL-safe id for a catalog entry: its context and source text hashed.  The
    review app's API, its journal and exported files name entries by it."""
    ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
    key = (msgctxt or "") + "\x04" + "\x00".join(ids)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Entry:
    """A view of one Babel message with one shape for singular and plural entries."""

    __slots__ = ("_id", "message")

    def __init__(self, message: Message, eid: str | None = None) -> None:
        self.message = message
        self._id = eid

    # -- the key ----------------------------------------------------------------------------

    @property
    def msgctxt(self) -> str | None:
        return self.message.context

    context = msgctxt

    @property
    def sources(self) -> tuple[str, ...]:
        """The msgid, and the msgid_plural of a plural entry."""
        return strings(self.message.id)

    @property
    def msgid(self) -> str:
        """The (singular) msgid."""
        return self.sources[0]

    source = msgid

    @property
    def msgid_plural(self) -> str | None:
        return None if isinstance(self.message.id, str) else self.sources[1]

    @property
    def plural(self) -> bool:
        return not isinstance(self.message.id, str)

    @property
    def key(self) -> tuple[str | None, tuple[str, ...]]:
        """What identifies the entry in its catalog: context and msgids."""
        return (self.message.context, self.sources)

    @property
    def id(self) -> str:
        """The stable id of :func:`entry_id`."""
        if self._id is None:
            self._id = entry_id(self.message.id, self.message.context)
        return self._id

    # -- the translation --------------------------------------------------------------------

    @property
    def translations(self) -> tuple[str, ...]:
        """Every msgstr form (one for a singular entry)."""
        return strings(self.message.string)

    @property
    def translation(self) -> str:
        """The first msgstr form."""
        return self.translations[0]

    @property
    def text(self) -> str:
        """The translation as one string, plural forms joined by NUL: what a version of the
        entry holds in the review journal."""
        return "\x00".join(self.translations)

    @property
    def target(self) -> str:
        """The translation as people read it: every translated form, one per line."""
        return "\n".join(form for form in self.translations if form)

    # -- state and provenance ---------------------------------------------------------------

    @property
    def state(self) -> State:
        return state_of(self.message)

    @property
    def fuzzy(self) -> bool:
        return self.message.fuzzy

    @property
    def flags(self) -> set[str]:
        return self.message.flags

    @property
    def origin(self) -> str | None:
        """Who or what produced the text (``draft mt:google 2026-11-27``), see
        :func:`~.states.origin_of`."""
        return origin_of(self.message)

    @property
    def translator(self) -> str | None:
        return translator_of(self.message)

    # -- where it comes from ----------------------------------------------------------------

    @property
    def places(self) -> tuple[Place, ...]:
        """The places of the document where the entry's text stands."""
        found = (Place.parse(comment) for comment in self.message.auto_comments)
        return tuple(place for place in found if place is not None)

    @property
    def locations(self) -> list[str]:
        """``file:line`` of every ``#:`` reference."""
        return [f"{file}:{line}" if line else file for file, line in self.message.locations]

    @property
    def previous_source(self) -> str | None:
        """The msgid the entry had before its source changed (``#| msgid``)."""
        previous = self.message.previous_id
        return strings(previous)[0] if previous else None

    def clone(self) -> Message:
        """A copy of the message, to change without touching this entry."""
        return clone(self.message)

    def __repr__(self) -> str:
        return f"<Entry {self.id} {self.msgid[:30]!r} {self.state}>"


def entries(catalog: Catalog) -> list[Entry]:
    """The catalog's translatable entries as :class:`Entry` views."""
    return [Entry(m) for m in messages(catalog)]


@dataclass
class Joined:
    """The document's segments joined to their entries by key."""

    entries: dict[tuple[Place, str], Entry] = field(default_factory=dict)
    missing: list[Segment] = field(default_factory=list)  # segments with no entry

    def entry(self, segment: Segment) -> Entry | None:
        return self.entries.get(segment.key)

    def stale(self, source: str) -> str | None:
        """One line saying that ``source`` changed since its catalog was made, or None."""
        if not self.missing:
            return None
        count = len(self.missing)
        return (f"{source} changed since its catalog was made: {count} sentence"
                f"{'s' if count > 1 else ''} (first: {self.missing[0].place}) "
                f"{'have' if count > 1 else 'has'} no entry and stay in English; run "
                "'translate-letter extract' and 'translate-letter update'")


def join(document: Document, catalog_entries: Iterable[Entry]) -> Joined:
    """Join each segment of ``document`` to the entry that has its key (place and text)."""
    at: dict[tuple[Place, str], Entry] = {}
    for entry in catalog_entries:
        if entry.msgctxt is None and not entry.plural:
            for place in entry.places:
                at[(place, entry.msgid)] = entry
    joined = Joined()
    for segment in document.segments:
        entry = at.get(segment.key)
        if entry is None:
            joined.missing.append(segment)
        else:
            joined.entries[segment.key] = entry
    return joined
