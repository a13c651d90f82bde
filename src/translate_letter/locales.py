"""Facts about the languages the project works in, from Babel's locale data: names,
writing direction.  (Scripts, digits, bidi and invisible characters join them here.)"""

from __future__ import annotations

from babel import Locale


def _locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def language_name(lang: str) -> str:
    """The language's own name for itself (Babel): "فارسی", "Français", "English"."""
    name = _locale(lang).display_name or lang
    return name[:1].upper() + name[1:]


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left (Babel's locale data)."""
    return _locale(lang).character_order == "right-to-left"
