"""The translation memory, with its one set of rules, and the offline engine that drafts
from it.

The memory offers what people translated: translated or approved entries, never drafts.
It never offers an entry its own text, and it offers up to :data:`MATCHES` matches at or
above the threshold (``--threshold``, setting ``memory-threshold``), best first.  The
editor's memory panel, its Ctrl+M and ``pretranslate --engine memory`` all ask it.

The engine's memory is every translated or approved entry (obsolete ones too) of the
catalogs under ``locales/`` and of PO files given with ``--memory``, and every unit of TMX
files given with ``--memory``.  The editor's is every entry of the open catalogs of a
language, read as they are when it asks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from babel.messages.catalog import Catalog, Message

from ..catalog.formats import language_from_path, primary, read_units, same_language
from ..catalog.reader import load_catalog
from ..catalog.states import State, memory_origin, state_of
from ..core.config import Settings
from ..core.document import normalize
from ..core.errors import UserError
from ..core.similarity import SimilarityIndex, percent
from .engines import Engine, EngineConfig

MATCHES = 3  # the most matches the memory offers for one source
REMEMBERED = (State.TRANSLATED, State.APPROVED)  # a match must come from a person
THRESHOLD_SETTING = "memory-threshold"
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Unit:
    """One remembered pair as it is now: English source, translation and their state."""

    source: str
    target: str
    state: State = State.TRANSLATED
    doc: str = ""  # the document (or memory file) it comes from


@dataclass(frozen=True)
class MemoryMatch:
    translation: str
    similarity: int  # percent, 100 for an exact match
    source: str
    state: State = State.TRANSLATED
    doc: str = ""

    @property
    def origin(self) -> str:
        return memory_origin(self.similarity)

    def as_dict(self) -> dict:
        return {"similarity": self.similarity, "source": self.source,
                "translation": self.translation, "state": str(self.state), "doc": self.doc}


def threshold_of(settings: Settings) -> float:
    """The memory's threshold in percent: setting ``memory-threshold``, else the default."""
    value = settings.setting(THRESHOLD_SETTING)
    if not 0 < value <= 100:
        raise UserError(f"setting {THRESHOLD_SETTING} must be a number above 0 and at most 100")
    return float(value)


def memory_files(settings: Settings) -> tuple[Path, ...]:
    """The memories of other projects the setting ``memory-files`` names (PO, MO or TMX,
    relative to the project folder), for the editor and ``pretranslate`` alike."""
    return tuple(settings.root / name for name in settings.setting("memory-files"))


def outside_memory(settings: Settings, files: Sequence[Path] = ()) -> FileMemory:
    """The units of ``memory-files`` and of ``files`` in the project's languages."""
    memory = FileMemory()
    for path in (*memory_files(settings), *files):
        memory.add_file(path, settings.source_language, settings.languages)
    return memory


def best_first(*found: list[MemoryMatch], limit: int = MATCHES) -> list[MemoryMatch]:
    """The matches of several memories as one list: best first, each text once."""
    merged: dict[tuple[str, str], MemoryMatch] = {}
    for match in sorted((m for f in found for m in f), key=lambda m: -m.similarity):
        merged.setdefault((match.source, match.translation), match)
    return list(merged.values())[:limit]


