"""Structure localized by rule, not by translators.

List numbering in the language's digits (its profile's), bullets kept, and the
left-to-right runs (names, UN symbols, URLs) that right-to-left text must isolate.
Protected tokens (numbers, symbols, URLs, e-mails) are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..core.document import Block
from ..core.errors import UserError
from ..core.tokens import find_tokens
from ..languages import profile

# The setting that picks a language's list digits: ``list-digits = { ar = "native" }``.
LIST_DIGITS_SETTING = "list-digits"


def list_numbering(extra: dict, lang: str) -> str:
    """The list numbering configured for ``lang`` in ``[tool.translate-letter]``, validated:
    ``default`` (the language profile's digits), ``native`` or a CLDR numbering system."""
    table = extra.get(LIST_DIGITS_SETTING, {})
    if not isinstance(table, dict):
        raise UserError(f"{LIST_DIGITS_SETTING} must be a table such as {{ ar = \"native\" }}")
    numbering = table.get(lang, "default")
    profile(lang).numbering_system(numbering)
    return numbering


def marker_localizer(lang: str, numbering: str = "default") -> Callable[[Block, str], str]:
    """A function that renders a list marker in ``lang``: digits localized, bullets kept."""
    language = profile(lang)

    def localize(block: Block, marker: str) -> str:
        if block.number is None:
            return marker
        return language.localize_digits(marker, numbering)

    return localize


# A Latin-script phrase: words of Latin letters (digits and . ' ’ & / - inside), joined by
# spaces, a comma or a dash.  Inside right-to-left text such a phrase is isolated as one
# left-to-right run, so "Hamid Nouri" or "U.N." keep their order and punctuation.
_LATIN = "A-Za-z\u00c0-\u024f"
_WORD = rf"[{_LATIN}][{_LATIN}0-9.'’&/\-]*"
_JOIN = r"(?:[,;:]?[ \u00a0]+|[ \u00a0]*[–—][ \u00a0]*)"
_LATIN_RUN = re.compile(rf"{_WORD}(?:{_JOIN}(?:{_WORD}|[0-9][{_LATIN}0-9.'’&/\-]*))*")
_ISOLATED_TOKENS = ("url", "email", "symbol")


@dataclass(frozen=True)
class Run:
    """A piece of text; ``isolate`` when it must be kept left to right inside RTL text."""

    text: str
    isolate: bool = False


def _trim_run(text: str, start: int, end: int) -> int:
    """End of a Latin run without a trailing sentence mark ("U.N." keeps its last dot)."""
    while end > start and text[end - 1] in ",;:'’-":
        end -= 1
    if end > start and text[end - 1] == "." and "." not in text[start : end - 1]:
        end -= 1
    return end


def ltr_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` to isolate left to right: Latin phrases, UN symbols, URLs, e-mails."""
    spans = [(t.start, t.end) for t in find_tokens(text) if t.kind in _ISOLATED_TOKENS]
    for match in _LATIN_RUN.finditer(text):
        end = _trim_run(text, match.start(), match.end())
        if end > match.start():
            spans.append((match.start(), end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def split_runs(text: str, rtl: bool) -> list[Run]:
    """``text`` cut into runs; in right-to-left text the Latin phrases and tokens isolated."""
    if not rtl:
        return [Run(text)] if text else []
    runs: list[Run] = []
    position = 0
    for start, end in ltr_spans(text):
        if start > position:
            runs.append(Run(text[position:start]))
        runs.append(Run(text[start:end], isolate=True))
        position = end
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs
