"""States of an entry and the provenance kept in its translator comments.

GNU ``msgmerge`` and ``pybabel update`` keep translator comments (``# …``) and the
``fuzzy`` flag, so that is where state and provenance live:

``# draft: ORIGIN DATE``          who or what wrote the draft (the origins below), entry is
                                   ``#, fuzzy``
``# translated: USER DATE``       a person wrote or confirmed the translation
``# approved: USER DATE HASH``    a reviewer signed off; HASH binds msgid and msgstr, so an
                                   approval whose text changed afterwards is void
``# token-missing: TOKEN``        a protected token did not come back from MT intact
``# suspect-context: TEXT``       the request for the draft carried TEXT, which reads as
                                   instructions to a language model
``# qa-intended: CHECK``          a reviewer marked that check's finding as intended
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum

from babel.messages.catalog import Message

from .message import strings


class State(StrEnum):
    UNTRANSLATED = "untranslated"
    DRAFT = "draft"
    TRANSLATED = "translated"
    APPROVED = "approved"

    def __str__(self) -> str:
        return self.value


STATES = tuple(State)

# What each --include level admits into a built letter.
INCLUDE_LEVELS: dict[str, frozenset[State]] = {
    "approved": frozenset({State.APPROVED}),
    "translated": frozenset({State.APPROVED, State.TRANSLATED}),
    "drafts": frozenset({State.APPROVED, State.TRANSLATED, State.DRAFT}),
}

DRAFT = "draft"
TRANSLATED = "translated"
APPROVED = "approved"
TOKEN_MISSING = "token-missing"
SUSPECT_CONTEXT = "suspect-context"
QA_INTENDED = "qa-intended"
_STATE_KEYS = (DRAFT, TRANSLATED, APPROVED)

# Draft origins, the ORIGIN of ``# draft: ORIGIN DATE``.
SOURCE_CHANGED = "source-changed"  # the source of a translated entry changed
PROJECT_TEAM = "project-team"  # the drafts shipped with the project


def mt_origin(engine: str) -> str:
    """The origin of a machine draft: ``mt:ENGINE``."""
    return f"mt:{engine}"


def memory_origin(similarity: int) -> str:
    """The origin of a translation-memory draft: ``memory:NN%``."""
    return f"memory:{similarity}%"


PERSON_PREFIX = "team:"


def person_origin(user: str) -> str:
    """The origin of a draft a person saved: ``team:USER``."""
    return f"{PERSON_PREFIX}{user}"


# Draft origins of machines: an engine (``mt:ENGINE``) or the translation memory.
MACHINE_ORIGINS = (mt_origin(""), "memory:")


def draft_origin(message: Message) -> str | None:
    """The ORIGIN of the entry's ``# draft: ORIGIN DATE`` comment, if it has one."""
    values = comment_values(message, DRAFT)
    return values[-1].split()[0] if values and values[-1] else None


def drafted_by_machine(message: Message) -> bool:
    """Whether the entry is a draft that an engine or the memory wrote (not a person)."""
    origin = draft_origin(message)
    return state_of(message) is State.DRAFT and origin is not None and \
        origin.startswith(MACHINE_ORIGINS)


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def has_translation(message: Message) -> bool:
    return any(strings(message.string))


def approval_hash(msgid: str | tuple, msgstr: str | tuple | None) -> str:
    """Eight hex digits that bind an approval to the exact source and translation."""
    data = "\0".join(strings(msgid)) + "\x1f" + "\0".join(strings(msgstr))
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:8]


def comment_values(message: Message, key: str) -> list[str]:
    """Values of every ``# key: value`` translator comment of ``message``."""
    prefix = f"{key}:"
    return [c[len(prefix):].strip() for c in message.user_comments if c.startswith(prefix)]


def set_comment(message: Message, key: str, values: list[str] | str | None) -> None:
    """Replace every ``# key: …`` comment of ``message`` with ``values`` (none removes)."""
    prefix = f"{key}:"
    kept = [c for c in message.user_comments if not c.startswith(prefix)]
    if isinstance(values, str):
        values = [values]
    message.user_comments = kept + [f"{key}: {v}" for v in values or []]