class TranslationMemory(Generic[K]):
    """Sources indexed once, each under a key; what a key holds now (a :class:`Unit`, or
    None for nothing to offer) is asked when matching, so a changed translation needs no
    new index.  One memory holds one target language."""

    def __init__(self, sources: Iterable[tuple[K, str]] = ()) -> None:
        self._index: SimilarityIndex[K] = SimilarityIndex()
        self._exact: dict[str, list[K]] = {}
        for key, source in sources:
            self.add(key, source)

    def add(self, key: K, source: str) -> None:
        source = normalize(source)
        if source:
            self._exact.setdefault(source, []).append(key)
            self._index.add(key, source)

    def __len__(self) -> int:
        return len(self._index)

    def matches(self, text: str, unit: Callable[[K], Unit | None], threshold: float,
                limit: int = MATCHES) -> list[MemoryMatch]:
        """Up to ``limit`` matches for ``text`` at or above ``threshold`` %, best first, of
        the units people translated; ``unit`` gives None for a key with nothing to offer
        (the asking entry itself, an entry gone)."""
        text = normalize(text)
        found: list[MemoryMatch] = []
        seen: set[tuple[str, str]] = set()
        exact = [(1.0, key) for key in self._exact.get(text, [])]
        for score, key in [*exact, *self._index.search(text, threshold / 100, limit=None)]:
            held = unit(key)
            if held is None or held.state not in REMEMBERED or not held.target.strip():
                continue
            if (held.source, held.target) in seen:
                continue
            seen.add((held.source, held.target))
            found.append(MemoryMatch(held.target, percent(score, held.source == text),
                                     held.source, held.state, held.doc))
            if len(found) == limit:
                break
        return found


class FileMemory:
    """The engine's memory: units read once from catalogs and memory files, per language."""

    def __init__(self) -> None:
        self._units: list[Unit] = []
        self._memories: dict[str, TranslationMemory[int]] = {}

    def add(self, lang: str, source: str, target: str, doc: str = "",
            state: State = State.TRANSLATED) -> None:
        source = normalize(source)
        if not source or not target.strip():
            return
        self._units.append(Unit(source, target, state, doc))
        self._memories.setdefault(primary(lang), TranslationMemory()).add(
            len(self._units) - 1, source)

    def __len__(self) -> int:
        return len(self._units)

    def matches(self, text: str, lang: str, threshold: float) -> list[MemoryMatch]:
        memory = self._memories.get(primary(lang))
        return memory.matches(text, self._units.__getitem__, threshold) if memory else []

    def match(self, text: str, lang: str, threshold: float) -> MemoryMatch | None:
        """The best match for ``text`` at or above ``threshold`` %, or None."""
        found = self.matches(text, lang, threshold)
        return found[0] if found else None

    def add_catalog(self, catalog: Catalog, lang: str, doc: str = "") -> None:
        for message in [*catalog, *catalog.obsolete.values()]:
            if _reviewed(message):
                self.add(lang, message.id, message.string, doc, state_of(message))

    def add_file(self, path: Path, source_language: str, targets: Sequence[str]) -> None:
        """The units of a PO, MO or TMX file given with ``--memory``, read leniently: a
        memory need not be a catalog of this project."""
        if not path.is_file():
            raise UserError(f"{path}: no such memory file")
        for unit in same_language(read_units(path, source_language), targets):
            self.add(unit.lang, unit.source, unit.target, path.name, unit.state)


def _reviewed(message: Message) -> bool:
    return (bool(message.id) and isinstance(message.id, str) and isinstance(message.string, str)
            and state_of(message) in REMEMBERED)


class MemoryEngine(Engine):
    """Drafts from translations people already made."""

    name = "memory"
    title = "translation memory (project catalogs, --memory PO/MO/TMX files)"
    offline = True
    settings = "--memory FILE (PO, MO or TMX, repeatable), --threshold PERCENT"

    def __init__(self, config: EngineConfig) -> None:
        if not 0 < config.threshold <= 100:
            raise UserError("--threshold must be above 0 and at most 100")
        super().__init__(config)
        self.threshold = config.threshold
        self.memory = FileMemory()

    def prepare(self, source: str, targets: Sequence[str]) -> None:
        wanted = {primary(t) for t in targets}
        locales = self.config.locales_dir
        for path in sorted(locales.rglob("*.po")) if locales and locales.is_dir() else []:
            catalog = load_catalog(path)
            lang = str(catalog.locale) if catalog.locale else language_from_path(path)
            if lang and primary(lang) in wanted:
                self.memory.add_catalog(catalog, lang, path.stem)
        for path in self.config.memory_files:
            self.memory.add_file(path, source, targets)

    def match(self, text: str, lang: str) -> MemoryMatch | None:
        return self.memory.match(text, lang, self.threshold)
