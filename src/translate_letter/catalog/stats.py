"""Counting entries and words per state."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from babel.messages.catalog import Catalog, Message

from ..config import Settings
from ..errors import UserError
from .entry import Entry, messages
from .project import project_catalogs
from .reader import load_catalog
from .states import INCLUDE_LEVELS, STATES, state_of


@dataclass(frozen=True)
class Stats:
    doc: str
    lang: str
    total: int
    words: int
    counts: dict[str, int]
    word_counts: dict[str, int]

    def percent(self, state: str) -> float:
        return 100.0 * self.counts[state] / self.total if self.total else 100.0

    def complete(self, include: str) -> float:
        """Share of entries (in %) that a build at ``include`` level would translate."""
        admitted = INCLUDE_LEVELS[include]
        done = sum(self.counts[str(s)] for s in admitted)
        return 100.0 * done / self.total if self.total else 100.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["percent"] = {str(s): round(self.percent(str(s)), 1) for s in STATES}
        return data


def _words(message: Message) -> int:
    return sum(len(source.split()) for source in Entry(message).sources)


def catalog_stats(doc: str, lang: str, catalog: Catalog) -> Stats:
    counts: Counter[str] = Counter()
    word_counts: Counter[str] = Counter()
    for message in messages(catalog):
        state = str(state_of(message))
        counts[state] += 1
        word_counts[state] += _words(message)
    return Stats(
        doc=doc,
        lang=lang,
        total=sum(counts.values()),
        words=sum(word_counts.values()),
        counts={str(s): counts[str(s)] for s in STATES},
        word_counts={str(s): word_counts[str(s)] for s in STATES},
    )


def project_stats(settings: Settings, languages: list[str]) -> list[Stats]:
    found = project_catalogs(settings, languages)
    if not found:
        raise UserError(f"{settings.locales_dir}: no catalogs (run 'translate-letter update')")
    return [catalog_stats(doc, lang, load_catalog(path)) for doc, lang, path in found]
