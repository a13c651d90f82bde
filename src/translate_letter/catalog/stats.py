"""Counting entries and words per state, against the document's segments.

A catalog is counted segment by segment of its document (the entries of its template): a
segment the catalog lacks is untranslated, an entry that is no segment of the document (left
over until the next ``update``) is not counted.  A catalog that holds none of its segments
is 0 % complete, never 100 %.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from babel.messages.catalog import Catalog, Message

from ..core.config import Settings
from ..core.errors import UserError
from .entry import Entry, messages
from .project import document_template, load_document_catalog, project_catalogs
from .states import INCLUDE_LEVELS, STATES, State, state_of


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
        """Share of segments (in %) that a build at ``include`` level would translate."""
        admitted = INCLUDE_LEVELS[include]
        done = sum(self.counts[str(s)] for s in admitted)
        return 100.0 * done / self.total if self.total else 100.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["percent"] = {str(s): round(self.percent(str(s)), 1) for s in STATES}
        return data


def _words(message: Message) -> int:
    return sum(len(source.split()) for source in Entry(message).sources)


def catalog_stats(doc: str, lang: str, catalog: Catalog | Iterable[Message],
                  template: Catalog | None) -> Stats:
    """The counts of ``catalog`` (or of its entries) segment by segment of ``template``;
    without a template (a catalog of no document), entry by entry."""
    held = {Entry(m).key: m for m in (messages(catalog) if isinstance(catalog, Catalog)
                                      else catalog)}
    segments = messages(template) if template is not None else list(held.values())
    counts: Counter[str] = Counter()
    word_counts: Counter[str] = Counter()
    for segment in segments:
        message = held.get(Entry(segment).key)
        state = str(state_of(message) if message is not None else State.UNTRANSLATED)
        counts[state] += 1
        word_counts[state] += _words(segment)
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
    return [catalog_stats(doc, lang, load_document_catalog(settings, doc, lang),
                          document_template(settings, doc)) for doc, lang, _ in found]
