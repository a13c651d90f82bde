"""The one fuzzy matcher of source texts: for ``update``, the memory engine and the editor.

It finds what GNU msgmerge finds (``msgl-fsearch.c``, ``fstrcmp.c``):

- the score is ``fstrcmp``'s: twice the length of the longest common subsequence over the
  sum of both lengths, counted in bytes of UTF-8 as msgmerge counts them (rapidfuzz's Indel
  similarity, computed in C);
- a text of four characters or more is alike only to texts that share one of its
  character 4-grams with it; a shorter one is compared with every short text of a length
  that can reach the threshold;
- among equal scores, msgmerge's order decides: the text that shares the most 4-grams
  (counted once per 4-gram of the query) first, then the first added.

msgmerge scores every text that shares a 4-gram, which in prose is nearly every text;
so does this index, but in C and only over the texts whose length can reach the
threshold (a text of *n* bytes can be 60 % like one of 3n/7 to 7n/3 bytes), and it computes
the 4-grams of the few texts that pass the threshold only.  Words are not enough: ``Delete``
and ``Deleted:`` share no word but are 86 % alike.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import Indel

K = TypeVar("K", bound=Hashable)

FLOOR = 0.6  # msgmerge's FUZZY_THRESHOLD: below this, two sources are not alike
GRAM = 4  # msgmerge's n-grams
SHORT_BYTES = (GRAM - 1) * 4  # a text under four characters has at most this many bytes
_REACH = 2 / FLOOR - 1  # a text of l bytes can be alike to l / _REACH ... l * _REACH bytes
SHORT_KEPT = int(SHORT_BYTES * _REACH)  # the longest text a short one can be alike to
_MARGIN = 1e-6  # rapidfuzz misses a score right at its cutoff (0.6 for 12 of 20 bytes)
CONTEXT_BONUS = 0.00001  # msgmerge: a match in the same msgctxt (or none) counts a little more


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (GNU ``fstrcmp``'s measure, over UTF-8 bytes)."""
    return _score(a.encode("utf-8"), b.encode("utf-8"))


def _score(a: bytes, b: bytes) -> float:
    """``fstrcmp`` exactly as msgmerge computes it, in the same double arithmetic."""
    total = len(a) + len(b)
    return 1.0 if total == 0 else (total - Indel.distance(a, b)) / total


def percent(score: float, identical: bool = False) -> int:
    """A score as the whole percent shown everywhere; 100 only for identical texts."""
    return 100 if identical else min(99, math.floor(score * 100))


def _grams(text: str) -> list[str]:
    return [text[i:i + GRAM] for i in range(len(text) - GRAM + 1)]


class SimilarityIndex(Generic[K]):
    """Texts under keys, searched for the ones most like a query."""

    def __init__(self) -> None:
        self._keys: list[K] = []
        self._texts: list[str] = []
        self._data: list[bytes] = []
        self._by_length: list[int] = []  # entry numbers, shortest text first
        self._lengths: list[int] = []  # their byte lengths, for bisection
        self._sorted_data: list[bytes] = []

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: K, text: str) -> None:
        """Index ``text`` under ``key``."""
        self._keys.append(key)
        self._texts.append(text)
        self._data.append(text.encode("utf-8"))
        self._by_length.clear()

    def _sort(self) -> None:
        if len(self._by_length) != len(self._data):
            self._by_length = sorted(range(len(self._data)), key=lambda n: len(self._data[n]))
            self._sorted_data = [self._data[n] for n in self._by_length]
            self._lengths = [len(data) for data in self._sorted_data]

    def _within(self, shortest: int, longest: int) -> range:
        """Positions in length order of the texts of ``shortest`` to ``longest`` bytes."""
        return range(bisect_left(self._lengths, shortest), bisect_right(self._lengths, longest))

    def _candidates(self, text: str, data: bytes, floor: float) -> list[tuple[float, int, int]]:
        """(score, -order, number) of the entries msgmerge would weigh for ``text`` that are
        at least ``floor`` alike; a larger ``order`` comes later in msgmerge's search."""
        self._sort()
        size = len(data)
        if len(text) < GRAM:
            if size == 0:
                return []
            shortest = math.ceil(size / _REACH)
            positions = self._within(shortest, min(int(size * _REACH), SHORT_KEPT))
            found = []
            for position in positions:
                number = self._by_length[position]
                score = _score(data, self._data[number])
                if score >= floor:  # in length order, then as added
                    found.append((score, -position, number))
            return found
        reach = (2 - floor) / floor if floor > 0 else math.inf
        positions = self._within(math.floor(size / reach), math.ceil(size * reach))
        if not positions:
            return []
        # rapidfuzz finds the few texts near the threshold; the exact score and msgmerge's
        # 4-gram rule are applied to those only.
        near = process.extract(data, self._sorted_data[positions.start:positions.stop],
                               scorer=Indel.normalized_similarity,
                               score_cutoff=max(floor - _MARGIN, 0), limit=None)
        grams = _grams(text)
        found = []
        for _, _, position in near:
            number = self._by_length[positions.start + position]
            score = _score(data, self._data[number])
            if score < floor:
                continue
            theirs = set(_grams(self._texts[number]))
            shared = sum(1 for gram in grams if gram in theirs)
            if shared:
                found.append((score, shared * len(self._keys) - number, number))
        return found

    def search(self, text: str, floor: float = FLOOR,
               limit: int | None = 5) -> list[tuple[float, K]]:
        """Up to ``limit`` (all when None) (score, key) whose text is at least ``floor`` like
        ``text``, best first; equal scores in msgmerge's order."""
        found = sorted(self._candidates(text, text.encode("utf-8"), floor), reverse=True)
        return [(score, self._keys[number]) for score, _, number in found[:limit]]

    def best(self, text: str, floor: float = FLOOR) -> tuple[float, K] | None:
        """The (score, key) most like ``text`` at ``floor`` or above, or None."""
        found = self.search(text, floor, limit=1)
        return found[0] if found else None

    def closest(self, text: str, favoured: Callable[[K], bool]) -> K | None:
        """The key msgmerge would choose for ``text``: the highest score above
        :data:`FLOOR`, a :data:`CONTEXT_BONUS` added for ``favoured`` keys (msgmerge's
        same-or-no msgctxt), equal weights in msgmerge's order."""
        best, best_weight = None, FLOOR
        found = self._candidates(text, text.encode("utf-8"), FLOOR)
        for score, _, number in sorted(found, key=lambda item: item[1], reverse=True):
            key = self._keys[number]
            weight = score + CONTEXT_BONUS if favoured(key) else score
            if weight > best_weight:
                best, best_weight = key, weight
        return best
