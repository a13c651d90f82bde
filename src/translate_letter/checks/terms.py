"""Checks against the glossary and the rest of the catalog: terms, names, consistency."""

from __future__ import annotations

from .context import CheckContext
from .entry import CheckedEntry, Pair
from .registry import ERROR, WARNING, entry_check, pair_check


@pair_check("glossary", WARNING, "glossary",
            "a glossary term or institution in the source has its glossary rendering")
def glossary(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    lang, forms = context.lang, context.language.term_forms
    missing = [t for t in pair.terms
               if not t.is_name and not t.rendered_in(pair.target, lang, forms)]
    if not missing:
        return None
    return "glossary: " + "; ".join(f"'{t.en}' should be rendered '{t.rendering(lang)}'"
                                    for t in missing)


@pair_check("names", ERROR, "glossary",
            "every name written as the glossary says, or the same way in every entry")
def names(pair: Pair, entry: CheckedEntry, context: CheckContext) -> str | None:
    lang, forms = context.lang, context.language.term_forms
    problems = []
    for term in pair.terms:
        if not term.is_name:
            continue
        if term.rendering(lang) is None:
            problem = context.names.mismatch(term, entry.doc_key, pair.target)
        elif not term.rendered_in(pair.target, lang, forms):
            problem = f"name '{term.en}' should be written '{term.rendering(lang)}'"
        else:
            problem = None
        if problem:
            problems.append(problem)
    return "; ".join(problems) or None


@entry_check("inconsistent", WARNING, "glossary",
             "the same source text (in the same msgctxt) translated the same way as in "
             "other reviewed entries")
def inconsistent(entry: CheckedEntry, context: CheckContext) -> str | None:
    if not entry.pairs:
        return None
    other = context.translations.other_than(entry.msgid, entry.doc_key, entry.target)
    if other is None:
        return None
    excerpt = other if len(other) <= 50 else other[:49] + "…"
    return f"the same source is translated differently elsewhere: '{excerpt}'"
