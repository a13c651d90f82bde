"""The letter a writer renders: a document, its admitted translations and its language."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Block, Document, Segment
from .structure import marker_localizer, typeset


@dataclass(frozen=True)
class Letter:
    """Everything a writer needs: the source document, admitted translations, the language.

    ``drafts`` holds the msgids whose admitted translation is a draft; ``numbering`` picks
    the list digits (see :func:`structure.digits_for`); ``notices`` are (language, text)
    the letter prints above its text besides the drafts notice.
    """

    doc: str
    lang: str
    document: Document
    translations: dict[str, str]
    include: str
    drafts: frozenset[str] = field(default_factory=frozenset)
    numbering: str = "default"
    notices: tuple[tuple[str, str], ...] = ()

    def translation(self, segment: Segment) -> str | None:
        return self.translations.get(segment.text) or None

    def rendered(self, segment: Segment) -> str | None:
        """The segment's translation with its language's typography, or None."""
        translation = self.translation(segment)
        return typeset(translation, self.lang) if translation else None

    def is_draft(self, segment: Segment) -> bool:
        return segment.text in self.drafts and self.translation(segment) is not None

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


def render_txt(letter: Letter) -> bytes:
    """Plain text in the source's own layout (line endings, blank lines, markers)."""
    return letter.localized_text().encode("utf-8")
