"""Cutting a text that is too long for one request, keeping every whitespace character."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cut first between sentences, then between clauses, then between words.
_BOUNDARIES = (
    re.compile(r"(?<=[.!?…؟])(\s+)"),
    re.compile(r"(?<=[,;:،؛])(\s+)"),
    re.compile(r"(\s+)"),
)


@dataclass(frozen=True)
class Piece:
    """A part of a text: words to translate, or whitespace to keep as it is."""

    text: str
    translate: bool


def split_text(text: str, limit: int | None = None) -> list[Piece]:
    """``text`` as pieces whose concatenation is ``text``: words to translate, none longer
    than ``limit``, and the whitespace around and between them (engines strip it)."""
    core = text.strip()
    if not core:
        return [Piece(text, False)] if text else []
    lead = text[:len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    pieces = [Piece(lead, False)] if lead else []
    for chunk, space in _cut(core, limit, 0):
        pieces.append(Piece(chunk, True))
        if space:
            pieces.append(Piece(space, False))
    if trail:
        pieces.append(Piece(trail, False))
    return pieces


def _cut(text: str, limit: int | None, level: int) -> list[tuple[str, str]]:
    """(chunk, whitespace after it) pairs, each chunk at most ``limit`` characters."""
    if limit is None or len(text) <= limit:
        return [(text, "")]
    if level == len(_BOUNDARIES):
        return [(text[i:i + limit], "") for i in range(0, len(text), limit)]
    parts = _BOUNDARIES[level].split(text)  # text, space, text, space, …, text
    packed: list[tuple[str, str]] = []
    current = parts[0]
    for space, part in zip(parts[1::2], parts[2::2], strict=True):
        if len(current) + len(space) + len(part) <= limit:
            current += space + part
        else:
            packed.append((current, space))
            current = part
    packed.append((current, ""))
    result: list[tuple[str, str]] = []
    for chunk, space in packed:
        if len(chunk) <= limit:
            result.append((chunk, space))
        else:
            smaller = _cut(chunk, limit, level + 1)
            smaller[-1] = (smaller[-1][0], space)
            result += smaller
    return result
