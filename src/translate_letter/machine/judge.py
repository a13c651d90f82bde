"""Every machine answer is judged before it becomes a draft.

An answer that is empty, far longer than its source, in the wrong script for the language,
carrying a character PO tools cannot hold, or missing a placeholder or token is not stored:
it counts as failed, with the reason, is not cached, and is asked again on the next run.
The items of an answer to several texts must each stand on their own text (:func:`misplaced`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..catalog.rules import forbidden_character, max_length
from ..core.characters import share_in_script
from ..core.tokens import token_problems
from ..languages import profile
from .masking import Masked, placeholders, without_placeholders

# Below this share of letters in the language's script, an answer is in another language.
MIN_SCRIPT_SHARE = 0.5


def judge_answer(piece: str, answer: str | None, masked: Masked, target: str) -> str | None:
    """Why ``answer`` cannot stand for ``piece`` (a part of ``masked``'s text) in ``target``,
    or None when it can."""
    if answer is None:
        return "the answer left this text out"
    if not answer.strip():
        return "empty answer"
    char = forbidden_character(answer)
    if char:
        return f"the answer contains {char}, which PO tools cannot hold"
    source, restored = masked.restore(piece, source=True), masked.restore(answer)
    limit = max_length(source)
    if len(restored) > limit:
        return (f"the answer has {len(restored)} characters; at most {limit} (ten times the "
                "source plus 200)")
    lost = masked.lost(piece, answer)
    if lost:
        return f"placeholder lost: {', '.join(lost)}"
    problems = token_problems(source, masked.restore(answer, source=True), target)
    if problems:
        return f"tokens differ: {', '.join(problems)}"
    language = profile(target)
    share = share_in_script(without_placeholders(answer), language.script)
    if share is not None and share < MIN_SCRIPT_SHARE:
        return f"the answer is not written in {language.english_name} script"
    return None


# Whether the items of one answer stand on their own segments, judged by what a faithful
# translation carries over from its source in any language: placeholders, question and
# exclamation marks, colons, brackets and quotation marks, Latin-script words (names,
# acronyms), glossary terms, and a length in proportion (Gale and Church's measure, with the
# answer's own ratio of lengths).
_MARKS = {"?": "?؟", "!": "!", ":": ":", "(": "(", ")": ")", '"': "\"«»“”"}
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_LENGTH_VARIANCE = 6.8  # Gale and Church's variance of lengths, per character
_RATIO_PRIOR = 200  # characters
# How much better a neighbour must fit an item than its own segment for the item to count
# as misplaced (a false alarm costs a request per item, a miss a draft on the wrong segment).
_MISPLACED_MARGIN = 1.0


@dataclass(frozen=True)
class _Anchors:
    length: int
    placeholders: frozenset[int]
    marks: Counter[str]
    words: frozenset[str]
    terms: frozenset[int]


def _anchors(text: str, terms: Sequence[str], source: bool) -> _Anchors:
    bare = without_placeholders(text)
    marks = Counter({mark: sum(bare.count(c) for c in chars) for mark, chars in _MARKS.items()})
    found = bare.casefold() if source else bare
    return _Anchors(len(bare.strip()), frozenset(placeholders(text)), +marks,
                    frozenset(w.casefold() for w in _LATIN_WORD.findall(bare)),
                    frozenset(k for k, term in enumerate(terms) if term and term in found))


def _cost(answer: _Anchors, source: _Anchors, ratio: float) -> float:
    """How badly ``answer`` fits ``source``: 0 for a perfect fit."""
    expected = ratio * source.length
    spread = math.sqrt(max(source.length, 1) * _LENGTH_VARIANCE)
    length = ((answer.length - expected) / spread) ** 2
    marks = (answer.marks - source.marks) + (source.marks - answer.marks)
    return (length + 4 * len(answer.placeholders ^ source.placeholders) + 2 * sum(marks.values())
            + 2 * len(answer.terms ^ source.terms) - len(answer.words & source.words))


def misplaced(texts: Sequence[str], answers: Sequence[str | None],
              terms: Sequence[tuple[str, str]] = ()) -> tuple[int, int] | None:
    """The first answer item that fits another text of the request clearly better than its
    own, as (its index, the index of the text it fits), or None when each item stands on its
    own text.  ``texts`` are the request's (masked) texts, ``terms`` its glossary."""
    given = [(n, a) for n, a in enumerate(answers) if a is not None]
    if len(texts) < 2 or not given:
        return None
    english = [en.casefold() for en, _ in terms]
    renderings = [rendering for _, rendering in terms]
    sources = [_anchors(text, english, source=True) for text in texts]
    found = {n: _anchors(a, renderings, source=False) for n, a in given}
    # The answer's own ratio of lengths, drawn towards 1 while it has little text to tell.
    total = sum(sources[n].length for n, _ in given) + _RATIO_PRIOR
    ratio = min(max((sum(a.length for a in found.values()) + _RATIO_PRIOR) / total, 0.3), 3.0)
    for n, answer in found.items():
        own = _cost(answer, sources[n], ratio)
        best, other = min((_cost(answer, sources[k], ratio), k)
                          for k in range(len(texts)) if k != n)
        if best + _MISPLACED_MARGIN < own:
            return n, other
    return None
