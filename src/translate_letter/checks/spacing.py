"""Whitespace and wording checks: edges and line breaks as in the source, double spaces,
a word written twice."""

from __future__ import annotations

import re
from itertools import pairwise

from .context import CheckContext
from .entry import CheckedEntry, Pair
from .registry import WARNING, pair_check

_LEADING = re.compile(r"^\s*")
_TRAILING = re.compile(r"\s*$")


def _edge(space: str) -> str:
    if not space:
        return "no whitespace"
    return "a line break" if "\n" in space else "whitespace"


@pair_check("whitespace", WARNING, "whitespace",
            "leading and trailing whitespace and line breaks as in the source")
def whitespace(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    source, target = pair.source, pair.target
    if (source[:1].isspace(), source[-1:].isspace(), source.count("\n")) == (
            target[:1].isspace(), target[-1:].isspace(), target.count("\n")):
        return None  # the common case, decided without regular expressions
    for where, pattern in (("starts", _LEADING), ("ends", _TRAILING)):
        wanted = _edge(pattern.search(source).group())
        found = _edge(pattern.search(target).group())
        if wanted != found:
            return f"{where} with {found}; the source {where} with {wanted}"
    if source.count("\n") != target.count("\n"):
        return f"has {target.count(chr(10))} line break(s); the source has {source.count(chr(10))}"
    return None


_DOUBLE_SPACE = re.compile(r"[ \u00a0\u202f\u2009]{2,}")


@pair_check("double-space", WARNING, "whitespace", "no double spaces the source does not have")
def double_space(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    if _DOUBLE_SPACE.search(pair.target.strip()) and not _DOUBLE_SPACE.search(pair.source):
        return "double space"
    return None


_REPEATED = re.compile(r"(?<!\w)(\w+)(?:\s+\1)+(?!\w)", re.IGNORECASE)


@pair_check("repeated-words", WARNING, "whitespace", "no word written twice in a row")
def repeated_words(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    words = pair.target.casefold().split()
    if all(a != b for a, b in pairwise(words)):  # the common case, found fast
        return None
    allowed = context.language.repeatable  # "nous nous engageons", Persian "کم کم"
    in_source = {m[1].casefold() for m in _REPEATED.finditer(pair.source)}
    for match in _REPEATED.finditer(pair.target):
        word = match[1]
        if word.isdigit() or word.casefold() in in_source or word in allowed:
            continue
        return f"'{word}' written twice in a row"
    return None
