"""What the checks need beyond the entry itself: glossary, plural rules, and two indexes
of the catalog (how each name is written, how each source text is translated)."""

from __future__ import annotations

import gettext
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from babel.messages.catalog import Catalog

from ..catalog.entry import Entry, messages, strings
from ..catalog.states import State, state_of
from ..core.glossary import Glossary, Term, fold
from ..languages import Language, profile
from .entry import PluralForm

Key = tuple[str, "str | None", str]  # (doc, msgctxt, msgid)

_WORD = re.compile(r"\w{3,}")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")


def _kept_latin(entries: Iterable[tuple[Key, str, str]]) -> frozenset[str]:
    """Latin words (casefolded) that two or more translations keep from their source: the
    terms a team writes in Latin (html, epub, Django)."""
    kept: Counter[str] = Counter()
    for _, source, translation in entries:
        if LATIN_WORD.search(translation):
            words = {w.casefold() for w in LATIN_WORD.findall(translation)}
            kept.update(words & {w.casefold() for w in LATIN_WORD.findall(source)})
    return frozenset(word for word, count in kept.items() if count >= 2)


@dataclass
class _NameUsage:
    texts: dict[Key, str] = field(default_factory=dict)  # folded translations
    words: Counter[str] = field(default_factory=Counter)  # entries holding each whole word
    counts: Counter[str] = field(default_factory=Counter)  # entries holding each as a substring


class NamesIndex:
    """How each glossary name without a rendering for the language is written in the catalog.

    A name's writing is the set of words that most entries naming it share and that are rare
    in the other entries; an entry whose translation lacks them writes the name differently.
    A word counts as present inside a longer one, so that Arabic-script clitics ("وبويا")
    do not hide it.
    """

    def __init__(self, usages: dict[str, _NameUsage] | None = None,
                 frequency: Counter[str] | None = None):
        self._usages = usages or {}
        self._frequency = frequency or Counter()

    @classmethod
    def build(cls, entries: Iterable[tuple[Key, str, str]], names: Iterable[Term],
              terms_in: Callable[[str], list[Term]]) -> NamesIndex:
        """Index ``(key, source, translation)`` entries for the ``names`` the glossary gives
        no rendering for; ``terms_in`` finds glossary terms in a source text."""
        wanted = {term.en for term in names}
        if not wanted:
            return cls()
        usages: dict[str, _NameUsage] = defaultdict(_NameUsage)
        frequency: Counter[str] = Counter()
        for key, source, translation in entries:
            text = fold(translation)
            words = set(_WORD.findall(text))
            frequency.update(words)
            for term in terms_in(source):
                if term.en in wanted:
                    usages[term.en].texts[key] = text
                    usages[term.en].words.update(words)
        for usage in usages.values():
            texts = usage.texts.values()
            usage.counts = Counter({w: sum(w in t for t in texts) for w in usage.words})
        return cls(dict(usages), frequency)

    def mismatch(self, name: Term, key: Key, translation: str) -> str | None:
        """Why ``translation`` (of the entry ``key``) writes ``name`` unlike the other entries."""
        usage = self._usages.get(name.en)
        if usage is None:
            return None
        old = usage.texts.get(key, "")
        new = fold(translation)
        others = [t for k, t in usage.texts.items() if k != key]
        total = len(others) + 1
        if total < 2:
            return None
        shared = []
        for word in set(usage.counts) | set(_WORD.findall(new)):
            if word in usage.counts:
                count = usage.counts[word] - (word in old) + (word in new)
            else:
                count = sum(word in t for t in others) + (word in new)
            outside = self._frequency[word] - usage.words[word]
            if count >= 2 and 2 * count > total and outside < count:
                shared.append(word)
        if not shared:
            return f"name '{name.en}' is written differently in each entry that names it"
        if all(word in new for word in shared):
            return None
        model = next((t for t in others if all(w in t for w in shared)), "")
        shared.sort(key=lambda w: (model.find(w), w))
        return (f"name '{name.en}' is not written as in the other entries "
                f"('{' '.join(shared)}')")


