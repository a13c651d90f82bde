"""The offline engine: exact and fuzzy matches from a translation memory.

The memory is every translated or approved entry (obsolete ones too) of the catalogs under
``locales/`` and of PO files given with ``--memory``, and every unit of TMX files given
with ``--memory``.  Drafts are never used as memory: a match must come from a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from babel.messages.catalog import Catalog, Message

from ..catalog.reader import load_catalog
from ..catalog.states import State, memory_origin, state_of
from ..document import normalize
from ..errors import UserError
from ..similarity import SimilarityIndex, percent
from .engines import Engine, EngineConfig

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Unit:
    """One remembered pair: English source and its translation."""

    source: str
    target: str


@dataclass(frozen=True)
class MemoryMatch:
    translation: str
    similarity: int  # percent, 100 for an exact match
    source: str

    @property
    def origin(self) -> str:
        return memory_origin(self.similarity)


def primary(lang: str) -> str:
    """``fa_IR`` and ``fa-IR`` → ``fa``."""
    return lang.replace("_", "-").split("-")[0].lower()


class TranslationMemory:
    """Units per target language: a dictionary for exact matches, an index for fuzzy ones."""

    def __init__(self) -> None:
        self._index: dict[str, SimilarityIndex[Unit]] = {}
        self._exact: dict[str, dict[str, Unit]] = {}

    def add(self, lang: str, source: str, target: str) -> None:
        source, lang = normalize(source), primary(lang)
        if not source or not target.strip():
            return
        exact = self._exact.setdefault(lang, {})
        if source not in exact:  # the first source read wins: project catalogs come first
            unit = Unit(source, target)
            exact[source] = unit
            self._index.setdefault(lang, SimilarityIndex()).add(unit, source)

    def __len__(self) -> int:
        return sum(len(index) for index in self._index.values())

    def match(self, text: str, lang: str, threshold: float) -> MemoryMatch | None:
        """The best unit whose source is at least ``threshold`` % similar to ``text``."""
        text, lang = normalize(text), primary(lang)
        unit = self._exact.get(lang, {}).get(text)
        if unit is not None:
            return MemoryMatch(unit.target, 100, unit.source)
        index = self._index.get(lang)
        found = index.best(text, threshold / 100) if index else None
        if found is None:
            return None
        score, unit = found
        return MemoryMatch(unit.target, percent(score), unit.source)

    def add_catalog(self, catalog: Catalog, lang: str) -> None:
        for message in [*catalog, *catalog.obsolete.values()]:
            if _reviewed(message):
                self.add(lang, message.id, message.string)

    def add_file(self, path: Path, source_language: str, targets: Sequence[str]) -> None:
        """Read a PO or TMX file given with ``--memory``."""
        suffix = path.suffix.lower()
        if not path.is_file():
            raise UserError(f"{path}: no such memory file")
        if suffix in (".po", ".pot"):
            catalog = load_catalog(path)
            lang = str(catalog.locale) if catalog.locale else _lang_from_path(path)
            if not lang:
                raise UserError(f"{path}: no Language header; cannot tell its language")
            self.add_catalog(catalog, lang)
        elif suffix == ".tmx":
            for source, lang, target in read_tmx(path, source_language):
                if primary(lang) in {primary(t) for t in targets}:
                    self.add(lang, source, target)
        else:
            raise UserError(f"{path}: a memory file must be .po or .tmx")


def _reviewed(message: Message) -> bool:
    return (bool(message.id) and isinstance(message.id, str) and isinstance(message.string, str)
            and state_of(message) in (State.TRANSLATED, State.APPROVED))


def _lang_from_path(path: Path) -> str | None:
    """``…/fa/LC_MESSAGES/letter.po`` → ``fa``."""
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    return None


def read_tmx(path: Path, source_language: str) -> Iterable[tuple[str, str, str]]:
    """(source, language, translation) for every translation unit of a TMX file."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise UserError(f"{path}: not a valid TMX file ({exc})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    if root.tag != "tmx":
        raise UserError(f"{path}: not a TMX file (root element <{root.tag}>)")
    wanted = primary(source_language)
    for unit in root.iter("tu"):
        segments: dict[str, str] = {}
        for variant in unit.iter("tuv"):
            lang = variant.get(_XML_LANG) or variant.get("lang") or ""
            seg = variant.find("seg")
            if lang and seg is not None:
                segments.setdefault(primary(lang), "".join(seg.itertext()))
        source = segments.pop(wanted, None)
        if source:
            for lang, target in segments.items():
                yield source, lang, target


class MemoryEngine(Engine):
    """Drafts from translations people already made."""

    name = "memory"
    title = "translation memory (project catalogs, --memory PO/TMX files)"
    offline = True
    settings = "--memory FILE (PO or TMX, repeatable), --threshold PERCENT"

    def __init__(self, config: EngineConfig) -> None:
        if not 0 < config.threshold <= 100:
            raise UserError("--threshold must be above 0 and at most 100")
        super().__init__(config)
        self.threshold = config.threshold
        self.memory = TranslationMemory()

    def prepare(self, source: str, targets: Sequence[str]) -> None:
        wanted = {primary(t) for t in targets}
        locales = self.config.locales_dir
        for path in sorted(locales.rglob("*.po")) if locales and locales.is_dir() else []:
            catalog = load_catalog(path)
            lang = str(catalog.locale) if catalog.locale else _lang_from_path(path)
            if lang and primary(lang) in wanted:
                self.memory.add_catalog(catalog, lang)
        for path in self.config.memory_files:
            self.memory.add_file(path, source, targets)

    def match(self, text: str, lang: str) -> MemoryMatch | None:
        return self.memory.match(text, lang, self.threshold)
