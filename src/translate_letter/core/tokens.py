"""Tokens that must survive translation verbatim: numbers, UN symbols, URLs, e-mails.

The one rule for them: machine pre-translation masks them and flags a draft that lost one
(``# token-missing``), the memory engine flags a match whose tokens differ, and the QA
checks ``numbers`` and ``symbols`` report an error, all through :func:`token_problems` and
the two comparisons below it, so a flag and a QA error always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .characters import NBSP, NNBSP

# Digits of every decimal numbering system (Unicode's Nd, which ``\d`` matches in Python):
# Latin, Arabic-Indic, Persian and Urdu, Devanagari…, whatever language a text is in.
_DIGIT = r"\d"
_NOT_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
# Group separators: comma, Arabic thousands separator, (narrow) no-break and plain space.
_GROUP = f",\u066c{NBSP}{NNBSP} "
_DECIMAL = ".\u066b"
# Where a number starts: not inside a word or a number, nor after the decimal point of a
# number inside a word (the "0" of "v2.0").
_START = rf"(?<![\w{_DIGIT}])(?<![{_DIGIT}][{_DECIMAL}])"

_PATTERNS: list[tuple[str, str]] = [
    ("url", r"\b(?:https?://|www\.)[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)\]]"),
    ("email", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    # UN document symbols: S/PV.7926, A/PV.564, S/2011/612, A/RES/74/167, E/CN.4/2005/L.1
    ("symbol", r"(?<![\w/])[A-Z]{1,5}(?:/[A-Z0-9]+(?:[.\-][A-Z0-9]+)*)+"),
    # Resolution references: the "120 (1956)" of "resolution 120 (1956)"
    ("resolution", rf"(?<=\s)[{_DIGIT}]+\s?\([{_DIGIT}]{{4}}\)"),
    (
        "number",
        rf"{_START}[{_DIGIT}]{{1,3}}(?:[{_GROUP}][{_DIGIT}]{{3}})+(?![{_DIGIT}])"
        rf"(?:[{_DECIMAL}][{_DIGIT}]+)?%?"
        rf"|{_START}[{_DIGIT}]+(?:[{_DECIMAL}][{_DIGIT}]+)?%?",
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
    """Digits of any decimal numbering system (Persian, Arabic-Indic…) as 0-9."""
    if text.isascii():
        return text
    return _NOT_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


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


# What the English source may write in words that a translation writes in digits: April is
# 4月 in Japanese and Chinese, "a month" 1か月, "one page" 1 page, noon 12時.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_SPELLED = {
    **{word: n for n, word in enumerate(
        ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split())},
    **dict(zip("thirty forty fifty sixty seventy eighty ninety".split(), range(30, 100, 10),
               strict=True)),
    **{word: n for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)},
    "a": 1, "an": 1, "single": 1, "once": 1, "twice": 2, "dozen": 12, "hundred": 100,
    "thousand": 1000, "million": 1_000_000, "noon": 12,
    "binary": 2, "octal": 8, "decimal": 10, "hexadecimal": 16,  # 10進数 for "decimal"
    **{month: n for n, month in enumerate(_MONTHS, start=1)},
    **{month[:3]: n for n, month in enumerate(_MONTHS, start=1)}, "sept": 9,
}
_SPELLED_AS = {"midnight": ("0", "12", "24")}
_WORDS = re.compile(r"[A-Za-z]+")
# A number inside a word of the source (v2.0, IPv4, EPUB3), which a translation may keep or
# write apart ("version 2.0").
_IN_WORD = re.compile(rf"(?<=[A-Za-z])[{_DIGIT}]+(?:[{_DECIMAL}][{_DIGIT}]+)*")


def spelled_numbers(source: str) -> Counter[str]:
    """Numbers an English ``source`` writes in words or inside words, by value: a
    translation may write each of them in digits."""
    values: Counter[str] = Counter()
    for word in _WORDS.findall(source):
        folded = word.lower()
        if word == "may" and source.strip() != word:  # the verb, not the month
            continue
        if folded in _SPELLED:
            values[str(_SPELLED[folded])] += 1
        for value in _SPELLED_AS.get(folded, ()):
            values[value] += 1
    for number in _IN_WORD.findall(source):
        values[number_value(number.rstrip("."))] += 1
    return values


# A translation may write in words a number its source writes in digits ("un an" for
# "1 year", "الأيام السبعة" for "Past 7 days"), up to twenty, as style guides spell them.
SPELLED_UP_TO = 20


@cache
def number_words(number: int, lang: str) -> tuple[str, ...]:
    """``number`` in words of ``lang``, lower-cased: its cardinal and its ordinal, as
    num2words writes them; none for a language num2words does not know."""
    from num2words import num2words

    base = lang.replace("-", "_").split("_")[0].lower()
    words = []
    for kind in ("cardinal", "ordinal"):
        try:
            words.append(num2words(number, lang=base, to=kind).lower())
        except (NotImplementedError, AttributeError, TypeError, ValueError, OverflowError):
            continue  # a language or a kind num2words does not write
    return tuple(dict.fromkeys(word for word in words if word))


# What an Arabic-script word may carry before a number word: "السبعة" (the seven), "و".
_PROCLITICS = "(?:و|ف|ب|ل|ال|وال|بال|فال|لل)?"


def numbers_in_words(text: str, lang: str, values: Iterable[str]) -> Counter[str]:
    """How often ``text`` writes each of ``values`` (whole numbers up to twenty) in words
    of ``lang``: "un an" holds 1 in French, "السبعة" 7 in Arabic.  A word stands alone,
    or with a feminine ending (une, una); languages written without spaces never match."""
    found: Counter[str] = Counter()
    folded = text.lower()
    for value in set(values):
        if not value.isdigit() or int(value) > SPELLED_UP_TO:
            continue
        words = number_words(int(value), lang)
        if words:
            spelled = "|".join(map(re.escape, words))
            found[value] = len(re.findall(rf"(?<!\w){_PROCLITICS}(?:{spelled})[ea]?(?!\w)",
                                          folded))
    return +found


def number_difference(source: list[Token], target: list[Token], single: bool = False,
                      source_text: str = "", target_text: str = "",
                      lang: str | None = None) -> TokenDifference:
    """Numbers, dates and years by value, in any digit script and grouping.

    A plural form used for a single n may leave numbers out ("one file" for "%d files"); a
    translation may write in digits what ``source_text`` writes in words ("4月" for "April"),
    and ``target_text`` in words of ``lang`` what the source writes in digits ("un an" for
    "1 year").
    """
    wanted, found = count_numbers(source), count_numbers(target)
    added = found - wanted - spelled_numbers(source_text) if found - wanted else Counter()
    missing = Counter() if single else wanted - found
    if missing and lang and target_text:
        missing -= numbers_in_words(target_text, lang, missing)
    return TokenDifference(missing, added)


def _kept_exactly(tokens: list[Token]) -> Counter[str]:
    """Symbols, URLs, e-mails as written; resolution references in canonical form."""
    return Counter(t.text if t.kind in VERBATIM_KINDS else resolution_reference(t)
                   for t in tokens if t.kind in VERBATIM_KINDS or t.kind == "resolution")


def symbol_difference(source: list[Token], target: list[Token]) -> TokenDifference:
    """UN symbols, URLs and e-mails letter for letter, resolution references as a whole."""
    wanted, found = _kept_exactly(source), _kept_exactly(target)
    return TokenDifference(wanted - found, found - wanted)


def token_problems(source: str, translation: str, lang: str | None = None) -> list[str]:
    """Every token ``translation`` lost or gained against ``source`` by the rule of the
    ``numbers`` and ``symbols`` checks: "S/PV.7926", "2019 (not in the source)"; empty when
    the checks find nothing."""
    source_tokens, target_tokens = find_tokens(source), find_tokens(translation)
    problems: list[str] = []
    for difference in (symbol_difference(source_tokens, target_tokens),
                       number_difference(source_tokens, target_tokens, source_text=source,
                                         target_text=translation, lang=lang)):
        problems += sorted(difference.missing.elements(), key=source.find)
        problems += [f"{value} (not in the source)"
                     for value in sorted(difference.added.elements())]
    return list(dict.fromkeys(problems))
