"""Facts about characters, whatever the language: the digits of the decimal numbering
systems, Arabic-script letters Unicode writes in two forms, bidi controls, invisible
characters, no-break spaces, and which letters belong to a script.  One definition each;
what a language makes of them is in :mod:`translate_letter.languages`."""

from __future__ import annotations

import unicodedata
from functools import cache

# The zero of each decimal numbering system (CLDR names); the other nine follow it in
# Unicode.  Babel names a locale's numbering systems but does not substitute their digits.
ZERO_DIGITS = {
    "latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6",
    "guru": "\u0a66", "gujr": "\u0ae6", "orya": "\u0b66", "taml": "\u0be6", "telu": "\u0c66",
    "knda": "\u0ce6", "mlym": "\u0d66", "thai": "\u0e50", "laoo": "\u0ed0", "tibt": "\u0f20",
    "mymr": "\u1040", "khmr": "\u17e0", "mong": "\u1810", "fullwide": "\uff10",
}


def digits(system: str) -> str:
    """The ten digits of the numbering system ``system`` (a key of :data:`ZERO_DIGITS`)."""
    zero = ord(ZERO_DIGITS[system])
    return "".join(chr(zero + d) for d in range(10))


# Arabic yeh, alef maksura and kaf, and the forms Persian, Urdu and others write instead:
# one letter to a reader, two to a computer.
ARABIC_TO_PERSIAN_LETTERS = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
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

# Unicode character names begin with their script's name: "ARABIC LETTER BEH".  Keys are
# ISO 15924 codes (Aran is Arabic written in Nastaliq).
SCRIPT_NAMES = {"Arab": ("ARABIC",), "Aran": ("ARABIC",), "Latn": ("LATIN",),
                "Cyrl": ("CYRILLIC",), "Grek": ("GREEK",), "Hebr": ("HEBREW",),
                "Deva": ("DEVANAGARI",), "Beng": ("BENGALI",), "Thai": ("THAI",),
                "Armn": ("ARMENIAN",), "Geor": ("GEORGIAN",), "Ethi": ("ETHIOPIC",),
                "Kore": ("HANGUL",), "Hans": ("CJK",), "Hant": ("CJK",),
                "Jpan": ("CJK", "HIRAGANA", "KATAKANA")}


def share_in_script(text: str, script: str) -> float | None:
    """The share of the letters of ``text`` written in ``script`` (ISO 15924); None when
    ``text`` has no letters or the script is not one this module knows."""
    names = SCRIPT_NAMES.get(script)
    letters = [c for c in text if c.isalpha()]
    if names is None or not letters:
        return None
    inside = sum(_script_name(c).startswith(names) for c in letters)
    return inside / len(letters)


@cache
def _script_name(char: str) -> str:
    return unicodedata.name(char, "")
