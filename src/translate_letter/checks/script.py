"""Checks on the writing system: letters of the right script, Latin left in Persian or
Arabic text, bidi controls, kashida and invisible characters."""

from __future__ import annotations

import re
import unicodedata

from ..locales import BIDI_CONTROLS, BIDI_OPENERS, INVISIBLE, PDF, PDI, TATWEEL, ZWJ, ZWNJ
from ..tokens import VERBATIM_KINDS
from .content import placeholder_spans
from .context import CheckContext
from .entry import Entry, Pair
from .registry import WARNING, pair_check


@pair_check("script", WARNING, "script",
            "Persian text uses Persian ی ک and digits, Arabic text Arabic ي ك and digits")
def script(pair: Pair, entry: Entry, context: CheckContext) -> str | None:
    foreign = context.language.foreign_letters
    if not foreign or not context.language.foreign_pattern.search(pair.target):
        return None
    found = sorted(set(pair.target).intersection(foreign))
    listed = ", ".join(f"{c} (use {foreign[c]})" for c in found)
    return f"letters or digits of another language in {context.language.name} text: {listed}"


_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


@pair_check("latin", WARNING, "script",
            "no Latin words left in non-Latin-script text, except glossary names, acronyms "
            "and symbols")
def latin(pair: Pair, entry: Entry, context: CheckContext) -> str | None:
    if context.language.latin or not _LATIN_WORD.search(pair.target):
        return None
    spans = [(t.start, t.end) for t in pair.target_tokens if t.kind in VERBATIM_KINDS]
    spans += placeholder_spans(pair.target, entry.message.flags)
    words = _LATIN_WORD.findall(_without(pair.target, spans))
    if not words:
        return None
    # A translation may keep the source's acronyms, and names as the glossary writes them.
    allowed = set(_ACRONYM.findall(pair.source))
    for term in pair.terms:
        if term.is_name:
            allowed.update(_LATIN_WORD.findall(term.en))
        allowed.update(_LATIN_WORD.findall(term.rendering(context.lang) or ""))
    left = list(dict.fromkeys(w for w in words if w not in allowed))
    if not left:
        return None
    shown = ", ".join(f"'{w}'" for w in left[:4]) + (", …" if len(left) > 4 else "")
    return f"Latin words left in {context.language.name} text: {shown}"


_BIDI = re.compile(f"[{''.join(BIDI_CONTROLS)}]")
_OPENERS = BIDI_OPENERS
_NAMES = BIDI_CONTROLS


def _bidi_problem(text: str) -> str | None:
    stack: list[str] = []
    for char in _BIDI.findall(text):
        if char in _OPENERS:
            stack.append(_OPENERS[char])
        elif char == PDF:  # PDF closes the innermost embedding, never across an isolate
            if not stack or stack[-1].endswith("I"):
                return "stray bidi control PDF (nothing to close)"
            stack.pop()
        elif char == PDI:  # PDI closes the innermost isolate and what it encloses
            if not any(s.endswith("I") for s in stack):
                return "stray bidi control PDI (no isolate to close)"
            while not stack.pop().endswith("I"):
                pass
    if stack:
        return f"unclosed bidi control {', '.join(stack)}"
    return None


@pair_check("bidi", WARNING, "script",
            "bidi controls balanced, no overrides, none in left-to-right text")
def bidi(pair: Pair, entry: Entry, context: CheckContext) -> str | None:
    if not _BIDI.search(pair.target):
        return None
    problem = _bidi_problem(pair.target)
    if problem:
        return problem
    added = sorted({_NAMES[c] for c in _BIDI.findall(pair.target)}
                   - {_NAMES[c] for c in _BIDI.findall(pair.source)})
    if not added:
        return None
    overrides = [name for name in added if name in ("LRO", "RLO")]
    if overrides:
        return f"bidi override {', '.join(overrides)} reverses how the text is displayed"
    if not context.language.rtl:
        return f"bidi control {', '.join(added)} in left-to-right text"
    return None


@pair_check("kashida", WARNING, "script", "no kashida (tatweel ـ) stretching Arabic letters")
def kashida(pair: Pair, entry: Entry, context: CheckContext) -> str | None:
    if TATWEEL in pair.target and TATWEEL not in pair.source:
        return "kashida (tatweel ـ) used to stretch letters"
    return None


_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_JOINERS = re.compile(f"[{ZWNJ}{ZWJ}]")
_LOOSE_ZWNJ = re.compile(rf"{ZWNJ}(?=[\s{ZWNJ}]|$)|(?:^|(?<=\s)){ZWNJ}")


@pair_check("invisible", WARNING, "script",
            "no zero-width spaces, soft hyphens or misplaced zero-width (non-)joiners")
def invisible(pair: Pair, entry: Entry, context: CheckContext) -> str | None:
    found = set(_INVISIBLE.findall(pair.target))
    if context.language.spaced:
        found.update(_JOINERS.findall(pair.target))
    found -= set(pair.source) if found else set()
    if found:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c).lower()}" for c in sorted(found))
        return f"invisible character {names}"
    if _LOOSE_ZWNJ.search(pair.target):
        return "zero-width non-joiner next to a space or at an edge of the text"
    return None
