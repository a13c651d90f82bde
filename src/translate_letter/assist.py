"""What the editor offers beside the source: the word diff of a changed source, memory
matches from the other entries, glossary terms, and QA findings."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from babel.messages.catalog import Catalog, Message

from .checks import CHECKS, CheckContext, check_entry
from .glossary import Glossary
from .similarity import FLOOR, SimilarityIndex, percent

log = logging.getLogger(__name__)

MEMORY_RESULTS = 5
K = TypeVar("K", bound=Hashable)
_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(``equal`` | ``delete`` | ``insert``, text) runs that turn ``before`` into ``after``."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("delete", "".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("insert", "".join(new[j1:j2])))
    return runs


@dataclass(frozen=True)
class Candidate:
    """A translated entry that may serve as translation memory."""

    doc: str
    source: str
    translation: str
    state: str


class MemoryIndex(Generic[K]):
    """The editor's translation memory for one language: every source indexed once, under a
    key; translations and states are read when asked, so a save needs no re-indexing."""

    def __init__(self, sources: Iterable[tuple[K, str]]) -> None:
        self.index: SimilarityIndex[K] = SimilarityIndex()
        for key, source in sources:
            self.index.add(key, source)

    def matches(self, source: str, candidate: Callable[[K], Candidate | None]) -> list[dict]:
        """The translated entries whose source is most like ``source``, best first;
        ``candidate`` gives the entry under a key, or None to pass it over."""
        found = []
        for score, key in self.index.search(source, FLOOR, limit=None):
            other = candidate(key)
            if other is not None:
                found.append({"similarity": percent(score, other.source == source),
                              "source": other.source, "translation": other.translation,
                              "state": other.state, "doc": other.doc})
                if len(found) == MEMORY_RESULTS:
                    break
        return found


def glossary_terms(glossary: Glossary, source: str, lang: str) -> list[dict]:
    return [{"en": term.en, "rendering": term.rendering(lang), "kind": term.kind,
             "note": term.note} for term in glossary.terms_in(source)]


def qa_context(catalog: Catalog, lang: str, glossary: Glossary, doc: str,
               related: list[tuple[str, Catalog]]) -> CheckContext:
    """The checks' context for ``catalog``: names and repeated sources are compared across
    the ``related`` catalogs (the other documents in ``lang``)."""
    return CheckContext.for_catalog(catalog, lang, glossary, doc=doc, related=related)


def qa_findings(message: Message, lang: str, context: CheckContext) -> list[dict]:
    """``{check, level, message}`` for each finding on a translated ``message``, but those
    that only restate its state (the editor shows the state itself)."""
    if not message.string:
        return []
    try:
        found = check_entry(message, lang, context)
    except Exception:  # a failing check must not take the editor down
        log.exception("QA checks failed on %r", message.id)
        return []
    return [{"check": f.check, "level": f.level, "message": f.message} for f in found
            if not CHECKS[f.check].restates_state]
