"""The letter a writer renders: a document, its admitted translations and its language."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..core.document import Block, Document, Place, Segment
from ..core.errors import UserError
from ..languages import profile
from .structure import marker_localizer


@dataclass(frozen=True)
class Letter:
    """Everything a writer needs: the source document, admitted translations, the language.

    ``translations`` maps the key of a segment (:attr:`Segment.key`, its place and text)
    to its admitted translation; ``drafts`` holds the keys whose admitted translation is a
    draft; ``numbering`` picks the list digits (see
    :meth:`.languages.Language.numbering_system`); ``notices`` are (language, text) the
    letter prints above its text; ``draft_notices`` those it prints too when it holds
    drafts, and ``watermark`` the word it then stamps across its pages; ``date`` is the date
    its files carry (see :func:`letter_date`), None for none; ``stale`` says, in one line,
    that the source changed since the catalog was made.
    """

    doc: str
    lang: str
    document: Document
    translations: dict[tuple[Place, str], str]
    include: str
    drafts: frozenset[tuple[Place, str]] = field(default_factory=frozenset)
    numbering: str = "default"
    notices: tuple[tuple[str, str], ...] = ()
    draft_notices: tuple[tuple[str, str], ...] = ()
    watermark: str = ""
    date: datetime | None = None
    stale: str | None = None

    def translation(self, segment: Segment) -> str | None:
        return self.translations.get(segment.key) or None

    def rendered(self, segment: Segment) -> str | None:
        """The segment's translation with its language's typography, or None."""
        translation = self.translation(segment)
        return profile(self.lang).typeset(translation) if translation else None

    def is_draft(self, segment: Segment) -> bool:
        return segment.key in self.drafts and self.translation(segment) is not None

    @property
    def has_drafts(self) -> bool:
        """Whether any draft translation made it into the letter (it must then say so)."""
        return any(self.is_draft(s) for s in self.document.segments)

    def localize_marker(self, block: Block, marker: str) -> str:
        """A translated list item's numbering in the locale's digits; others stay as written."""
        if not any(self.translation(s) for s in block.segments):
            return marker
        return marker_localizer(self.lang, self.numbering)(block, marker)

    def localized_text(self) -> str:
        """The source text with every admitted translation in place, layout unchanged."""
        return self.document.rebuild(self.rendered, marker=self.localize_marker)


# What XML 1.0 forbids (its Char production): controls other than tab, line feed and
# carriage return, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_KINDS = {"Cc": "a control character", "Cs": "a surrogate", "Cn": "a noncharacter"}


def unprintable(letter: Letter) -> tuple[Segment | None, str] | None:
    """The first character of the letter's text that XML 1.0 forbids, named (``U+FFFE, a
    noncharacter``), with the segment whose translation holds it (None: the source does)."""
    for segment in letter.document.segments:
        translation = letter.translation(segment)
        match = _NOT_XML.search(translation) if translation else None
        if match:
            return segment, _name(match.group())
    match = _NOT_XML.search(letter.document.text)
    return (None, _name(match.group())) if match else None


def _name(char: str) -> str:
    kind = _KINDS.get(unicodedata.category(char), "a character XML forbids")
    return f"U+{ord(char):04X}, {kind}"


def letter_date(revised: datetime | None) -> datetime | None:
    """The date a letter's files carry, never the clock's: ``SOURCE_DATE_EPOCH`` when it is
    set (reproducible-builds.org), else ``revised``, when its catalog was last revised."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UserError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {epoch!r}")
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (OverflowError, OSError, ValueError):
            raise UserError(f"SOURCE_DATE_EPOCH {epoch} is not a date") from None
    if revised is None:
        return None
    return revised.astimezone(UTC) if revised.tzinfo else revised.replace(tzinfo=UTC)


def render_txt(letter: Letter) -> bytes:
    """Plain text in the source's own layout (line endings, blank lines, markers)."""
    return letter.localized_text().encode("utf-8")
