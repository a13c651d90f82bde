"""Persian: what CLDR does not say of it.  CLDR gives it right to left, the Arabic script
and Persian digits (arabext); its fonts are the Arabic script's (Naskh), and its glossary
terms are found as the Arabic script's are, without Arabic's article and case endings."""

from __future__ import annotations

from types import MappingProxyType

from ..core.characters import digits
from .common import Language


class Persian(Language):
    # Arabic yeh, alef maksura and kaf, and Arabic-Indic digits, where Persian writes ی ک
    # and its own digits.
    foreign_letters = MappingProxyType({
        "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
        **dict(zip(digits("arab"), digits("arabext"), strict=True)),
    })
    length_ratio = 0.85
    # Words Persian writes twice on purpose: کم کم (little by little), گاه گاه, جا جا…
    repeatable = frozenset({"کم", "تک", "آرام", "گاه", "جا", "دسته", "ذره", "قطره", "خرده",
                            "رفته", "یواش", "پی", "دم"})