class TranslationsIndex:
    """The reviewed translations (translated or approved) of each source text in each
    msgctxt: "May" the month and "May" the verb are different sources."""

    def __init__(self, entries: Iterable[tuple[Key, str, str]] = ()):
        by_source: dict[tuple[str | None, str], dict[str, set[Key]]] = defaultdict(
            lambda: defaultdict(set))
        for key, source, translation in entries:
            by_source[(key[1], source)][_spaces(translation)].add(key)
        self._by_source = {s: dict(t) for s, t in by_source.items()}

    def other_than(self, source: str, key: Key, translation: str) -> str | None:
        """A reviewed translation of ``source`` in the same msgctxt in another entry that
        differs from this one."""
        translation = _spaces(translation)
        for text, keys in self._by_source.get((key[1], source), {}).items():
            if text != translation and keys - {key}:
                return text
        return None


def _spaces(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class CheckContext:
    """Everything a check needs beyond the entry; build it with :meth:`for_catalog`."""

    lang: str
    glossary: Glossary = field(default_factory=Glossary)
    doc: str = ""
    nplurals: int | None = None
    plural_expr: str | None = None
    names: NamesIndex = field(default_factory=NamesIndex)
    translations: TranslationsIndex = field(default_factory=TranslationsIndex)
    kept_latin: frozenset[str] = frozenset()  # see _kept_latin
    _terms: dict[str, list[Term]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_catalog(cls, catalog: Catalog, lang: str, glossary: Glossary | None = None, *,
                    doc: str = "", related: Iterable[tuple[str, Catalog]] = ()) -> CheckContext:
        """The context for checking ``catalog`` (document ``doc``) in ``lang``.

        ``related`` are other documents' catalogs of the same language: names and repeated
        source texts are compared across all of them.
        """
        context = cls(lang, glossary or Glossary(), doc, catalog.num_plurals,
                      catalog.plural_expr)
        entries = []
        reviewed = []
        for name, each in [(doc, catalog), *related]:
            for message in messages(each):
                translation = Entry(message).target
                if not translation:
                    continue
                msgid = strings(message.id)[0]
                row = ((name, message.context, msgid), msgid, translation)
                entries.append(row)
                if state_of(message) in (State.TRANSLATED, State.APPROVED):
                    reviewed.append(row)
        unrendered = [t for t in context.glossary.names if t.rendering(lang) is None]
        return replace(context, names=NamesIndex.build(entries, unrendered, context.terms_in),
                       translations=TranslationsIndex(reviewed),
                       kept_latin=_kept_latin(entries))

    @cached_property
    def language(self) -> Language:
        return profile(self.lang)

    def terms_in(self, text: str) -> list[Term]:
        """Glossary terms in a source text (remembered: every form and check asks again)."""
        found = self._terms.get(text)
        if found is None:
            found = self._terms[text] = self.glossary.terms_in(text)
        return found

    @cached_property
    def _plural_forms(self) -> tuple[PluralForm, ...]:
        count = self.nplurals or 2
        try:
            rule = gettext.c2py(self.plural_expr or "(n != 1)")
            forms: list[set[int]] = [set() for _ in range(count)]
            for n in range(1000):
                index = rule(n)
                if 0 <= index < count:
                    forms[index].add(n)
        except (ValueError, SyntaxError, TypeError, ZeroDivisionError, RecursionError):
            forms = [{1}] + [set(range(2, 1000)) for _ in range(count - 1)]
        return tuple(PluralForm(i, 1 in ns, len(ns) == 1) for i, ns in enumerate(forms))

    def plural_form(self, index: int) -> PluralForm:
        forms = self._plural_forms
        return forms[index] if index < len(forms) else PluralForm(index, False, False)
