"""Facts about the languages the project works in, from Babel's locale data: names,
writing direction.  (Scripts, digits, bidi and invisible characters join them here.)"""

from __future__ import annotations

from babel import Locale
from babel.core import get_global


def _locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def language_name(lang: str) -> str:
    """The language's own name for itself (Babel): "فارسی", "Français", "English"."""
    name = _locale(lang).display_name or lang
    return name[:1].upper() + name[1:]


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left (Babel's locale data)."""
    return _locale(lang).character_order == "right-to-left"


def language_tag(lang: str) -> str:
    """A language tag with its likely region, as Word and Open Graph want: fa → fa-IR."""
    if "-" in lang or "_" in lang:
        return lang.replace("_", "-")
    likely = get_global("likely_subtags").get(lang)  # e.g. "fa_Arab_IR"
    return f"{lang}-{likely.split('_')[-1]}" if likely else lang
