"""Writers that turn a segmented document and its translations into a localized letter.

Each writer is a function ``render(letter: Letter) -> bytes`` registered in ``WRITERS``
under the file extension it produces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..document import Block, Document, Segment
from .structure import marker_localizer


@dataclass(frozen=True)
class Letter:
    """Everything a writer needs: the source document, admitted translations, the language."""

    doc: str
    lang: str
    document: Document
    translations: dict[str, str]
    include: str

    def translation(self, segment: Segment) -> str | None:
        return self.translations.get(segment.text) or None

    def localize_marker(self, block: Block, marker: str) -> str:
        """A translated list item's numbering in the locale's digits; others stay as written."""
        if not any(self.translation(s) for s in block.segments):
            return marker
        return marker_localizer(self.lang)(block, marker)

    def localized_text(self) -> str:
        """The source text with every admitted translation in place, layout unchanged."""
        return self.document.rebuild(self.translation, marker=self.localize_marker)


def render_txt(letter: Letter) -> bytes:
    """Plain text in the source's own layout (line endings, blank lines, markers)."""
    return letter.localized_text().encode("utf-8")


WRITERS: dict[str, Callable[[Letter], bytes]] = {
    "txt": render_txt,
}
