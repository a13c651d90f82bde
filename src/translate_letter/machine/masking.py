"""Token protection: what must not be translated is replaced by ``{n}`` before a request and
put back after it; a placeholder that does not come back is named, never ignored."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..glossary import Glossary
from ..tokens import ascii_digits, find_tokens, number_value, number_values, verbatim_tokens

# Engines may write the number of a placeholder in the target's digits or pad it with spaces.
_PLACEHOLDER = re.compile(r"\{\s*([0-9\u0660-\u0669\u06f0-\u06f9]+)\s*\}")


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

    def unmask(self, translated: str) -> tuple[str, list[str]]:
        """The translation with every placeholder restored, and the source text of each
        protected span whose placeholder did not come back."""
        found: set[int] = set()

        def restore(match: re.Match[str]) -> str:
            index = int(ascii_digits(match.group(1))) - 1
            if 0 <= index < len(self.slots):
                found.add(index)
                return self.slots[index].replacement
            return match.group(0)

        text = _PLACEHOLDER.sub(restore, translated)
        missing = [slot.source for i, slot in enumerate(self.slots) if i not in found]
        return text, list(dict.fromkeys(missing))


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


def missing_tokens(source: str, translation: str) -> list[str]:
    """Protected tokens of ``source`` that ``translation`` lacks (a number written in the
    target's own digits counts as present)."""
    missing = [t for t in verbatim_tokens(source) if t not in translation]
    lacking = number_values(source) - number_values(translation)
    for token in find_tokens(source):
        if token.kind == "number":
            values = Counter([number_value(token.text)])
        elif token.kind == "resolution":
            values = number_values(token.text)  # its number and its year
        else:
            continue
        if any(lacking[value] > 0 for value in values):
            missing.append(token.text)
            lacking -= values
    return list(dict.fromkeys(missing))


def needs_translation(text: str) -> bool:
    """Whether a masked text has words at all: placeholders, digits and signs alone do not."""
    return any(c.isalpha() for c in _PLACEHOLDER.sub("", text))
