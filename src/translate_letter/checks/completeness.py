"""Completeness checks: untranslated, unreviewed, copied, cut short or padded, plural forms."""

from __future__ import annotations

import re

from ..catalog.states import (
    APPROVED,
    DRAFT,
    SUSPECT_CONTEXT,
    State,
    comment_values,
    is_approved,
)
from .context import CheckContext
from .entry import CheckedEntry, Pair
from .registry import ERROR, WARNING, entry_check, pair_check


@entry_check("untranslated", WARNING, "completeness", "every entry and plural form translated")
def untranslated(entry: CheckedEntry, context: CheckContext) -> str | None:
    if entry.state is State.UNTRANSLATED:
        return "not translated"
    if entry.plural:
        empty = [str(i) for i, form in enumerate(entry.translations) if not form]
        if empty:
            return f"plural form(s) {', '.join(empty)} not translated"
    return None


@entry_check("draft", WARNING, "completeness", "no unreviewed draft left", restates_state=True)
def draft(entry: CheckedEntry, context: CheckContext) -> str | None:
    if entry.state is not State.DRAFT:
        return None
    origin = comment_values(entry.message, DRAFT)
    return f"unreviewed draft ({origin[-1]})" if origin else "unreviewed draft (fuzzy)"


@entry_check("suspect-context", ERROR, "completeness",
             "no draft from a request that carried text a language model may take for "
             "instructions")
def suspect_context(entry: CheckedEntry, context: CheckContext) -> str | None:
    found = comment_values(entry.message, SUSPECT_CONTEXT)
    if entry.state is not State.DRAFT or not found:
        return None
    return (f"drafted from a request that held instruction-like text (“{found[-1]}”): "
            "compare it with the source before anyone keeps it")


@entry_check("approval-void", WARNING, "completeness",
             "no approval left over from a text that has changed since")
def approval_void(entry: CheckedEntry, context: CheckContext) -> str | None:
    approvals = comment_values(entry.message, APPROVED)
    if approvals and entry.state is not State.DRAFT and not is_approved(entry.message):
        return f"approval void: the text changed after it was approved ({approvals[-1]})"
    return None


@entry_check("plurals", ERROR, "completeness",
             "as many plural forms as the catalog's Plural-Forms header says")
def plurals(entry: CheckedEntry, context: CheckContext) -> str | None:
    if not entry.plural:
        if len(entry.translations) > 1:
            return "plural forms for an entry without msgid_plural"
        return None
    expected = context.nplurals
    if expected and len(entry.translations) != expected:
        count = len(entry.translations)
        return (f"{count} plural form{'s' if count != 1 else ''}; the catalog's Plural-Forms "
                f"header says {expected}")
    return None


_NOT_WORDING = re.compile(r"[\W\d_]+")


def _only_names_and_tokens(pair: Pair, context: CheckContext) -> bool:
    """Whether the source is nothing but names, numbers and symbols (a copy is right)."""
    text = pair.source
    spans = [(t.start, t.end) for t in pair.source_tokens]
    for term in pair.terms:
        rendering = term.rendering(context.lang)
        if term.is_name or rendering is None or rendering == term.en:
            spans += [m.span() for m in term.pattern.finditer(text)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return not _NOT_WORDING.sub("", text)


@pair_check("same-as-source", WARNING, "completeness",
            "translated, not copied (unless the source is only names, numbers or symbols)")
def same_as_source(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    if " ".join(pair.target.split()).casefold() != " ".join(pair.source.split()).casefold():
        return None
    if _only_names_and_tokens(pair, context):
        return None
    return "same as the source"


# A sentence ends at . ! ? ؟ … (closing quotes allowed), before a space and then a capital, a
# digit or a letter of a script without case; an initial or an abbreviation does not end one.
_SENTENCE_END = re.compile(r"([.!?؟。！？…]+)[\"'”’»)\]]*\s+(?=[\"“«(\[]?\w)")
_LAST_WORD = re.compile(r"\w*$")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "art", "arts", "para",
                  "paras", "vol", "cf", "vs", "etc", "p", "pp", "m", "mme", "mm",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                  "dec", "ch", "ibid", "op", "al"}


def sentence_count(text: str) -> int:
    """How many sentences ``text`` holds, by its sentence-ending marks."""
    text = text.strip()
    count = 1
    for match in _SENTENCE_END.finditer(text):
        if text[match.end()].islower():
            continue
        if match[1] == ".":
            word = _LAST_WORD.search(text, max(0, match.start() - 12), match.start())[0]
            if len(word) == 1 or word.casefold() in _ABBREVIATIONS:
                continue
        count += 1
    return count


@pair_check("sentence-count", WARNING, "completeness", "as many sentences as the source")
def sentences(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    source, target = sentence_count(pair.source), sentence_count(pair.target)
    if source == target:
        return None
    return f"{target} sentence(s); the source has {source}"


_MIN_LENGTH = 20


@pair_check("length", WARNING, "completeness",
            "length within half to double the language's usual ratio to the source")
def length(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    source = len(pair.source.strip())
    if source < _MIN_LENGTH:
        return None
    ratio = len(pair.target.strip()) / source
    usual = context.language.length_ratio
    if ratio < usual / 2:
        return f"{ratio:.0%} of the source's length, far shorter than usual"
    if ratio > usual * 2:
        return f"{ratio:.0%} of the source's length, far longer than usual"
    return None
