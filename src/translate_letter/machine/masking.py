"""Token protection: what must not be translated is replaced by ``{n}`` before a request and
put back after it; a placeholder that does not come back is named, never ignored."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.glossary import Glossary
from ..core.tokens import ascii_digits, find_tokens

# Engines may write the number of a placeholder in the target's digits (any decimal digits)
# or pad it with spaces.
_PLACEHOLDER = re.compile(r"\{\s*(\d+)\s*\}")


@dataclass(frozen=True)
class Slot:
    """One protected span: its source text and what goes back in the translation."""

    source: str
    replacement: str


@dataclass(frozen=True)
class Masked:
    """A text whose protected spans are placeholders ``{1}``, ``{2}``, …"""

    text: str
    slots: tuple[Slot, ...] = ()

    def restore(self, text: str, source: bool = False) -> str:
        """``text`` with its placeholders replaced by what goes back in a translation (or,
        with ``source``, by the source's own text); unknown ones are left as they are."""

        def restore(match: re.Match[str]) -> str:
            index = int(ascii_digits(match.group(1))) - 1
            if 0 <= index < len(self.slots):
                slot = self.slots[index]
                return slot.source if source else slot.replacement
            return match.group(0)

        return _PLACEHOLDER.sub(restore, text)

    def lost(self, piece: str, translated: str) -> list[str]:
        """The source text of each placeholder of ``piece`` that ``translated`` lacks."""
        kept = placeholders(translated)
        return list(dict.fromkeys(self.slots[i].source for i in placeholders(piece)
                                  if i not in kept and i < len(self.slots)))


def placeholders(text: str) -> set[int]:
    """The (0-based) numbers of the placeholders in ``text``."""
    return {int(ascii_digits(m.group(1))) - 1 for m in _PLACEHOLDER.finditer(text)}


def without_placeholders(text: str) -> str:
    """``text`` with its placeholders taken out."""
    return _PLACEHOLDER.sub("", text)


def mask(text: str, lang: str, glossary: Glossary | None = None) -> Masked:
    """Mask numbers, dates, UN symbols, resolution numbers, URLs, e-mails and the glossary
    terms that have a rendering in ``lang`` (restored as that rendering)."""
    spans: list[tuple[int, int, str]] = [
        (token.start, token.end, token.text) for token in find_tokens(text)
    ]
    for term in (glossary.terms_in(text) if glossary else []):
        rendering = term.rendering(lang)
        if rendering:
            spans += [(m.start(), m.end(), rendering) for m in term.pattern.finditer(text)]
    # Where spans overlap, the earlier (then the longer) one wins.
    spans.sort(key=lambda span: (span[0], -span[1]))
    pieces: list[str] = []
    slots: list[Slot] = []
    position = 0
    for start, end, replacement in spans:
        if start < position:
            continue
        slots.append(Slot(text[start:end], replacement))
        pieces += [text[position:start], f"{{{len(slots)}}}"]
        position = end
    pieces.append(text[position:])
    return Masked("".join(pieces), tuple(slots))


def needs_translation(text: str) -> bool:
    """Whether a masked text has words at all: placeholders, digits and signs alone do not."""
    return any(c.isalpha() for c in without_placeholders(text))
