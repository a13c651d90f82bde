"""An entry as the checks see it: its translated forms paired with their source text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from babel.messages.catalog import Message

from ..catalog.entry import Entry
from ..catalog.states import State, state_of
from ..core.glossary import Term
from ..core.tokens import Token, find_tokens

if TYPE_CHECKING:
    from .context import CheckContext


@dataclass(frozen=True)
class PluralForm:
    """What a plural form of the target language stands for."""

    index: int
    singular: bool  # used for n = 1, so it translates the msgid rather than msgid_plural
    single: bool  # used for exactly one n, so it may spell the number out ("one file")


class Pair:
    """One translated form and the source text it translates."""

    def __init__(self, entry: CheckedEntry, index: int, source: str, target: str, single: bool):
        self.entry = entry
        self.index = index
        self.source = source
        self.target = target
        self.single = single

    @cached_property
    def source_tokens(self) -> list[Token]:
        return find_tokens(self.source)

    @cached_property
    def target_tokens(self) -> list[Token]:
        return find_tokens(self.target)

    @cached_property
    def terms(self) -> list[Term]:
        """Glossary terms found in the source."""
        return self.entry.checks.terms_in(self.source)


class CheckedEntry(Entry):
    """A catalog entry under check: the catalog's :class:`Entry` with the checks' view of
    the catalogs, and its translated forms paired with their sources."""

    def __init__(self, message: Message, context: CheckContext):
        super().__init__(message)
        self.checks = context

    @property
    def doc_key(self) -> tuple[str, str | None, str]:
        """The entry among the entries of every document: (document, msgctxt, msgid)."""
        return (self.checks.doc, self.msgctxt, self.msgid)

    @cached_property
    def state(self) -> State:
        return state_of(self.message)

    @cached_property
    def pairs(self) -> list[Pair]:
        """Every non-empty form with its source: the msgid for the singular form."""
        forms = self.translations
        if not self.plural:
            return [Pair(self, 0, self.msgid, forms[0], False)] if forms[0] else []
        pairs = []
        for index, target in enumerate(forms):
            if not target:
                continue
            form = self.checks.plural_form(index)
            source = self.msgid if form.singular else self.msgid_plural
            pairs.append(Pair(self, index, source, target, form.single))
        return pairs
