"""What a translation may contain and how long it may be, wherever it comes from: a person
in the review app, a machine engine, or a PO file read from disk."""

from __future__ import annotations

import re
import unicodedata

from ..core.errors import N_, UserError

# Unicode's noncharacters: U+FDD0..U+FDEF and the last two code points of every plane
# (U+FFFE, U+FFFF, U+1FFFE, …).  They are for a program's internal use, never for
# interchange: XML (and so DOCX) cannot hold them.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))

# Characters that break line-based PO tools (U+2028, U+2029 and U+0085 end a line for
# Python's str.splitlines and for many editors), C0/C1 controls other than tab and newline
# (NUL ends a string in a compiled catalog; XML refuses the others), and noncharacters.
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_NONCHARACTERS}]")

MAX_RATIO = 10
MAX_EXTRA = 200


class RefusedText(UserError):
    """A translation the catalogs cannot hold."""


def _named(char: str) -> str:
    """``U+2028 LINE SEPARATOR``, ``U+FFFE noncharacter``, ``U+0000 control character``."""
    name = unicodedata.name(char, None)
    if name is None:
        name = "control character" if unicodedata.category(char) == "Cc" else "noncharacter"
    return f"U+{ord(char):04X} {name}"


def first_forbidden(text: str) -> tuple[int, str] | None:
    """Where the first forbidden character of ``text`` is, and its name, or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    return match.start(), _named(match.group())


def forbidden_character(text: str) -> str | None:
    """The first forbidden character of ``text``, named (``U+2028 LINE SEPARATOR``), or None."""
    found = first_forbidden(text)
    return found[1] if found else None


def max_length(source: str) -> int:
    """The longest translation accepted for ``source``: ten times its length plus 200."""
    return MAX_RATIO * len(source) + MAX_EXTRA


def refuse_bad_text(source: str, translation: str) -> None:
    """Raise :class:`RefusedText` saying why ``translation`` cannot be stored for ``source``."""
    char = forbidden_character(translation)
    if char:
        raise RefusedText(N_("the translation contains %(char)s, which PO tools cannot hold"),
                          char=char)
    limit = max_length(source)
    if len(translation) > limit:
        raise RefusedText(N_("the translation has %(count)s characters; at most %(limit)s "
                             "(ten times the source plus 200) are accepted"),
                          count=len(translation), limit=limit)
