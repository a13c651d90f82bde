"""Babel messages as the catalog modules handle them: ids and strings of one shape, exact
flags and comments, the previous msgctxt Babel has no field for, and copies.

The reader's view of a message is :class:`~.entry.Entry`; these are the few operations on
Babel's ``Message`` itself that the view and the state rules build on.
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


def clone(message: Message) -> Message:
    """A copy of ``message`` that later changes to either leave the other alone.

    Babel's ``Message.clone()`` goes through its constructor, which guesses the
    ``python-format`` flag and folds repeated comment lines: the copy gets the original's
    flags and comments back exactly, and its previous msgctxt."""
    copy = message.clone()
    copy.flags = set(message.flags)
    copy.auto_comments = list(message.auto_comments)
    copy.user_comments = list(message.user_comments)
    set_previous_context(copy, previous_context(message))
    return copy


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
