"""French: what CLDR does not say of it.  CLDR gives it left to right, the Latin script and
Latin digits; its fonts are the Latin script's."""

from __future__ import annotations

import re

from ..core.characters import NBSP, NNBSP
from ..core.tokens import find_tokens
from .common import Language, Typography

# A narrow no-break space before ; ! ? and inside « », a no-break space before :.  Only
# where the mark closes a phrase (followed by a space, a closing mark or the end), so that
# "10:30" and ratios are left alone; protected tokens are never touched.
_SPACES = "[ \u00a0\u202f]*"
_CLOSES = r"(?=[\s»”’\")\]]|[;:!?.…]|$)"
_FRENCH = re.compile(
    rf"(?<=[^\s;:!?«(\[]){_SPACES}(?P<high>[;!?]){_CLOSES}"
    rf"|(?<=[^\s;:!?«(\[]){_SPACES}(?P<colon>:){_CLOSES}"
    rf"|(?P<open>«){_SPACES}"
    rf"|{_SPACES}(?P<close>»)"
)


def french_typography(text: str) -> str:
    """``text`` with French spacing around ; : ! ? « », protected tokens left as they are."""
    protected = [(t.start, t.end) for t in find_tokens(text)]

    def space(match: re.Match[str]) -> str:
        mark = match.lastgroup or ""
        at = match.start(mark)
        if any(start <= at < end for start, end in protected):
            return match.group()
        if mark == "open":
            return "«" + NNBSP
        if mark == "close":
            return NNBSP + "»"
        return (NBSP if mark == "colon" else NNBSP) + match.group(mark)

    return _FRENCH.sub(space, text)


_NO_BREAK = (NBSP, NNBSP)
_HIGH_MARKS = re.compile(r"(.?)([:;!?]+)")
_OPEN_GUILLEMET = re.compile(r"«(.?)")
_CLOSE_GUILLEMET = re.compile(r"(.?)»")


def french_spacing_problem(text: str) -> str | None:
    """What ``text`` does against French spacing: a breaking or missing space before
    : ; ! ? or inside « »; None when nothing."""
    for match in _HIGH_MARKS.finditer(text):
        before, mark = match.groups()
        after = text[match.end():match.end() + 1]
        if not before or (after and not after.isspace() and after not in "»”)]"):
            continue  # at the start, or inside a URL, a time or a ratio
        if before not in _NO_BREAK:
            found = "a breaking space" if before.isspace() else "no space"
            return f"needs a no-break space before '{mark[0]}' (found {found})"
    for match in _OPEN_GUILLEMET.finditer(text):
        if match[1] and match[1] not in _NO_BREAK:
            return "needs a no-break space after «"
    for match in _CLOSE_GUILLEMET.finditer(text):
        if match[1] and match[1] not in _NO_BREAK:
            return "needs a no-break space before »"
    return None


FRENCH_SPACING = Typography(french_typography, french_spacing_problem)


class French(Language):
    length_ratio = 1.2
    # "nous nous engageons", "vous vous souvenez": a pronoun and its reflexive.
    repeatable = frozenset({"nous", "vous"})
    typography = FRENCH_SPACING
