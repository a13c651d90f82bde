"""Arabic: what CLDR does not say of it.  CLDR gives it right to left, the Arabic script,
Latin digits by default and Arabic-Indic ones as its native digits; its fonts are the
Arabic script's (Naskh)."""

from __future__ import annotations

from types import MappingProxyType

from ..core.characters import digits
from ..core.glossary import TermForms
from .common import Language


class Arabic(Language):
    # Persian yeh and kaf, and Persian digits, where Arabic writes ي ك and its own digits.
    foreign_letters = MappingProxyType({
        "\u06cc": "\u064a", "\u06a9": "\u0643",
        **dict(zip(digits("arabext"), digits("arab"), strict=True)),
    })
    length_ratio = 0.9
    # The article ال joins its word (and loses its alef after li-: "للجمعية"), and the
    # sound plural ends in -ون or -ين by case.
    term_forms = TermForms(spaced=False, article="ال", plural_endings=("ون", "ين"))
