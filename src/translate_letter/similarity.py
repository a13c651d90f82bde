"""The one fuzzy matcher of source texts: for ``update``, the memory engine and the editor.

The score is GNU gettext's: ``fstrcmp``, twice the length of the longest common
subsequence of characters over the sum of both lengths (rapidfuzz's normalized Indel
similarity, computed in C).  Candidates come from an index of words, in the manner of
msgmerge's ``msgl-fsearch.c`` (which indexes character 4-grams): the entries that share the
most words with the query are scored, so a query touches a few dozen entries, not the whole
catalog.  Words rather than 4-grams because a sentence has six times fewer of them, which
makes the index six times quicker to build, and the exact score decides anyway.  Very common
words (in more than :data:`COMMON_SHARE` of the entries) say little about likeness and would
make each query touch most entries, so they are left out of the counting once an index is
large.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import Indel

K = TypeVar("K", bound=Hashable)

FLOOR = 0.6  # msgmerge's FUZZY_THRESHOLD: below this, two sources are not alike
COMMON_SHARE = 0.05
COMMON_MIN = 200  # a word in fewer entries than this is never left out
SHORT = 12  # a query without a word, up to this long, is compared with texts by length
_SHORT_KEPT = int(SHORT * (2 - FLOOR) / FLOOR)  # the longest text that can be alike
_WORD = re.compile(r"\w+")
CONTEXT_PENALTY = 0.99  # as msgmerge: a match in another msgctxt counts a little less


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (GNU ``fstrcmp``'s measure)."""
    return Indel.normalized_similarity(a, b)


def percent(score: float, identical: bool = False) -> int:
    """A score as the whole percent shown everywhere; 100 only for identical texts."""
    return 100 if identical else min(99, math.floor(score * 100))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class SimilarityIndex(Generic[K]):
    """Texts under keys, searched for the ones most like a query."""

    def __init__(self) -> None:
        self._keys: list[K] = []
        self._texts: list[str] = []
        self._postings: dict[str, list[int]] = {}
        self._short: dict[int, list[int]] = {}  # short texts by length

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: K, text: str) -> None:
        """Index ``text`` under ``key``."""
        number = len(self._keys)
        self._keys.append(key)
        self._texts.append(text)
        postings = self._postings
        for word in set(_words(text)):
            posting = postings.get(word)
            if posting is None:
                postings[word] = [number]
            else:
                posting.append(number)
        if len(text) <= _SHORT_KEPT:
            self._short.setdefault(len(text), []).append(number)

    def _candidates(self, text: str) -> list[int]:
        """Entries that may be at least :data:`FLOOR` alike: most shared words first."""
        words = _words(text)
        if not words:  # as msgmerge: compare a short query with every text of a fitting length
            if len(text) > SHORT:
                return []
            low, high = math.ceil(len(text) * FLOOR / (2 - FLOOR)), len(text) * (2 - FLOOR) // FLOOR
            return [n for length in range(low, int(high) + 1) for n in self._short.get(length, ())]
        common = max(COMMON_MIN, int(COMMON_SHARE * len(self._keys)))
        counts: Counter[int] = Counter()
        for word in words:  # counted with multiplicity, as msgmerge does
            posting = self._postings.get(word)
            if posting and len(posting) <= common:
                counts.update(posting)
        if not counts:  # only common words: count them after all
            for word in words:
                counts.update(self._postings.get(word, ()))
        # As msgmerge: the square root of the index size, at least ten, best counts first
        # (equal counts in the order the entries were first met).
        first_few = max(10, math.isqrt(len(self._keys)))
        return [number for number, _ in counts.most_common(first_few)]

    def search(self, text: str, floor: float = FLOOR,
               limit: int | None = 5) -> list[tuple[float, K]]:
        """Up to ``limit`` (all when None) (score, key) whose text is at least ``floor`` like
        ``text``, best first; equal scores keep the order of most shared words."""
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
