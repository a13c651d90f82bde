"""The one strict PO reader: a file is parsed once, straight into Babel's catalog model.

Babel's ``read_po`` accepts files GNU ``msgfmt -c`` rejects (an unterminated string, a
msgstr without msgid, an invalid escape, a duplicate entry, a broken Plural-Forms header),
rewrites unknown escapes silently, and keeps ``#|`` previous msgids as translator comments
(python-babel/babel#206).  This reader follows the shape of Babel's ``PoFileParser`` (one
method per kind of line, one way to report a problem) but refuses what GNU gettext refuses,
with the file and line, and reads everything ``msgfmt -c`` accepts: any charset Python
knows, C escapes (octal and hex included), contexts, plurals, obsolete entries and previous
msgids, CRLF line ends.  It also refuses what :mod:`.rules` refuses in a translation, which
``msgfmt`` lets through: characters that break line-based PO tools or the letters (anywhere
in the file, and escaped in a translation: ``\\000``), and a translation longer than ten
times its source plus 200.  A charset Python does not know is refused too (``msgfmt`` only
warns, and the catalog could not be written back).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..core.errors import UserError
from .entry import Entry, new_message, set_previous_context, strings
from .header import FileCatalog
from .rules import RefusedText, first_forbidden, refuse_bad_text

# A C string literal, written as an unrolled loop so that long strings match in linear time.
_STRING = r'"([^"\\]*(?:\\.[^"\\]*)*)"'
_KEYWORD = re.compile(rf"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*{_STRING}[ \t]*$")
_CONTINUATION = re.compile(rf"{_STRING}[ \t]*$")
_PREVIOUS = re.compile(rf"(msgctxt|msgid_plural|msgid)[ \t]*{_STRING}[ \t]*$")
_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.))")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v",
                   "a": "\a", "\\": "\\", '"': '"'}
_CHARSET = re.compile(rb'"Content-Type:[^"]*?charset=([A-Za-z0-9_.:-]+)', re.IGNORECASE)
_NPLURALS = re.compile(r"nplurals\s*=\s*([^;\s]*)")
_PLURAL = re.compile(r"plural\s*=\s*([^;]*)")
_PLACEHOLDER = re.compile(r"nplurals\s*=\s*INTEGER\s*;\s*plural\s*=\s*EXPRESSION\s*;?")
_LOCATION = re.compile(r"\u2068([^\u2069]*)\u2069|(\S+)")


class POSyntaxError(UserError):
    """A PO file that GNU gettext would reject, or that line-based tools cannot hold."""


def load_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a PO or POT file strictly: malformed input is a :class:`UserError` naming the line."""
    return read_catalog(read_file(path), str(path), locale)


