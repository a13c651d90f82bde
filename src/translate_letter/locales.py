"""Facts about the languages the project works in, from Babel's locale data: names,
writing direction.  (Scripts, digits, bidi and invisible characters join them here.)"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale
from babel.core import get_global


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
