"""One home for what the product knows of each language: :func:`profile` gives a
:class:`Language` for a code.

The common profile (:mod:`.common`) takes direction, script, numbering, names and plural
rules from CLDR through Babel, and fonts and spacing from the script.  A language whose
writing needs more — foreign letters, a length ratio, words it repeats, a typography rule,
other fonts or digits — has a profile of its own: a subclass of :class:`Language`
registered in the ``translate_letter.languages`` entry-point group under its language code,
as Babel registers extractors.  The package registers its own (``fa``, ``fr``, ``ar``) so;
a site adds one by installing a package that registers it, without editing this one, and a
site's profile replaces the package's for the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.metadata import EntryPoint

from ..core.errors import UserError
from ..core.glossary import TermForms
from ..core.plugins import LANGUAGES, load, registered
from .common import DIRECTIONS, NUMBERINGS, Language, Typography, base_language
from .styles import counter_rules, font_family, font_rules

__all__ = ["ENTRY_POINT_GROUP", "NUMBERINGS", "Language", "Typography", "base_language",
           "counter_rules", "font_family", "font_rules", "profile", "profiles"]

ENTRY_POINT_GROUP = LANGUAGES


def _registered() -> dict[str, EntryPoint]:
    """The registered profile of each language code; a site's before the package's own."""
    return registered(ENTRY_POINT_GROUP)


def _load(point: EntryPoint) -> type[Language]:
    return load(ENTRY_POINT_GROUP, point, Language)  # type: ignore[return-value]


_SCRIPT = re.compile(r"[A-Z][a-z]{3}")
# A family name goes into stylesheets between double quotes: nothing that ends them.
_FAMILY = re.compile(r"[^\"\\<>{};\x00-\x1f\x7f]+")


def _problem(language: Language) -> str | None:
    """What is wrong with a profile's values (a site's module may set anything), or None."""
    if language.direction not in DIRECTIONS:
        return f"direction must be one of {', '.join(DIRECTIONS)}, not {language.direction!r}"
    if not (isinstance(language.script, str) and _SCRIPT.fullmatch(language.script)):
        return f"script must be an ISO 15924 code such as 'Arab', not {language.script!r}"
    for name in ("numbering", "native_numbering"):
        value = getattr(language, name)
        if value not in NUMBERINGS[2:]:
            return f"{name} must be a decimal numbering system ({', '.join(NUMBERINGS[2:])}), " \
                   f"not {value!r}"
    fonts = language.fonts
    if not (isinstance(fonts, tuple) and fonts and all(
            isinstance(f, str) and _FAMILY.fullmatch(f) for f in fonts)):
        return f"fonts must be a non-empty tuple of font family names, not {fonts!r}"
    letters = language.foreign_letters
    if not (isinstance(letters, Mapping) and all(
            isinstance(k, str) and isinstance(v, str) and len(k) == 1 for k, v in letters.items())):
        return "foreign_letters must map single characters to what to write instead"
    ratio = language.length_ratio
    if not (isinstance(ratio, int | float) and not isinstance(ratio, bool) and ratio > 0):
        return f"length_ratio must be a positive number, not {ratio!r}"
    if not (isinstance(language.repeatable, frozenset | set) and all(
            isinstance(w, str) for w in language.repeatable)):
        return "repeatable must be a set of words"
    checks = (("typography", Typography), ("term_forms", TermForms),
              ("draft_notice", str), ("watermark", str))
    for name, kind in checks:
        value = getattr(language, name)
        if value is not None and not isinstance(value, kind):
            return f"{name} must be a {kind.__name__} or None, not {value!r}"
    return None


@cache
def profile(code: str) -> Language:
    """The profile of the language ``code`` (``fa``, ``fa-IR``, ``fa_IR``): its registered
    profile, else the common one.  A registered profile that cannot be loaded or holds a
    wrong value is a :class:`UserError` naming it."""
    point = _registered().get(base_language(code))
    if point is None:
        return Language(code)
    language = _load(point)(code)
    problem = _problem(language)
    if problem:
        raise UserError(f"language profile {point.name!r} ({point.value}): {problem}")
    return language


def profiles(codes: Iterable[str]) -> list[Language]:
    """The profiles of ``codes``, each once, in order."""
    return [profile(code) for code in dict.fromkeys(codes)]
