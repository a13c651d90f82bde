"""Checks on the writing system: letters of the right script, Latin left in Persian or
Arabic text, bidi controls, kashida and invisible characters."""

from __future__ import annotations

import re
import unicodedata

from ..core.characters import BIDI_CONTROLS, BIDI_OPENERS, INVISIBLE, PDF, PDI, TATWEEL, ZWJ, ZWNJ
from ..core.tokens import VERBATIM_KINDS
from .content import placeholder_spans
from .context import LATIN_WORD, CheckContext
from .entry import CheckedEntry, Pair
from .registry import WARNING, pair_check


@pair_check("script", WARNING, "script",
            "no letters or digits the language's profile names as another's: Persian "
            "writes ی ک and its digits, not Arabic ي ك, Arabic the reverse")
def script(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    language = context.language
    if language.foreign_pattern is None or not language.foreign_pattern.search(pair.target):
        return None
    foreign = language.foreign_letters
    found = sorted(set(pair.target).intersection(foreign))
    listed = ", ".join(f"{c} (use {foreign[c]})" for c in found)
    return f"letters or digits of another language in {language.english_name} text: {listed}"




def _without(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


# A word with a capital after its first letter: an acronym or a product (EPUB, IPv, OAuth,
# reStructuredText); a single capital (the C of "C API", the N of "N processes").
_ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b|\b[A-Z]\b")
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]+\b")
# Code, file names, options and placeholders: a source word joined to one of these is kept
# as written (html_sidebars, conf.py, IPv4, [stderr], :scale:, --full, sphinx-quickstart).
_CODE = re.compile(r"[_./\\:@#=<>\[\]{}`*$%&|~^+\d-]|\w\(\)")
_QUOTES = "\"'“”‘’«»"
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|«([^»]+)»|`([^`]+)`|<<(.+?)>>|\'([^\'\s]+)\'|'
                     r"‘([^’\s]+)’")


def _literal_words(source: str) -> set[str]:
    """Words of ``source`` (casefolded) that are code, file names or quoted literals."""
    literal = []
    for token in source.split():
        token = token.strip(_QUOTES).rstrip(".,;!?")
        if not token.startswith(":"):  # :scale: is reStructuredText, "Error:" is not code
            token = token.rstrip(":")
        if token.count("(") != token.count(")"):
            token = token.strip("()")
        if _CODE.search(token):
            literal.append(token)
    literal += ["".join(groups) for groups in _QUOTED.findall(source)]
    return {word.casefold() for text in literal for word in LATIN_WORD.findall(text)}


@pair_check("latin", WARNING, "script",
            "no Latin words left in non-Latin-script text, except glossary names, acronyms, "
            "code, file names, quoted literals and symbols")
def latin(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    if context.language.latin or not LATIN_WORD.search(pair.target):
        return None
    spans = [(t.start, t.end) for t in pair.target_tokens if t.kind in VERBATIM_KINDS]
    spans += placeholder_spans(pair.target, entry.message.flags)
    words = LATIN_WORD.findall(_without(pair.target, spans))
    if not words:
        return None
    # A translation may keep the source's acronyms, code, file names and quoted literals,
    # and names as the glossary writes them.  Without a glossary (another project's
    # catalogs) the check cannot tell a product's name from a word left untranslated, so
    # the source's capitalized words may stay, and the words the catalog keeps in Latin in
    # several entries (html, epub): the team's habit stands for a glossary.
    allowed = _literal_words(pair.source)
    allowed.update(w.casefold() for w in _ACRONYM.findall(pair.source))
    if not context.glossary.terms:
        allowed.update(w.casefold() for w in _CAPITALIZED.findall(pair.source))
        allowed.update(context.kept_latin)
    for term in pair.terms:
        if term.is_name:
            allowed.update(w.casefold() for w in LATIN_WORD.findall(term.en))
        allowed.update(w.casefold() for w in LATIN_WORD.findall(term.rendering(context.lang)
                                                                  or ""))
    source_words = {w.casefold() for w in LATIN_WORD.findall(pair.source)}
    left = list(dict.fromkeys(w for w in words if w.casefold() not in allowed
                              and not (w.isupper() and w.casefold() in source_words)))
    if not left:
        return None
    shown = ", ".join(f"'{w}'" for w in left[:4]) + (", …" if len(left) > 4 else "")
    return f"Latin words left in {context.language.english_name} text: {shown}"


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
def bidi(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
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
def kashida(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    if TATWEEL in pair.target and TATWEEL not in pair.source:
        return "kashida (tatweel ـ) used to stretch letters"
    return None


_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_JOINERS = re.compile(f"[{ZWNJ}{ZWJ}]")
_LOOSE_ZWNJ = re.compile(rf"{ZWNJ}(?=[\s{ZWNJ}]|$)|(?:^|(?<=\s)){ZWNJ}")


@pair_check("invisible", WARNING, "script",
            "no zero-width spaces, soft hyphens or misplaced zero-width (non-)joiners")
def invisible(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
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
