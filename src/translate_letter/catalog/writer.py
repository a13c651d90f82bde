"""The one PO writer: every catalog the project writes goes through this module.

Babel 2.19's ``write_po`` falls short twice, so the PO text is written here:

- it wraps a ``#| msgid`` previous-msgid comment as if it were prose, splitting a string in
  the middle of its quotes (``#| msgid "" "The past month…`` / ``#| against " "civilians…"``),
  which GNU ``msgfmt -c`` rejects ("end-of-line within string") and polib cannot read;
- its word splitter (``babel.messages.pofile.WORD_SEP``, a backtracking regular expression)
  takes time quadratic in the length of an unbroken string: seconds for one 20,000-character
  translation without spaces.

This writer wraps strings at spaces only, in one pass, writes previous msgids as the PO
format defines them, never wraps translator comments (state and provenance must read back
unchanged), and escapes what a line-based tool could not hold.  Its output is read back by
:mod:`.reader`, by GNU gettext and by polib to the same messages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..core.errors import UserError
from .entry import messages, previous_context
from .files import atomic_write_bytes
from .header import header_entry

PO_WIDTH = 79  # GNU gettext's default

_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')
_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
          "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_LINES = re.compile(r"[^\n]*\n|[^\n]+")


def _escape_char(match: re.Match) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    # Other controls and the Unicode line separators: octal escapes of their UTF-8 bytes,
    # which every PO reader turns back into the character.
    return "".join(f"\\{byte:03o}" for byte in char.encode("utf-8"))


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(_escape_char, text)


@lru_cache(maxsize=8)
def _pieces(room: int) -> re.Pattern[str]:
    # The rest when it fits; else the longest run that fits and ends after spaces; else one
    # word, however long.  Each try looks at most ``room`` characters ahead: linear time.
    return re.compile(rf".{{1,{room}}}$|.{{0,{room - 1}}}[^ ] +|[^ ]+ *| +")


def _wrap(escaped: str, room: int) -> list[str]:
    """Cut an escaped string after spaces into pieces of about ``room`` characters (a longer
    word stays whole), never inside an escape sequence."""
    return _pieces(room).findall(escaped)


def _field(prefix: str, keyword: str, value: str) -> str:
    """``msgid "…"`` on one line when it fits, else ``msgid ""`` and one line per piece."""
    lines = [_escape(line) for line in _LINES.findall(value)]
    head = f"{prefix}{keyword} "
    if len(lines) <= 1 and len(head) + len(lines[0] if lines else "") + 2 <= PO_WIDTH:
        return f'{head}"{lines[0] if lines else ""}"\n'
    room = PO_WIDTH - len(prefix) - 2
    out = [f'{head}""\n']
    for line in lines:
        out += [f'{prefix}"{piece}"\n' for piece in _wrap(line, room)]
    return "".join(out)


def _location(filename: str, lineno: int | None) -> str:
    name = filename.replace("\\", "/")
    if " " in name:  # as GNU gettext and Babel write a filename with spaces
        name = f"\u2068{name}\u2069"
    return f"{name}:{lineno}" if lineno else name


def _comments(message: Message, obsolete: bool) -> str:
    out = [f"# {comment}".rstrip() + "\n" for comment in message.user_comments]
    out += [f"#. {comment}\n" for comment in message.auto_comments]
    if message.locations and not obsolete:
        locations = " ".join(dict.fromkeys(_location(f, n) for f, n in message.locations))
        out += [f"#: {piece.rstrip()}\n" for piece in _wrap(locations, PO_WIDTH - 3)]
    if message.flags:
        flags = sorted(message.flags, key=lambda flag: (flag != "fuzzy", flag))
        out.append(f"#, {', '.join(flags)}\n")
    return "".join(out)


def entry_block(message: Message, num_plurals: int, obsolete: bool = False) -> str:
    """The PO text of one entry, comments first, ending with a newline."""
    prefix = "#~ " if obsolete else ""
    previous = "#~| " if obsolete else "#| "
    out = [_comments(message, obsolete)]
    context = previous_context(message)
    if context is not None:
        out.append(_field(previous, "msgctxt", context))
    if message.previous_id:
        out.append(_field(previous, "msgid", message.previous_id[0]))
        if len(message.previous_id) > 1:
            out.append(_field(previous, "msgid_plural", message.previous_id[1]))
    if message.context is not None:
        out.append(_field(prefix, "msgctxt", message.context))
    if isinstance(message.id, (list, tuple)):
        out.append(_field(prefix, "msgid", message.id[0]))
        out.append(_field(prefix, "msgid_plural", message.id[1]))
        strings = list(message.string) if isinstance(message.string, (list, tuple)) else [
            message.string or ""]
        strings += [""] * (num_plurals - len(strings))
        out += [_field(prefix, f"msgstr[{i}]", s or "") for i, s in enumerate(strings)]
    else:
        out.append(_field(prefix, "msgid", message.id))
        out.append(_field(prefix, "msgstr", message.string or ""))
    return "".join(out)


def header_block(catalog: Catalog) -> str:
    """The header comment and the header entry (``msgid ""``) of ``catalog``."""
    comment = "".join(
        (line if line.startswith("#") else f"# {line}".rstrip()) + "\n"
        for line in catalog.header_comment.splitlines())
    fuzzy = "#, fuzzy\n" if catalog.fuzzy else ""
    return comment + fuzzy + 'msgid ""\n' + _field("", "msgstr", header_entry(catalog))


def encode(catalog: Catalog, text: str) -> bytes:
    """``text`` in the catalog's charset; a character it cannot hold is a one-line error."""
    try:
        return text.encode(catalog.charset)
    except UnicodeEncodeError as exc:
        raise UserError(f"{text[exc.start]!r} cannot be written in the catalog's charset "
                        f"({catalog.charset})") from None
    except LookupError:
        raise UserError(f"the catalog's charset ({catalog.charset}) is unknown") from None


def po_text(catalog: Catalog) -> str:
    """The PO text of ``catalog``: header, entries, then obsolete entries (``#~``)."""
    blocks = [header_block(catalog)]
    blocks += [entry_block(m, catalog.num_plurals) for m in messages(catalog)]
    blocks += [entry_block(m, catalog.num_plurals, obsolete=True)
               for m in catalog.obsolete.values()]
    return "\n".join(blocks)


def po_bytes(catalog: Catalog) -> bytes:
    """The PO file of ``catalog`` as bytes in its charset."""
    return encode(catalog, po_text(catalog))


def save_catalog(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` atomically: readers see the old file or the new one, never a mix."""
    atomic_write_bytes(path, po_bytes(catalog))