def read_file(path: Path) -> bytes:
    """The bytes of a catalog file; a missing or unreadable one is a :class:`UserError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such catalog (run 'translate-letter update')") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None


def read_catalog(data: bytes, name: str = "<po>", locale: str | None = None) -> Catalog:
    """Parse PO ``data`` into a Babel catalog; ``name`` is how errors refer to the file."""
    text, charset = _decode(data, name)
    reader = _Reader(name, FileCatalog(locale=locale, charset=charset))
    reader.feed(text)
    return reader.catalog


def _charset(data: bytes) -> str | None:
    """The codec named by the header's Content-Type, None when absent or a placeholder."""
    match = _CHARSET.search(data)
    if not match or match.group(1).upper() == b"CHARSET":
        return None
    return match.group(1).decode("ascii").lower()


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and the charset it was decoded with."""
    charset = _charset(data) or "utf-8"
    try:
        "".encode(charset)
    except LookupError:
        line = data.count(b"\n", 0, _CHARSET.search(data).start()) + 1
        raise POSyntaxError(f"{name}:{line}: unknown charset {charset!r} in the Content-Type "
                            "header (UTF-8 is the usual one)") from None
    try:
        return data.decode(charset), charset
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise POSyntaxError(f"{name}:{line}: bytes that are not valid {charset} "
                            "(the charset of the Content-Type header)") from None


@dataclass
class _Entry:
    """What has been read of the current entry."""

    line: int
    obsolete: bool = False
    user_comments: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    locations: list[tuple[str, int | None]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    strings: dict[str, str] = field(default_factory=dict)  # msgctxt, msgid, msgid_plural, msgstr[N]
    last: str | None = None  # the field that a continuation line extends
    last_previous: str | None = None
    has_msgstr: bool = False
    msgstr_line: int = 0

    @property
    def started(self) -> bool:
        return bool(self.strings)


class _Reader:
    """Line by line, like Babel's ``PoFileParser``; every problem goes through ``_invalid``."""

    def __init__(self, name: str, catalog: FileCatalog) -> None:
        self.name = name
        self.catalog = catalog
        self.entry = _Entry(line=1)
        self.lineno = 0
        self.seen: dict[tuple[str | None, str], int] = {}
        self.plurals: list[tuple[int, int]] = []  # (line, msgstr count) of plural entries
        self.header_line = 0
        self.nplurals: int | None = None

    def _invalid(self, reason: str, line: int | None = None) -> None:
        raise POSyntaxError(f"{self.name}:{line or self.lineno}: {reason}")

    def feed(self, text: str) -> None:
        text = text.replace("\r\n", "\n")
        forbidden = first_forbidden(text)
        if forbidden:
            at, char = forbidden
            self._invalid(f"{char} in the file; PO tools cannot hold it",
                          text.count("\n", 0, at) + 1)
        # Only "\n" ends a line: str.splitlines would also split at U+2028, U+0085, …
        for self.lineno, line in enumerate(text.split("\n"), start=1):
            stripped = line.strip()
            if stripped:
                self._line(stripped)
        self._finish()
        self._check_plurals()

    def _line(self, stripped: str) -> None:
        first = stripped[0]
        if first == '"':
            self._continuation(stripped, obsolete=False)
        elif first != "#":
            self._keyword_line(stripped, obsolete=False)
        elif stripped.startswith("#~"):
            rest = stripped[2:].lstrip()
            if rest.startswith("|"):
                self._previous(rest[1:].strip())
            elif rest:
                self._keyword_or_continuation(rest, obsolete=True)
        else:
            self._comment(stripped)

    def _comment(self, line: str) -> None:
        prefix = line[:2]
        if prefix == "#|":
            self._previous(line[2:].strip())
            return
        if self.entry.has_msgstr:
            self._finish()
        elif self.entry.started:
            self._invalid("missing 'msgstr' section", self.entry.line)
        self.entry.last = None
        if prefix == "#,":
            self.entry.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
        elif prefix == "#.":
            if line[2:].strip():
                self.entry.auto_comments.append(line[2:].strip())
        elif prefix == "#:":
            for enclosed, plain in _LOCATION.findall(line[2:]):
                location = enclosed or plain
                path, colon, number = location.rpartition(":")
                if colon and number.isdigit():
                    self.entry.locations.append((path, int(number)))
                else:
                    self.entry.locations.append((location, None))
        else:
            self.entry.user_comments.append(line[1:].strip())

    def _previous(self, line: str) -> None:
        if self.entry.has_msgstr:
            self._finish()
        elif self.entry.started:
            self._invalid("missing 'msgstr' section", self.entry.line)
        self.entry.last = None
        if not line:
            return
        match = _PREVIOUS.match(line)
        if match:
            keyword, literal = match.groups()
            self.entry.last_previous = keyword
            self.entry.previous[keyword] = self._unescape(literal)
            return
        match = _CONTINUATION.match(line)
        if match and self.entry.last_previous:
            self.entry.previous[self.entry.last_previous] += self._unescape(match.group(1))
            return
        self._invalid("not a valid previous msgid line (#|)")

    def _keyword_or_continuation(self, line: str, obsolete: bool) -> None:
        if line.startswith('"'):
            self._continuation(line, obsolete)
            return
        self._keyword_line(line, obsolete)

    def _keyword_line(self, line: str, obsolete: bool) -> None:
        match = _KEYWORD.match(line)
        if not match:
            if line.split(None, 1)[0] in ("msgctxt", "msgid", "msgid_plural", "msgstr") or \
                    line.startswith("msgstr["):
                self._invalid("string not closed on its line, or text after it")
            self._invalid(f"not valid PO syntax: {line[:40]!r}")
        keyword, index, literal = match.groups()
        self._keyword(keyword, index, self._unescape(literal), obsolete)

    def _keyword(self, keyword: str, index: str | None, value: str, obsolete: bool) -> None:
        entry = self.entry
        if keyword in ("msgctxt", "msgid"):
            if entry.has_msgstr:
                self._finish()
                entry = self.entry
            elif "msgid" in entry.strings:
                self._invalid("missing 'msgstr' section", entry.line)
            elif entry.started and keyword == "msgctxt":
                self._invalid("a second msgctxt in one entry")
            if not entry.started:
                entry.line, entry.obsolete = self.lineno, obsolete
        elif "msgid" not in entry.strings:
            self._invalid(f"{keyword.split('[')[0]} without msgid")
        if entry.obsolete != obsolete:
            self._invalid("an entry is partly obsolete (#~) and partly not")
        if keyword == "msgid_plural" and entry.has_msgstr:
            self._invalid("msgid_plural after msgstr")
        if keyword.startswith("msgstr"):
            plural = "msgid_plural" in entry.strings
            if plural and index is None:
                self._invalid("msgstr without [N] in an entry with msgid_plural")
            if not plural and index is not None:
                self._invalid("msgstr[N] in an entry without msgid_plural")
            expected = sum(1 for key in entry.strings if key.startswith("msgstr["))
            if index is not None and int(index) != expected:
                self._invalid(f"msgstr[{index}] where msgstr[{expected}] was expected")
        if keyword in entry.strings:
            self._invalid(f"a second {keyword} in one entry")
        entry.strings[keyword] = value
        entry.last = keyword
        if keyword.startswith("msgstr") and not entry.has_msgstr:
            entry.has_msgstr, entry.msgstr_line = True, self.lineno

    def _continuation(self, line: str, obsolete: bool) -> None:
        match = _CONTINUATION.match(line)
        if not match:
            self._invalid("string not closed on its line, or text after it")
        if self.entry.last is None or self.entry.obsolete != obsolete:
            self._invalid("a string that continues no keyword")
        self.entry.strings[self.entry.last] += self._unescape(match.group(1))

    def _unescape(self, literal: str) -> str:
        if "\\" not in literal:
            return literal
        raw: list[bytes] = []

        def replace(match: re.Match) -> str:
            simple, octal, hexa, bad = match.groups()
            if bad is not None:
                self._invalid(f"invalid escape '\\{bad}' in a string")
            if simple is not None:
                return _SIMPLE_ESCAPES[simple]
            value = int(octal, 8) if octal is not None else int(hexa, 16)
            if value > 0xFF:
                self._invalid("an escape beyond one byte in a string")
            raw.append(bytes([value]))
            return "\0"  # placeholder for a byte, decoded below with its neighbours

        text = _ESCAPE.sub(replace, literal)
        if not raw:
            return text
        # Octal and hex escapes are bytes in the file's charset (UTF-8 sequences, mostly).
        parts = text.split("\0")
        charset = self.catalog.charset
        data = parts[0].encode(charset)
        for byte, part in zip(raw, parts[1:], strict=True):
            data += byte + part.encode(charset)
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            self._invalid(f"escaped bytes that are not valid {charset}")
            raise  # unreachable: _invalid raises

    def _finish(self) -> None:
        entry, self.entry = self.entry, _Entry(line=self.lineno + 1)
        if not entry.started:
            if entry.previous:
                self._invalid("a previous msgid (#|) of no entry", entry.line)
            return
        if "msgid" not in entry.strings:
            self._invalid("msgctxt without msgid", entry.line)
        if not entry.has_msgstr:
            self._invalid("missing 'msgstr' section", entry.line)
        strings = entry.strings
        context = strings.get("msgctxt")
        if "msgid_plural" in strings:
            msgid: str | tuple[str, str] = (strings["msgid"], strings["msgid_plural"])
            count = sum(1 for key in strings if key.startswith("msgstr["))
            string: str | tuple[str, ...] = tuple(strings[f"msgstr[{i}]"] for i in range(count))
            # As msgfmt: only translated entries that it would compile must match the header.
            if not entry.obsolete and "fuzzy" not in entry.flags and any(string):
                self.plurals.append((entry.line, count))
        else:
            msgid, string = strings["msgid"], strings["msgstr"]
        if msgid or context is not None:  # not the header
            self._check_translations(entry, msgid, string)
        previous = [entry.previous[k] for k in ("msgid", "msgid_plural") if k in entry.previous]
        message = new_message(msgid, string, locations=entry.locations, flags=entry.flags,
                              auto_comments=entry.auto_comments,
                              user_comments=entry.user_comments, previous_id=previous,
                              lineno=entry.line, context=context)
        if "msgctxt" in entry.previous:
            set_previous_context(message, entry.previous["msgctxt"])
        if entry.obsolete:
            self.catalog.obsolete[Entry(message).key] = message
            return
        seen_key = (context, strings["msgid"])
        if seen_key in self.seen:
            self._invalid(f"duplicate message definition (first at line {self.seen[seen_key]})",
                          entry.line)
        self.seen[seen_key] = entry.line
        if msgid == "" and context is None:
            self._header(message, entry.line)
        else:
            self.catalog[msgid] = message

    def _check_translations(self, entry: _Entry, msgid: str | tuple[str, str],
                            string: str | tuple[str, ...]) -> None:
        """The rules of :mod:`.rules` for every translation of an entry (the raw text was
        checked already: this finds what escapes hid, and a translation too long)."""
        source = max(strings(msgid), key=len)
        for form in (string,) if isinstance(string, str) else string:
            try:
                refuse_bad_text(source, form)
            except RefusedText as exc:
                self._invalid(str(exc), entry.msgstr_line)

    def _header(self, message: Message, line: int) -> None:
        self.header_line = line
        headers = HeaderParser().parsestr(message.string).items()
        plural_forms = [value for name, value in headers if name.lower() == "plural-forms"]
        if plural_forms:
            self.nplurals = self._plural_forms(plural_forms[-1], line)
        self.catalog.read_header(message.string)
        self.catalog.header_comment = "\n".join(
            f"# {c}".rstrip() for c in message.user_comments)
        self.catalog.fuzzy = message.fuzzy

    def _plural_forms(self, value: str, line: int) -> int | None:
        """``nplurals`` of a Plural-Forms header; what it says must be what msgfmt accepts
        (a missing part matters only to translated plural entries, as with msgfmt).  The
        placeholder of xgettext's templates (``nplurals=INTEGER; plural=EXPRESSION;``) says
        nothing yet, as msgmerge takes it."""
        if _PLACEHOLDER.fullmatch(value.strip()):
            return None
        nplurals, plural = _NPLURALS.search(value), _PLURAL.search(value)
        if nplurals and (not nplurals.group(1).isdigit() or int(nplurals.group(1)) < 1):
            self._invalid(f"malformed Plural-Forms header (nplurals): {value.strip()!r}", line)
        if plural:
            try:
                gettext.c2py(plural.group(1).strip())
            except (ValueError, RecursionError):
                self._invalid(f"malformed Plural-Forms header (plural expression): "
                              f"{plural.group(1).strip()!r}", line)
        return int(nplurals.group(1)) if nplurals and plural else None

    def _check_plurals(self) -> None:
        if not self.plurals:
            return
        if self.nplurals is None:
            self._invalid("translated plural entries but no Plural-Forms header with nplurals "
                          "and plural", self.plurals[0][0])
        for line, count in self.plurals:
            if count != self.nplurals:
                self._invalid(f"{count} plural forms where the Plural-Forms header says "
                              f"nplurals={self.nplurals}", line)
