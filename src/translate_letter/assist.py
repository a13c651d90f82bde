"""What the editor offers beside the source: the word diff of a changed source, memory
matches from the other entries, glossary terms, and QA findings."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from babel.messages.catalog import Catalog, Message

from .checks import CheckContext, check_entry
from .glossary import Glossary
from .similarity import similar

log = logging.getLogger(__name__)

MEMORY_CUTOFF = 0.6
MEMORY_RESULTS = 5
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


def memory_matches(source: str, candidates: Iterable[Candidate]) -> list[dict]:
    """The candidates whose source is most like ``source`` (difflib ratio), best first."""
    found = similar(source, candidates, lambda c: c.source, MEMORY_CUTOFF)[:MEMORY_RESULTS]
    return [{"similarity": round(ratio * 100), "source": c.source,
             "translation": c.translation, "state": c.state, "doc": c.doc}
            for ratio, c in found]


def glossary_terms(glossary: Glossary, source: str, lang: str) -> list[dict]:
    return [{"en": term.en, "rendering": term.rendering(lang), "kind": term.kind,
             "note": term.note} for term in glossary.terms_in(source)]


def qa_context(catalog: Catalog, lang: str, glossary: Glossary, doc: str,
               related: list[tuple[str, Catalog]]) -> CheckContext:
    """The checks' context for ``catalog``: names and repeated sources are compared across
    the ``related`` catalogs (the other documents in ``lang``)."""
    return CheckContext.for_catalog(catalog, lang, glossary, doc=doc, related=related)


def qa_findings(message: Message, lang: str, context: CheckContext) -> list[dict]:
    """``{check, level, message}`` for each finding on a translated ``message``."""
    if not message.string:
        return []
    try:
        found = check_entry(message, lang, context)
    except Exception:  # a failing check must not take the editor down
        log.exception("QA checks failed on %r", message.id)
        return []
    return [{"check": f.check, "level": f.level, "message": f.message} for f in found]
