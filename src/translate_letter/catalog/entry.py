"""The entries of a catalog, seen without Babel's string-or-tuple ids and strings.

Babel's ``Message.id`` is a string, or a ``(singular, plural)`` tuple for a plural entry,
and ``Message.string`` likewise a string or a tuple of forms.  :class:`Entry` gives every
entry the same shape: ``source``, ``sources``, ``translations``, ``key``.
"""

from __future__ import annotations

from collections.abc import Iterable

from babel.messages.catalog import Catalog, Message


def strings(value: str | tuple | list | None) -> tuple[str, ...]:
    """Babel's string-or-tuple ``id`` or ``string`` as a tuple of strings (``""`` for None)."""
    if value is None:
        return ("",)
    if isinstance(value, str):
        return (value,)
    return tuple(v or "" for v in value)


class Entry:
    """A view of one Babel message with one shape for singular and plural entries."""

    __slots__ = ("message",)

    def __init__(self, message: Message) -> None:
        self.message = message

    @property
    def sources(self) -> tuple[str, ...]:
        """The msgid, and the msgid_plural of a plural entry."""
        return strings(self.message.id)

    @property
    def source(self) -> str:
        """The (singular) msgid."""
        return self.sources[0]

    @property
    def is_plural(self) -> bool:
        return not isinstance(self.message.id, str)

    @property
    def context(self) -> str | None:
        return self.message.context

    @property
    def translations(self) -> tuple[str, ...]:
        """Every msgstr form (one for a singular entry)."""
        return strings(self.message.string)

    @property
    def translation(self) -> str:
        """The first msgstr form."""
        return self.translations[0]

    @property
    def key(self) -> tuple[str | None, tuple[str, ...]]:
        """What identifies the entry in its catalog: context and msgids."""
        return (self.message.context, self.sources)


def new_message(id: str | tuple[str, str], string: str | tuple[str, ...] = "", *,
                flags: Iterable[str] = (), auto_comments: Iterable[str] = (),
                user_comments: Iterable[str] = (), **fields) -> Message:
    """A Babel message with exactly these flags and comments.  Babel's constructor would
    add a guessed ``python-format`` to any id that looks like one (beside
    ``javascript-format``, say), spending two regular-expression searches on it, and would
    drop a comment line that repeats an earlier one."""
    message = Message("", string, **fields)
    message.id = id
    message.flags = set(flags)
    message.auto_comments = list(auto_comments)
    message.user_comments = list(user_comments)
    return message


def previous_context(message: Message) -> str | None:
    """The msgctxt the entry had before its source changed (``#| msgctxt``), or None.

    Babel's messages have no field for it (python-babel/babel#206), so it is kept as an
    attribute of the message, set by :func:`set_previous_context`."""
    return getattr(message, "previous_context", None)


def set_previous_context(message: Message, context: str | None) -> None:
    """Record the entry's previous msgctxt (None: it had none, or no previous source)."""
    message.previous_context = context  # type: ignore[attr-defined]


def messages(catalog: Catalog) -> list[Message]:
    """The catalog's translatable entries (the header left out)."""
    return [m for m in catalog if m.id]


def entries(catalog: Catalog) -> list[Entry]:
    """The catalog's translatable entries as :class:`Entry` views."""
    return [Entry(m) for m in messages(catalog)]
