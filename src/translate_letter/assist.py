"""What the editor offers beside the source: the word diff of a changed source, glossary
terms and QA findings (its memory matches come from :mod:`.machine.memory`)."""

from __future__ import annotations

import logging
import re
from difflib import SequenceMatcher

from babel.messages.catalog import Catalog, Message

from .checks import CHECKS, CheckContext, check_entry
from .core.glossary import Glossary

log = logging.getLogger(__name__)

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
