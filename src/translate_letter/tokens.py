"""Tokens that must survive translation verbatim: numbers, UN symbols, URLs, e-mails.

The one rule for them: machine pre-translation masks them and flags a draft that lost one
(``# token-missing``), the memory engine flags a match whose tokens differ, and the QA
checks ``numbers`` and ``symbols`` report an error, all through :func:`token_problems` and
the two comparisons below it, so a flag and a QA error always agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .locales import ARABIC_INDIC_DIGITS, NBSP, NNBSP, PERSIAN_DIGITS

# Digits of the scripts the project translates into: Latin, Arabic-Indic, Persian.
_DIGIT = f"0-9{ARABIC_INDIC_DIGITS}{PERSIAN_DIGITS}"
_TO_ASCII = str.maketrans(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2)
# Group separators: comma, Arabic thousands separator, (narrow) no-break and plain space.
_GROUP = f",\u066c{NBSP}{NNBSP} "
_DECIMAL = ".\u066b"

_PATTERNS: list[tuple[str, str]] = [
    ("url", r"\b(?:https?://|www\.)[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)\]]"),
    ("email", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    # UN document symbols: S/PV.7926, A/PV.564, S/2011/612, A/RES/74/167, E/CN.4/2005/L.1
    ("symbol", r"(?<![\w/])[A-Z]{1,5}(?:/[A-Z0-9]+(?:[.\-][A-Z0-9]+)*)+"),
    # Resolution references: the "120 (1956)" of "resolution 120 (1956)"
    ("resolution", rf"(?<=\s)[{_DIGIT}]+\s?\([{_DIGIT}]{{4}}\)"),
    (
        "number",
        rf"(?<![\w{_DIGIT}])[{_DIGIT}]{{1,3}}(?:[{_GROUP}][{_DIGIT}]{{3}})+(?![{_DIGIT}])"
        rf"(?:[{_DECIMAL}][{_DIGIT}]+)?%?"
        rf"|(?<![\w{_DIGIT}])[{_DIGIT}]+(?:[{_DECIMAL}][{_DIGIT}]+)?%?",
    ),
]
VERBATIM_KINDS = ("symbol", "url", "email")
_DIGITS = re.compile(rf"[{_DIGIT}]+")
_GROUP_RE = re.compile(rf"(?<=[{_DIGIT}])[{_GROUP}](?=[{_DIGIT}]{{3}})")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


@cache
def _token_pattern(kinds: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{k}>{p})" for k, p in _PATTERNS if k in kinds))


def _possible_kinds(text: str) -> frozenset[str]:
    """The kinds of token ``text`` could hold, judged by characters each kind requires."""
    kinds = set()
    if "http" in text or "www." in text:
        kinds.add("url")
    if "@" in text:
        kinds.add("email")
    if "/" in text:
        kinds.add("symbol")
    if _DIGITS.search(text):
        kinds.update(("resolution", "number"))
    return frozenset(kinds)


def find_tokens(text: str) -> list[Token]:
    """Protected tokens of ``text`` in order, none overlapping."""
    kinds = _possible_kinds(text)
    if not kinds:
        return []
    # Leaving out the kinds that cannot match finds the same tokens, several times faster.
    return [
        Token(match.lastgroup or "", match.group(), match.start(), match.end())
        for match in _token_pattern(kinds).finditer(text)
    ]


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as 0-9."""
    return text.translate(_TO_ASCII)


def number_value(token: str) -> str:
    """The canonical value of a written number: "۱٬۵۰۰" = "1 500" = "1,500" → "1500"."""
    value = _GROUP_RE.sub("", ascii_digits(token)).replace("\u066b", ".")
    percent = value.endswith("%")
    value = value.rstrip("%")
    if "." in value:
        whole, _, fraction = value.partition(".")
        value = f"{int(whole)}.{fraction.rstrip('0')}".rstrip(".")
    else:
        value = str(int(value))
    return value + ("%" if percent else "")


def count_numbers(tokens: Iterable[Token]) -> Counter[str]:
    """How often each numeric value occurs among ``tokens``, whatever the digit script and
    grouping.

    Numbers inside UN symbols, URLs and e-mails belong to those tokens, not counted here.
    A resolution reference counts its number and its year.
    """
    values: Counter[str] = Counter()
    for token in tokens:
        if token.kind == "number":
            values[number_value(token.text)] += 1
        elif token.kind == "resolution":
            for part in _DIGITS.findall(token.text):
                values[number_value(part)] += 1
    return values


def resolution_reference(token: Token) -> str:
    """A resolution reference in canonical form: "۱۲۰ (۱۹۵۶)" → "120 (1956)"."""
    number, year = _DIGITS.findall(ascii_digits(token.text))
    return f"{number} ({year})"


@dataclass(frozen=True)
class TokenDifference:
    """What a translation lacks of its source's tokens, and what it has that the source
    lacks, for one check (numbers or symbols)."""

    missing: Counter[str]
    added: Counter[str]

    def __bool__(self) -> bool:
        return bool(self.missing or self.added)


def number_difference(source: list[Token], target: list[Token],
                      single: bool = False) -> TokenDifference:
    """Numbers, dates and years by value, in any digit script and grouping.

    A plural form used for a single n may leave numbers out ("one file" for "%d files").
    """
    wanted, found = count_numbers(source), count_numbers(target)
    return TokenDifference(Counter() if single else wanted - found, found - wanted)


def _kept_exactly(tokens: list[Token]) -> Counter[str]:
    """Symbols, URLs, e-mails as written; resolution references in canonical form."""
    return Counter(t.text if t.kind in VERBATIM_KINDS else resolution_reference(t)
                   for t in tokens if t.kind in VERBATIM_KINDS or t.kind == "resolution")


def symbol_difference(source: list[Token], target: list[Token]) -> TokenDifference:
    """UN symbols, URLs and e-mails letter for letter, resolution references as a whole."""
    wanted, found = _kept_exactly(source), _kept_exactly(target)
    return TokenDifference(wanted - found, found - wanted)


def token_problems(source: str, translation: str) -> list[str]:
    """Every token ``translation`` lost or gained against ``source`` by the rule of the
    ``numbers`` and ``symbols`` checks: "S/PV.7926", "2019 (not in the source)"; empty when
    the checks find nothing."""
    source_tokens, target_tokens = find_tokens(source), find_tokens(translation)
    problems: list[str] = []
    for difference in (symbol_difference(source_tokens, target_tokens),
                       number_difference(source_tokens, target_tokens)):
        problems += sorted(difference.missing.elements(), key=source.find)
        problems += [f"{value} (not in the source)"
                     for value in sorted(difference.added.elements())]
    return list(dict.fromkeys(problems))
