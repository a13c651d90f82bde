"""Checks on what must come through translation unchanged: numbers, UN symbols and
resolution references, URLs and e-mails, format placeholders, markup."""

from __future__ import annotations

import re
import string
from collections import Counter

from ..core.tokens import (
    TokenDifference,
    count_numbers,
    find_tokens,
    number_difference,
    symbol_difference,
)
from .context import CheckContext
from .entry import CheckedEntry, Pair
from .registry import ERROR, WARNING, pair_check


def _listed(values: Counter[str], quote: bool = True) -> str:
    items = sorted(values.elements())
    return ", ".join(f"'{v}'" if quote else v for v in items)


def _differ(what: str, source: Counter[str], target: Counter[str], single: bool = False,
            quote: bool = True) -> str | None:
    """The message "WHAT differ from the source: missing …; not in the source: …", or None.

    A plural form used for a single n may leave items out ("one file" for "%d files").
    """
    missing = Counter() if single else source - target
    return _described(what, TokenDifference(missing, target - source), quote)


def _described(what: str, difference: TokenDifference, quote: bool = True) -> str | None:
    parts = []
    if difference.missing:
        parts.append(f"missing {_listed(difference.missing, quote)}")
    if difference.added:
        parts.append(f"not in the source: {_listed(difference.added, quote)}")
    return f"{what} differ from the source: {'; '.join(parts)}" if parts else None


@pair_check("numbers", ERROR, "numbers",
            "the source's numbers, dates and years, in any digit script and grouping")
def numbers(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    difference = number_difference(pair.source_tokens, pair.target_tokens, pair.single,
                                   pair.source, pair.target, context.lang)
    if entry.plural and pair.source is entry.msgid and difference.missing:
        # A form used for 1 and for other numbers (Russian's 1, 21, 31…) writes the count
        # as msgid_plural does: "Move %(counter)s page" for "Move 1 page".
        plural = count_numbers(find_tokens(entry.msgid_plural))
        difference = TokenDifference(difference.missing & plural, difference.added)
    return _described("numbers", difference, quote=False)


@pair_check("symbols", ERROR, "symbols",
            "UN document symbols, resolution references, URLs and e-mails exactly as in the source")
def symbols(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    return _described("symbols", symbol_difference(pair.source_tokens, pair.target_tokens))


# printf conversions as C and Python read them: %s, %5.2f, %1$s, %(name)s, %ld, %%
_PRINTF = re.compile(
    r"%(?:(?P<position>\d+)\$|\((?P<name>[^)]*)\))?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?"
    r"(?:\.(?:\*(?:\d+\$)?|\d+))?(?:hh|h|ll|l|L|q|j|z|t|I64|I32|I)?"
    r"(?P<conversion>[diouxXeEfFgGaAcCsSpnr%])"
)
# Conversions that take the same kind of argument: swapping them is harmless.
_KIND = {**dict.fromkeys("diu", "d"), **dict.fromkeys("xX", "x"),
         **dict.fromkeys("eEfFgGaA", "f"), **dict.fromkeys("sSr", "s")}


def _printf(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    unnumbered = 0
    for match in _PRINTF.finditer(text):
        conversion = match["conversion"]
        if conversion == "%":
            continue
        kind = _KIND.get(conversion, conversion)
        if match["name"] is not None:
            found[f"%({match['name']}){kind}"] += 1
        elif match["position"] is not None:
            found[f"%{match['position']}${kind}"] += 1
        else:
            # Unnumbered placeholders are consumed in order: the order is part of the key.
            unnumbered += 1
            found[f"%{kind} (#{unnumbered})"] += 1
    return found


class _BadFormat(ValueError):
    pass


def _braces(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    automatic = 0
    try:
        for _, field_name, _, _ in string.Formatter().parse(text):
            if field_name is None:
                continue
            if field_name == "":
                automatic += 1
                field_name = str(automatic - 1)
            found[f"{{{field_name}}}"] += 1
    except ValueError as exc:
        raise _BadFormat(str(exc)) from None
    return found


_FORMATS = {"c-format": _printf, "python-format": _printf, "python-brace-format": _braces}
_BRACE = re.compile(r"\{[^{}]*\}")


def placeholder_spans(text: str, flags: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Where format placeholders stand in ``text``, for an entry with these flags."""
    spans: list[tuple[int, int]] = []
    if flags & {"c-format", "python-format", "javascript-format"}:
        spans += [m.span() for m in _PRINTF.finditer(text)]
    if "python-brace-format" in flags:
        spans += [m.span() for m in _BRACE.finditer(text)]
    return spans


@pair_check("placeholders", ERROR, "format",
            "the source's format placeholders, for entries flagged c-, python- or "
            "python-brace-format")
def placeholders(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    # Babel's python_format checker pairs msgstr[i] with msgid by position and demands
    # every placeholder in every form; gettext lets a form used for a single n (Arabic's
    # zero, one and two) spell the number out, and c-format and brace formats need
    # checking too, hence this check.
    flags = entry.message.flags
    for flag, parse in _FORMATS.items():
        # Babel flags any msgid that looks like a Python format; "no-python-format" says not.
        if flag not in flags or f"no-{flag}" in flags:
            continue
        try:
            source = parse(pair.source)
            target = parse(pair.target)
        except _BadFormat as exc:
            return f"malformed {flag} placeholder ({exc})"
        found = _differ("placeholders", source, target, pair.single)
        if found:
            return found
    return None


_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*)?/?>")


@pair_check("markup", WARNING, "format", "the source's XML/HTML tags")
def markup(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    if "<" not in pair.source and "<" not in pair.target:
        return None
    return _differ("tags", Counter(f"<{m[1]}{m[2]}>" for m in _TAG.finditer(pair.source)),
                   Counter(f"<{m[1]}{m[2]}>" for m in _TAG.finditer(pair.target)))
