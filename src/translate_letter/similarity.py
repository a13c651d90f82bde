"""Fuzzy matching of source texts, for translation memory in pretranslation and the editor."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def similar(text: str, items: Iterable[T], source: Callable[[T], str],
            floor: float) -> list[tuple[float, T]]:
    """(difflib ratio, item) for every item whose source is at least ``floor`` (0–1) like
    ``text``, best first."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(text)  # difflib caches what it learns about the second sequence
    found: list[tuple[float, T]] = []
    for item in items:
        other = source(item)
        # Cheap upper bounds first: most candidates are far too different to be worth a diff.
        if 2 * min(len(text), len(other)) / ((len(text) + len(other)) or 1) < floor:
            continue
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= floor:
            found.append((ratio, item))
    found.sort(key=lambda pair: -pair[0])
    return found
