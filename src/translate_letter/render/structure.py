"""Structure localized by rule, not by translators: list numbering in the locale's digits."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from babel import Locale

from ..document import Block

# Babel names a locale's numbering systems (CLDR) but does not substitute digits, so the
# zero of each decimal system used here is listed; the other nine follow it in Unicode.
_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6"}


@cache
def digits_for(lang: str, numbering: str = "default") -> str:
    """The ten digits of ``lang`` in a numbering system named by Babel's locale data.

    ``default`` is the locale's own choice (arabext, i.e. Persian digits, for fa; Latin
    for fr and ar), ``native`` its native digits (Arabic-Indic for ar), or a CLDR name.
    """
    locale = Locale.parse(lang.replace("-", "_"))
    if numbering == "default":
        system = locale.default_numbering_system
    elif numbering == "native":
        system = locale._data["numbering_systems"].get("native", locale.default_numbering_system)
    else:
        system = numbering
    zero = _ZERO.get(system, "0")
    return "".join(chr(ord(zero) + d) for d in range(10))


def localize_digits(text: str, lang: str, numbering: str = "default") -> str:
    return text.translate(str.maketrans("0123456789", digits_for(lang, numbering)))


def marker_localizer(lang: str, numbering: str = "default") -> Callable[[Block, str], str]:
    """A function that renders a list marker in ``lang``: digits localized, bullets kept."""

    def localize(block: Block, marker: str) -> str:
        if block.number is None:
            return marker
        return localize_digits(marker, lang, numbering)

    return localize
