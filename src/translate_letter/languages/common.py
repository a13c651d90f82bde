"""The common language profile: what CLDR (through Babel) says of any language, and the
defaults of what it does not say.  A language's own module overrides either by class
attributes, as translate-toolkit's ``translate.lang`` modules do over ``common.Common``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from ..core.characters import ZERO_DIGITS, digits
from ..core.errors import UserError
from ..core.glossary import SPACED, TermForms
from .data import COUNTER_STYLES, LENGTH_RATIOS, SCRIPT_FONTS, SERIF, SPACED_SCRIPTS

DIRECTIONS = ("ltr", "rtl")
# The list numberings a project may choose (``list-digits``): the language's default, its
# native digits, or a CLDR numbering system by name.
NUMBERINGS = ("default", "native", *ZERO_DIGITS)


@dataclass(frozen=True)
class Typography:
    """A language's spacing rule around punctuation: ``apply`` sets it in a translation when
    a letter is built, ``problem`` says what a translation does against it (or None)."""

    apply: Callable[[str], str]
    problem: Callable[[str], str | None]


def base_language(code: str) -> str:
    """The language subtag of ``code``: "fa" for fa, fa-IR and fa_IR."""
    return code.replace("-", "_").split("_")[0].lower()


class Language:
    """A language as the product writes, checks and sets it: direction, script, digits,
    foreign letters, length, words it may repeat, typography, fonts and draft notice.

    Direction, script (likely subtags), numbering systems, names and plural rules come from
    CLDR; fonts and spacing from the script.  Instances are made by
    :func:`translate_letter.languages.profile`, once per code.
    """

    # What CLDR does not say; a language's module sets what applies to it.
    foreign_letters: Mapping[str, str] = MappingProxyType({})  # wrong letter → right one
    repeatable: frozenset[str] = frozenset()  # words it may write twice in a row
    typography: Typography | None = None
    draft_notice: str | None = None  # used where the interface catalogs have no translation
    watermark: str | None = None

    def __init__(self, code: str) -> None:
        self.code = code
        try:
            self.locale: Locale | None = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            self.locale = None  # checks of other projects' catalogs meet any code
        self.base = self.locale.language if self.locale else base_language(code)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}>"

    # From CLDR.

    @cached_property
    def direction(self) -> str:
        """"rtl" or "ltr"; a code CLDR does not know is taken for left to right."""
        rtl = self.locale is not None and self.locale.character_order == "right-to-left"
        return "rtl" if rtl else "ltr"

    @cached_property
    def script(self) -> str:
        """The script it is usually written in (ISO 15924, CLDR's likely subtags): "Arab"."""
        if self.locale is None:
            return "Latn"
        if self.locale.script:
            return self.locale.script
        likely = get_global("likely_subtags")
        found = likely.get(str(self.locale)) or likely.get(self.base, "")
        parts = found.split("_")
        return parts[1] if len(parts) > 2 else "Latn"

    @cached_property
    def numbering(self) -> str:
        """The numbering system of its numbers and list digits (CLDR's default for it)."""
        system = self.locale.default_numbering_system if self.locale else "latn"
        return system if system in ZERO_DIGITS else "latn"

    @cached_property
    def native_numbering(self) -> str:
        """Its native digits' numbering system (CLDR): "arab" for Arabic."""
        if self.locale is None:
            return self.numbering
        system = self.locale.other_numbering_systems.get("native", self.numbering)
        return system if system in ZERO_DIGITS else "latn"

    @cached_property
    def name(self) -> str:
        """Its own name for itself: "فارسی", "Français"."""
        if self.locale is None:
            return self.code
        name = self.locale.display_name or self.code
        return name[:1].upper() + name[1:]

    @cached_property
    def english_name(self) -> str:
        """Its English name: "Persian" for fa; the code when CLDR does not know it."""
        return (self.locale.english_name if self.locale else None) or self.code

    def name_in(self, language: Language) -> str:
        """Its name in ``language``: "persan" for fa in French."""
        if self.locale is None or language.locale is None:
            return self.code
        return self.locale.get_display_name(language.locale) or self.code

    @cached_property
    def tag(self) -> str:
        """A language tag with its likely region, as Word and Open Graph want: fa → fa-IR."""
        if "-" in self.code or "_" in self.code:
            return self.code.replace("_", "-")
        likely = get_global("likely_subtags").get(self.code)  # e.g. "fa_Arab_IR"
        return f"{self.code}-{likely.split('_')[-1]}" if likely else self.code

    @cached_property
    def plural_tags(self) -> frozenset[str]:
        """The CLDR plural categories it distinguishes besides "other"."""
        return frozenset(self.locale.plural_form.tags) if self.locale else frozenset({"one"})

    # From its script.

    @cached_property
    def fonts(self) -> tuple[str, ...]:
        """The font family stack its text is set in (HTML, PDF; the first for DOCX)."""
        return SCRIPT_FONTS.get(self.script, SERIF)

    @cached_property
    def spaced(self) -> bool:
        """Whether its words stand apart (no clitics glued on, spaces between words)."""
        return self.script in SPACED_SCRIPTS

    @cached_property
    def term_forms(self) -> TermForms:
        """How a glossary rendering is found in its running text."""
        return SPACED if self.spaced else TermForms(spaced=False)

    @cached_property
    def length_ratio(self) -> float:
        """Typical length of a translation into it relative to the English source."""
        return LENGTH_RATIOS.get(self.base, 1.0)

    # Derived.

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def latin(self) -> bool:
        return self.script == "Latn"

    @cached_property
    def foreign_pattern(self) -> re.Pattern[str] | None:
        """Matches a letter or digit of ``foreign_letters``; None when it has none."""
        if not self.foreign_letters:
            return None
        return re.compile("[" + "".join(map(re.escape, self.foreign_letters)) + "]")

    def numbering_system(self, numbering: str = "default") -> str:
        """The numbering system that ``numbering`` names for it: ``default`` its own,
        ``native`` its native digits, or a CLDR name (``latn``, ``arab``, ``arabext``…)."""
        if numbering == "default":
            return self.numbering
        if numbering == "native":
            return self.native_numbering
        if numbering in ZERO_DIGITS:
            return numbering
        known = ", ".join(NUMBERINGS)
        raise UserError(f"unknown list numbering {numbering!r} for {self.code} (known: {known})")

    def digits(self, numbering: str = "default") -> str:
        """Its ten digits in ``numbering`` (see :meth:`numbering_system`)."""
        return digits(self.numbering_system(numbering))

    def counter_style(self, numbering: str = "default") -> str:
        """The CSS counter style that counts in its digits in ``numbering``: "persian"."""
        return COUNTER_STYLES.get(self.numbering_system(numbering), "decimal")

    def localize_digits(self, text: str, numbering: str = "default") -> str:
        """``text`` with 0-9 written in its digits."""
        return text.translate(str.maketrans("0123456789", self.digits(numbering)))

    def typeset(self, text: str) -> str:
        """A translation with its typography rule applied."""
        return self.typography.apply(text) if self.typography else text
