"""What the checks need to know about a target language, read from Babel's locale data."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property

from babel import Locale, UnknownLocaleError

from ..locales import (
    ARABIC_INDIC_DIGITS,
    ARABIC_TO_PERSIAN_LETTERS,
    PERSIAN_DIGITS,
    PERSIAN_TO_ARABIC_LETTERS,
)

# Letters and digits that belong to one Arabic-script language and are wrong in the other:
# wrong letter/digit → the one to use instead.
_FOREIGN_LETTERS = {
    "fa": {**ARABIC_TO_PERSIAN_LETTERS, **dict(zip(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS,
                                                   strict=True))},
    "ar": {**PERSIAN_TO_ARABIC_LETTERS, **dict(zip(PERSIAN_DIGITS, ARABIC_INDIC_DIGITS,
                                                   strict=True))},
}
# Typical length of a translation relative to its English source (characters); a segment
# below half or above double this ratio is reported.
_LENGTH_RATIO = {"fa": 0.85, "ar": 0.9, "fr": 1.2, "es": 1.2, "de": 1.2, "it": 1.15,
                 "pt": 1.15, "ru": 1.1, "zh": 0.35, "ja": 0.45, "ko": 0.5}
_SPACED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN")


@dataclass(frozen=True)
class Language:
    code: str
    base: str
    name: str
    script: str  # first word of the Unicode names of its letters: LATIN, ARABIC, …
    rtl: bool
    length_ratio: float
    foreign_letters: dict[str, str]

    @property
    def latin(self) -> bool:
        return self.script == "LATIN"

    @cached_property
    def foreign_pattern(self) -> re.Pattern[str]:
        """Matches a letter or digit of ``foreign_letters`` (which must not be empty)."""
        return re.compile("[" + "".join(self.foreign_letters) + "]")

    @property
    def spaced(self) -> bool:
        """Whether words stand apart (no clitics glued on, spaces between words)."""
        return self.script in _SPACED_SCRIPTS


def _script_of(text: str) -> str:
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "UNKNOWN").split()[0]
    return "LATIN"


@cache
def language(code: str) -> Language:
    """The profile of ``code``; a code Babel does not know is treated as a Latin-script one."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        base = code.replace("-", "_").split("_")[0].lower()
        return Language(code, base, code, "LATIN", False, _LENGTH_RATIO.get(base, 1.0), {})
    base = locale.language
    name = locale.get_display_name(locale) or code
    return Language(
        code=code,
        base=base,
        name=locale.get_display_name("en") or code,
        script=_script_of(name),
        rtl=locale.text_direction == "rtl",
        length_ratio=_LENGTH_RATIO.get(base, 1.0),
        foreign_letters=_FOREIGN_LETTERS.get(base, {}),
    )
