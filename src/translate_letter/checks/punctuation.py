"""Punctuation checks: the ending, balanced brackets and quotes, French spacing.

Arabic and Persian write ؟ ، ؛ where English writes ? , ; — they are the same marks here.
"""

from __future__ import annotations

import re

from ..core.characters import BIDI_CONTROLS, NBSP, NNBSP
from ..languages.fr import FRENCH_SPACING
from .context import CheckContext
from .entry import CheckedEntry, Pair
from .registry import WARNING, pair_check

# What a final mark means, whatever the script writes it with.
_ENDING = {
    ".": "a full stop", "。": "a full stop", "۔": "a full stop", "…": "an ellipsis",
    "?": "a question mark", "؟": "a question mark", "？": "a question mark",
    "!": "an exclamation mark", "！": "an exclamation mark",
    ":": "a colon", "：": "a colon",
    ";": "a semicolon", "؛": "a semicolon", "；": "a semicolon",
    ",": "a comma", "،": "a comma", "，": "a comma", "、": "a comma",
}
# Closing quotes and brackets (and spaces) may stand after or before the final mark.
_TRAILING = set("\"'”’»›)]}」』") | {" ", NBSP, NNBSP, "\u2009", "\t", "\n"}
_INVISIBLE_MARKS = "".join(BIDI_CONTROLS)


def ending(text: str) -> str | None:
    """The meaning of the mark that ends ``text`` (quotes and brackets looked through)."""
    text = re.sub(f"[{_INVISIBLE_MARKS}]+$", "", text)
    position = len(text)
    while position and text[position - 1] in _TRAILING:
        position -= 1
    if position >= 3 and text[position - 3:position] == "...":
        return "an ellipsis"
    return _ENDING.get(text[position - 1]) if position else None


@pair_check("end-punctuation", WARNING, "punctuation",
            "ends with the same mark as the source (؟ ، ؛ equal ? , ;)")
def end_punctuation(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    last = pair.source[-1:]
    if last == pair.target[-1:] and last in _ENDING:
        return None  # the same final mark: the common case, decided at once
    source, target = ending(pair.source), ending(pair.target)
    if source == target:
        return None
    if source is None:
        return f"ends with {target}; the source has no final punctuation"
    if target is None:
        return f"has no final punctuation; the source ends with {source}"
    return f"ends with {target}; the source ends with {source}"


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
# Quotation marks by role; straight double quotes open and close alike.
_OPEN_QUOTES = set("“«„‹")
_CLOSE_QUOTES = set("”»›")
_BRACKETING = re.compile(r"[()\[\]{}“”«»„‹›\"]")


def balance(text: str) -> dict[str, tuple[int, int]]:
    """Per kind of bracket (quotes as one kind): (closers without opener, openers left open)."""
    result: dict[str, tuple[int, int]] = {}
    depth: dict[str, int] = {}
    stray: dict[str, int] = {}
    straight = 0
    for char in _BRACKETING.findall(text):
        if char == '"':
            straight += 1
            continue
        if char in _PAIRS:
            kind = char
        elif char in _CLOSERS:
            kind = _CLOSERS[char]
        else:
            kind = "“"
        opening = char in _PAIRS or char in _OPEN_QUOTES
        if opening:
            depth[kind] = depth.get(kind, 0) + 1
        elif depth.get(kind, 0):
            depth[kind] -= 1
        else:
            stray[kind] = stray.get(kind, 0) + 1
    if straight % 2:
        depth["“"] = depth.get("“", 0) + 1
    for kind in set(depth) | set(stray):
        if depth.get(kind) or stray.get(kind):
            result[kind] = (stray.get(kind, 0), depth.get(kind, 0))
    return result


_KIND_NAMES = {"(": "parentheses", "[": "square brackets", "{": "braces", "“": "quotes"}


@pair_check("brackets", WARNING, "punctuation",
            "brackets and quotes (« » “ ” ( ) [ ]) balanced as in the source")
def brackets(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    if not _BRACKETING.search(pair.target) and not _BRACKETING.search(pair.source):
        return None
    source, target = balance(pair.source), balance(pair.target)
    if source == target:
        return None
    problems = []
    for kind in sorted(set(source) | set(target)):
        (stray_s, open_s), (stray_t, open_t) = source.get(kind, (0, 0)), target.get(kind, (0, 0))
        if stray_t > stray_s:
            problems.append(f"{_KIND_NAMES[kind]} closed without being opened")
        elif open_t > open_s:
            problems.append(f"{_KIND_NAMES[kind]} opened and not closed")
        elif (stray_t, open_t) != (stray_s, open_s):
            problems.append(f"{_KIND_NAMES[kind]} balanced unlike the source")
    return "unbalanced " + "; ".join(problems) if problems else None


@pair_check("french-spacing", WARNING, "punctuation",
            "French spacing, in the languages whose profile follows it: a no-break space "
            "before : ; ! ? and inside « »")
def french_spacing(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    if context.language.typography is not FRENCH_SPACING:
        return None
    return FRENCH_SPACING.problem(pair.target)