def is_approved(message: Message) -> bool:
    """An approval counts only while its hash matches the current msgid and msgstr."""
    expected = approval_hash(message.id, message.string)
    return any(v.split()[-1:] == [expected] for v in comment_values(message, APPROVED))


def state_of(message: Message) -> State:
    if not has_translation(message):
        return State.UNTRANSLATED
    if message.fuzzy:
        return State.DRAFT
    if is_approved(message):
        return State.APPROVED
    return State.TRANSLATED


def origin_of(message: Message) -> str | None:
    """Who or what produced the current text: ``mt:google 2026-11-27``, a user, …"""
    for key in (APPROVED, TRANSLATED, DRAFT):
        values = comment_values(message, key)
        if values:
            return f"{key} {values[-1]}"
    return None


def _clear_state(message: Message) -> None:
    for key in _STATE_KEYS:
        set_comment(message, key, None)


def mark_draft(message: Message, translation: str | tuple, origin: str,
               date: str | None = None, missing_tokens: list[str] | None = None,
               suspect: str | None = None) -> None:
    """Store a draft: fuzzy, with where it came from, any token that did not survive, and
    any instruction-like text the request for it carried (``suspect``)."""
    message.string = translation
    message.flags.add("fuzzy")
    _clear_state(message)
    set_comment(message, DRAFT, f"{origin} {date or today()}")
    set_comment(message, TOKEN_MISSING, missing_tokens or None)
    set_comment(message, SUSPECT_CONTEXT, suspect)


def mark_translated(message: Message, translation: str | tuple, user: str,
                    date: str | None = None, via: str | None = None) -> None:
    """A person wrote or confirmed ``translation`` (``via``: in a file brought in,
    ``import:FILE``)."""
    message.string = translation
    message.flags.discard("fuzzy")
    _clear_state(message)
    set_comment(message, TOKEN_MISSING, None)
    set_comment(message, SUSPECT_CONTEXT, None)
    set_comment(message, TRANSLATED, " ".join(filter(None, (user, date or today(), via))))


def mark_approved(message: Message, translation: str | tuple, user: str,
                  date: str | None = None) -> None:
    """A reviewer signed off ``translation`` for the current source text.

    ``# translated:`` keeps naming who wrote the text: its translator when the text is
    unchanged, the draft's origin when a draft is approved as it stands (``project-team``,
    ``mt:google``, the person of ``team:USER``), the reviewer when the reviewer changed it.
    """
    if strings(translation) != strings(message.string):
        written = f"{user} {date or today()}"
    elif state_of(message) is State.DRAFT:
        origin = comment_values(message, DRAFT)
        written = origin[-1].removeprefix(PERSON_PREFIX) if origin and origin[-1] else None
    else:
        values = comment_values(message, TRANSLATED)
        written = values[-1] if values else None
    mark_translated(message, translation, user, date)
    set_comment(message, TRANSLATED, written)
    set_comment(message, APPROVED,
                f"{user} {date or today()} {approval_hash(message.id, translation)}")


def mark_source_changed(message: Message, date: str | None = None) -> None:
    """The source of a translated entry changed: it is a draft again until someone checks it."""
    message.flags.add("fuzzy")
    _clear_state(message)
    set_comment(message, DRAFT, f"{SOURCE_CHANGED} {date or today()}")


def translator_of(message: Message) -> str | None:
    """Who wrote the entry's current text, as its provenance names them: the person of
    ``# translated:``, or of a person's draft (``team:USER``), or a draft's origin
    (``mt:ENGINE``, ``memory:NN%``, ``project-team``, ``source-changed``); None when no
    one is named (an untranslated entry, or a text changed in the file without a name)."""
    if state_of(message) is State.DRAFT:
        origin = draft_origin(message)
        return origin.removeprefix(PERSON_PREFIX) if origin else None
    values = comment_values(message, TRANSLATED)
    return values[-1].split()[0] if values and values[-1] else None


def approver_of(message: Message) -> str | None:
    """The reviewer whose approval is in force, else None."""
    if state_of(message) is not State.APPROVED:
        return None
    values = comment_values(message, APPROVED)
    return values[-1].split()[0] if values and values[-1] else None
