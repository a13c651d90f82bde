"""The one fuzzy matcher of source texts: for ``update``, the memory engine and the editor.

The score is GNU gettext's: ``fstrcmp``, twice the length of the longest common
subsequence of characters over the sum of both lengths (rapidfuzz's normalized Indel
similarity, computed in C).  Candidates come from an index of character 4-grams, as in
msgmerge's ``msgl-fsearch.c``: the entries that share the most 4-grams with the query are
scored, so a query touches a few dozen entries, not the whole catalog.  Very common 4-grams
(in more than :data:`COMMON_SHARE` of the entries) say little about likeness and would make
each query touch most entries, so they are left out of the counting once an index is large.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Hashable
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import Indel

K = TypeVar("K", bound=Hashable)

FLOOR = 0.6  # msgmerge's FUZZY_THRESHOLD: below this, two sources are not alike
GRAM = 4
COMMON_SHARE = 0.05
COMMON_MIN = 200  # a 4-gram in fewer entries than this is never left out
CONTEXT_PENALTY = 0.99  # as msgmerge: a match in another msgctxt counts a little less


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (GNU ``fstrcmp``'s measure)."""
    return Indel.normalized_similarity(a, b)


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
        self._postings: dict[str, list[int]] = {}
        self._short: dict[int, list[int]] = {}  # texts too short to have a 4-gram, by length

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: K, text: str) -> None:
        """Index ``text`` under ``key``."""
        number = len(self._keys)
        self._keys.append(key)
        self._texts.append(text)
        for gram in set(_grams(text)):
            self._postings.setdefault(gram, []).append(number)
        if len(text) < 3 * GRAM:
            self._short.setdefault(len(text), []).append(number)

    def _candidates(self, text: str) -> list[int]:
        """Entries that may be at least :data:`FLOOR` alike: most shared 4-grams first."""
        grams = _grams(text)
        if not grams:  # as msgmerge: compare a short query with every text of a fitting length
            low, high = math.ceil(len(text) * FLOOR / (2 - FLOOR)), len(text) * (2 - FLOOR) // FLOOR
            return [n for length in range(low, int(high) + 1) for n in self._short.get(length, ())]
        common = max(COMMON_MIN, int(COMMON_SHARE * len(self._keys)))
        counts: Counter[int] = Counter()
        for gram in grams:  # counted with multiplicity, as msgmerge does
            posting = self._postings.get(gram)
            if posting and len(posting) <= common:
                counts.update(posting)
        if not counts:  # only common 4-grams: count them after all
            for gram in grams:
                counts.update(self._postings.get(gram, ()))
        # As msgmerge: the square root of the index size, at least ten, best counts first.
        first_few = max(10, math.isqrt(len(self._keys)))
        ranked = heapq.nsmallest(first_few, counts.items(), key=lambda item: (-item[1], item[0]))
        return [number for number, _ in ranked]

    def search(self, text: str, floor: float = FLOOR,
               limit: int | None = 5) -> list[tuple[float, K]]:
        """Up to ``limit`` (all when None) (score, key) whose text is at least ``floor`` like
        ``text``, best first; equal scores keep the order of most shared 4-grams."""
        numbers = self._candidates(text)
        if not numbers:
            return []
        found = process.extract(text, [self._texts[n] for n in numbers],
                                scorer=Indel.normalized_similarity, score_cutoff=floor,
                                limit=limit)
        return [(score, self._keys[numbers[position]]) for _, score, position in found]

    def best(self, text: str, floor: float = FLOOR) -> tuple[float, K] | None:
        """The (score, key) most like ``text`` at ``floor`` or above, or None."""
        found = self.search(text, floor, limit=1)
        return found[0] if found else None
