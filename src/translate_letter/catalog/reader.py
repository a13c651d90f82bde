"""The strict PO reader: what GNU ``msgfmt -c`` rejects is a one-line error naming the line."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from ..errors import UserError

# A C string literal, written as an unrolled loop so that long strings match quickly.
_STRING = r'("[^"\\]*(?:\\.[^"\\]*)*")'
_KEYWORD = re.compile(rf"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+{_STRING}[ \t]*$")
_CONTINUATION = re.compile(rf"[ \t]*{_STRING}[ \t]*$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r'\\(.)')


class POSyntaxError(UserError):
    """A PO file that GNU gettext would reject."""


@dataclass
class RawEntry:
    """One entry as written: strings unescaped, flags as listed on ``#,`` lines."""

    line: int
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def _unescape(literal: str) -> str:
    body = literal[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), body)


def parse(data: bytes, name: str = "<po>") -> list[RawEntry]:
    """Entries of a PO file; raises :class:`POSyntaxError` naming the file and line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise POSyntaxError(f"{name}: not UTF-8 (byte {exc.start})") from None
    entries: list[RawEntry] = []
    entry: RawEntry | None = None
    flags: set[str] = set()
    target: str | None = None  # which field continuation lines extend
    seen: set[tuple[str | None, str]] = set()

    def finish(lineno: int) -> None:
        nonlocal entry
        if entry is None:
            return
        if entry.msgid is None:
            raise POSyntaxError(f"{name}:{entry.line}: msgstr or msgctxt without msgid")
        if not entry.msgstr:
            raise POSyntaxError(f"{name}:{entry.line}: msgid without msgstr")
        if not entry.obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key in seen:
                raise POSyntaxError(f"{name}:{entry.line}: duplicate message {entry.msgid[:40]!r}")
            seen.add(key)
        entries.append(entry)
        entry = None

    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        obsolete = False
        if stripped.startswith("#~"):
            obsolete = True
            stripped = stripped[2:].strip()
            if stripped.startswith("|"):
                continue
        elif not stripped:
            continue
        elif stripped.startswith("#"):
            if entry is not None and entry.msgstr:
                finish(lineno)
                target = None
            if stripped.startswith("#,"):
                flags.update(f.strip() for f in stripped[2:].split(","))
            continue
        if not stripped:
            continue
        match = None if stripped[0] == '"' else _KEYWORD.match(stripped)
        if match:
            keyword, index, literal = match.groups()
            value = _unescape(literal)
            if keyword in ("msgctxt", "msgid") and entry is not None and (
                entry.msgstr or (keyword == "msgctxt") or entry.msgid is not None
            ):
                finish(lineno)
            if entry is None:
                entry = RawEntry(line=lineno, flags=flags, obsolete=obsolete)
                flags = set()
            if keyword == "msgctxt":
                entry.msgctxt = value
            elif keyword == "msgid":
                entry.msgid = value
            elif keyword == "msgid_plural":
                if entry.msgid is None:
                    raise POSyntaxError(f"{name}:{lineno}: msgid_plural without msgid")
                entry.msgid_plural = value
            else:
                number = int(index) if index is not None else 0
                if entry.msgid is None or number in entry.msgstr:
                    raise POSyntaxError(f"{name}:{lineno}: msgstr without msgid")
                entry.msgstr[number] = value
            target = keyword if index is None else f"msgstr{index}"
            continue
        match = _CONTINUATION.match(stripped)
        if match and entry is not None and target is not None:
            value = _unescape(match.group(1))
            if target == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif target == "msgid":
                entry.msgid = (entry.msgid or "") + value
            elif target == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            else:
                index = int(target[6:] or 0) if target != "msgstr" else 0
                entry.msgstr[index] = entry.msgstr.get(index, "") + value
            continue
        raise POSyntaxError(f"{name}:{lineno}: not valid PO syntax: {stripped[:40]!r}")
    finish(len(text))
    return entries


def check_file(path: Path) -> list[RawEntry]:
    """Parse ``path`` strictly; a missing or unreadable file is a user error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    return parse(data, str(path))


def load_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a PO or POT file strictly: malformed input is a :class:`UserError` naming the line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such catalog (run 'translate-letter update')") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    parse(data, str(path))
    try:
        catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise UserError(f"{path}: malformed PO file ({exc})") from None
    for message in [*catalog, *catalog.obsolete.values()]:
        _restore_previous(message)
    return catalog


_PREVIOUS = re.compile(r'\|\s*(msgid_plural|msgid)\s+("(?:[^"\\]|\\.)*")\s*$')
_PREVIOUS_MORE = re.compile(r'\|\s*("(?:[^"\\]|\\.)*")\s*$')


def _restore_previous(message: Message) -> None:
    """Move ``#| msgid`` lines back from translator comments into ``previous_id``.

    Babel's reader keeps ``#|`` lines as translator comments (python-babel/babel#206), so a
    rewrite would turn them into ``# | msgid`` comments and the previous source would be lost.
    """
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
