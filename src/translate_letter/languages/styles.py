"""The fonts of languages as CSS.  Pages mark every element written in a language with
its script (``data-script="Arab"``, from its profile); the stylesheets select on that, and
the font families come from the profiles through :func:`font_rules`."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from .common import Language

GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy",
                              "system-ui", "ui-serif", "ui-sans-serif", "ui-monospace",
                              "math", "emoji", "fangsong"})
_LANGUAGE = re.compile(r"[a-z]{2,8}")


def font_family(fonts: Iterable[str]) -> str:
    """A CSS ``font-family`` value: family names quoted, generic families as they are."""
    return ", ".join(f if f in GENERIC_FAMILIES else f'"{f}"' for f in fonts)


def counter_rules(languages: Iterable[Language]) -> str:
    """CSS that numbers the ordered lists of each language's elements in its digits: pages
    mark them with ``data-counter`` (:meth:`Language.counter_style`)."""
    styles = dict.fromkeys(language.counter_style() for language in languages)
    return "".join(f'ol[data-counter="{style}"] {{ list-style-type: {style}; }}\n'
                   for style in styles)


def font_rules(languages: Iterable[Language], covered: Collection[str] = ()) -> str:
    """CSS that sets the elements of each language's script in that language's fonts.

    The first of ``languages`` written in a script sets the script's fonts
    (``[data-script="Arab"]``); a later one of the same script with other fonts sets its
    own elements' (``[data-script="Arab"]:lang(ur)``).  The scripts in ``covered`` are
    left to the surrounding stylesheet's font.
    """
    rules: list[str] = []
    first: dict[str, tuple[str, ...]] = {}
    for language in languages:
        script = language.script
        selector = f'[data-script="{script}"]'
        if script in covered:
            continue
        if script in first:
            if first[script] == language.fonts or not _LANGUAGE.fullmatch(language.base):
                continue
            selector += f":lang({language.base})"
        else:
            first[script] = language.fonts
        rules.append(f"{selector} {{ font-family: {font_family(language.fonts)}; }}\n")
    return "".join(rules)
