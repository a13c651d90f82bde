"""Facts about the languages the project works in: names, writing direction and script
from Babel's locale data, and the characters of their scripts that the checks, tokens,
glossary and renderers need to know (digits, letter variants, bidi controls, invisible
characters, no-break spaces).  One definition each; every other module imports them."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale
from babel.core import get_global

# Digits: the zero of each decimal numbering system (CLDR names) used here; the other nine
# follow it in Unicode.  Babel names a locale's numbering systems but does not substitute.
ZERO_DIGITS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966",
               "beng": "\u09e6"}
ARABIC_INDIC_DIGITS = "".join(chr(0x0660 + d) for d in range(10))  # ٠١٢٣٤٥٦٧٨٩ (ar)
PERSIAN_DIGITS = "".join(chr(0x06F0 + d) for d in range(10))  # ۰۱۲۳۴۵۶۷۸۹ (fa)

# Letters Arabic and Persian write differently: Arabic yeh, alef maksura and kaf → Persian.
ARABIC_TO_PERSIAN_LETTERS = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
PERSIAN_TO_ARABIC_LETTERS = {"\u06cc": "\u064a", "\u06a9": "\u0643"}
TATWEEL = "\u0640"  # kashida, stretches Arabic letters

# Bidirectional formatting characters and their short names.
BIDI_OPENERS = {"\u202a": "LRE", "\u202b": "RLE", "\u202d": "LRO", "\u202e": "RLO",
                "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI"}
BIDI_CONTROLS = {**BIDI_OPENERS, "\u202c": "PDF", "\u2069": "PDI", "\u200e": "LRM",
                 "\u200f": "RLM", "\u061c": "ALM"}
PDF, PDI = "\u202c", "\u2069"

# Invisible characters: zero-width space, word joiner, byte order mark, soft hyphen; and the
# zero-width non-joiner and joiner that Persian spelling needs.
INVISIBLE = "\u200b\u2060\ufeff\u00ad"
ZWNJ, ZWJ = "\u200c", "\u200d"

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space (French before ; : ! ? and inside « »)


def _locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def language_name(lang: str) -> str:
    """The language's own name for itself (Babel): "فارسی", "Français", "English"."""
    name = _locale(lang).display_name or lang
    return name[:1].upper() + name[1:]


def english_name(lang: str) -> str:
    """The language's English name (Babel): "Persian" for ``fa``; the code if unknown."""
    try:
        return _locale(lang).english_name or lang
    except (ValueError, TypeError):
        return lang


def name_in(lang: str, language: str) -> str:
    """The name of ``lang`` in ``language`` (Babel): "persan" for fa in French."""
    return _locale(lang).get_display_name(_locale(language)) or lang


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left (Babel's locale data)."""
    return _locale(lang).character_order == "right-to-left"


def language_tag(lang: str) -> str:
    """A language tag with its likely region, as Word and Open Graph want: fa → fa-IR."""
    if "-" in lang or "_" in lang:
        return lang.replace("_", "-")
    likely = get_global("likely_subtags").get(lang)  # e.g. "fa_Arab_IR"
    return f"{lang}-{likely.split('_')[-1]}" if likely else lang


# Unicode character names begin with their script's name: "ARABIC LETTER BEH".
_SCRIPT_NAMES = {"Arab": ("ARABIC",), "Latn": ("LATIN",), "Cyrl": ("CYRILLIC",),
                 "Grek": ("GREEK",), "Hebr": ("HEBREW",), "Deva": ("DEVANAGARI",),
                 "Thai": ("THAI",), "Kore": ("HANGUL",), "Hans": ("CJK",), "Hant": ("CJK",),
                 "Jpan": ("CJK", "HIRAGANA", "KATAKANA")}


def script_of(lang: str) -> str:
    """The script ``lang`` is usually written in (Babel's likely subtags): "Arab" for fa."""
    likely = get_global("likely_subtags").get(lang.replace("-", "_").split("_")[0], "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else ""


def share_in_script(text: str, lang: str) -> float | None:
    """The share of the letters of ``text`` written in ``lang``'s script; None when ``text``
    has no letters or the script is not one this module knows."""
    names = _SCRIPT_NAMES.get(script_of(lang))
    letters = [c for c in text if c.isalpha()]
    if names is None or not letters:
        return None
    inside = sum(_script_name(c).startswith(names) for c in letters)
    return inside / len(letters)


@cache
def _script_name(char: str) -> str:
    return unicodedata.name(char, "")


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
