"""Structure and typography localized by rule, not by translators.

List numbering in the locale's digits, bullets kept, French spacing around punctuation,
and the left-to-right runs (names, UN symbols, URLs) that right-to-left text must isolate.
Protected tokens (numbers, symbols, URLs, e-mails) are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from babel import Locale

from ..document import Block
from ..errors import UserError
from ..locales import NBSP, NNBSP, ZERO_DIGITS
from ..tokens import find_tokens

_ZERO = ZERO_DIGITS
NUMBERINGS = ("default", "native", *_ZERO)

# The setting that picks a language's list digits: ``list-digits = { ar = "native" }``.
LIST_DIGITS_SETTING = "list-digits"


@cache
def numbering_system(lang: str, numbering: str = "default") -> str:
    """The CLDR numbering system that ``numbering`` names for ``lang`` (``latn``, ``arab``…)."""
    if numbering not in NUMBERINGS:
        known = ", ".join(NUMBERINGS)
        raise UserError(f"unknown list numbering {numbering!r} for {lang} (known: {known})")
    locale = Locale.parse(lang.replace("-", "_"))
    if numbering == "default":
        system = locale.default_numbering_system
    elif numbering == "native":
        system = locale._data["numbering_systems"].get("native", locale.default_numbering_system)
    else:
        system = numbering
    return system if system in _ZERO else "latn"


@cache
def digits_for(lang: str, numbering: str = "default") -> str:
    """The ten digits of ``lang`` in a numbering system named by Babel's locale data.

    ``default`` is the locale's own choice (arabext, i.e. Persian digits, for fa; Latin
    for fr and ar), ``native`` its native digits (Arabic-Indic for ar), or a CLDR name.
    """
    zero = _ZERO[numbering_system(lang, numbering)]
    return "".join(chr(ord(zero) + d) for d in range(10))


def list_numbering(extra: dict, lang: str) -> str:
    """The list numbering configured for ``lang`` in ``[tool.translate-letter]``, validated."""
    table = extra.get(LIST_DIGITS_SETTING, {})
    if not isinstance(table, dict):
        raise UserError(f"{LIST_DIGITS_SETTING} must be a table such as {{ ar = \"native\" }}")
    numbering = table.get(lang, "default")
    numbering_system(lang, numbering)
    return numbering


def localize_digits(text: str, lang: str, numbering: str = "default") -> str:
    return text.translate(str.maketrans("0123456789", digits_for(lang, numbering)))


def marker_localizer(lang: str, numbering: str = "default") -> Callable[[Block, str], str]:
    """A function that renders a list marker in ``lang``: digits localized, bullets kept."""

    def localize(block: Block, marker: str) -> str:
        if block.number is None:
            return marker
        return localize_digits(marker, lang, numbering)

    return localize


# French spacing: a narrow no-break space before ; ! ? and inside « », a no-break space
# before :.  Only where the mark closes a phrase (followed by a space, a closing mark or the
# end), so that "10:30" and ratios are left alone; protected tokens are never touched.
_SPACES = "[ \u00a0\u202f]*"
_CLOSES = r"(?=[\s»”’\")\]]|[;:!?.…]|$)"
_FRENCH = re.compile(
    rf"(?<=[^\s;:!?«(\[]){_SPACES}(?P<high>[;!?]){_CLOSES}"
    rf"|(?<=[^\s;:!?«(\[]){_SPACES}(?P<colon>:){_CLOSES}"
    rf"|(?P<open>«){_SPACES}"
    rf"|{_SPACES}(?P<close>»)"
)


def french_typography(text: str) -> str:
    """``text`` with French spacing around ; : ! ? « », protected tokens left as they are."""
    protected = [(t.start, t.end) for t in find_tokens(text)]

    def space(match: re.Match[str]) -> str:
        mark = match.lastgroup or ""
        at = match.start(mark)
        if any(start <= at < end for start, end in protected):
            return match.group()
        if mark == "open":
            return "«" + NNBSP
        if mark == "close":
            return NNBSP + "»"
        return (NBSP if mark == "colon" else NNBSP) + match.group(mark)

    return _FRENCH.sub(space, text)


TYPOGRAPHY: dict[str, Callable[[str], str]] = {"fr": french_typography}


def typeset(text: str, lang: str) -> str:
    """A translation with the typography rules of its language applied."""
    rule = TYPOGRAPHY.get(lang.split("-")[0].split("_")[0])
    return rule(text) if rule else text


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
