"""Machine suggestions on demand: one segment drafted by each engine the maintainer offers
in the review editor, through the masking, cache and retries of ``pretranslate``.

The engines come from ``[tool.translate-letter.suggestions]``, one table per engine::

    [tool.translate-letter.suggestions]
    libretranslate = { url = "http://127.0.0.1:5000" }
    google = {}

with ``url`` and ``timeout`` as ``pretranslate`` takes them (keys only from the engines'
environment variables, never from a file kept in git).  The memory engine is always asked.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..catalog.rules import RefusedText, refuse_bad_text
from ..config import Settings
from ..errors import UserError
from ..glossary import Glossary, load_glossary
from .cache import TranslationCache, cache_path
from .chunks import split_text
from .engines import DEFAULT_THRESHOLD, Engine, EngineConfig, EngineError, MachineTranslator
from .masking import mask, missing_tokens, needs_translation
from .memory import MemoryEngine
from .pretranslate import RetryPolicy, _request
from .registry import ENGINES, open_engine

SUGGESTIONS_SETTING = "suggestions"
SUGGESTION_TIMEOUT = 8.0  # seconds per request: a person is waiting
SUGGESTION_RETRIES = 1
_OPTIONS = {"url": str, "timeout": (int, float), "threshold": (int, float)}


@dataclass(frozen=True)
class Suggestion:
    """One engine's answer for a segment: a draft, nothing (no memory match) or an error."""

    engine: str
    translation: str | None = None
    origin: str | None = None
    missing: tuple[str, ...] = ()
    error: str | None = None

    def as_dict(self) -> dict:
        return {"engine": self.engine, "translation": self.translation, "origin": self.origin,
                "missing": list(self.missing), "error": self.error}


def draft_segment(engine: Engine, msgid: str, source: str, lang: str, glossary: Glossary,
                  cache: TranslationCache, policy: RetryPolicy) -> Suggestion:
    """``msgid`` drafted in ``lang`` as ``pretranslate`` drafts it: memory match, or masked
    pieces from the cache or the engine, unmasked.  Raises :class:`EngineError`."""
    if isinstance(engine, MemoryEngine):
        found = engine.match(msgid, lang)
        if found is None:
            return Suggestion(engine.name)
        return Suggestion(engine.name, found.translation, found.origin,
                          tuple(missing_tokens(msgid, found.translation)))
    assert isinstance(engine, MachineTranslator)
    masked = mask(msgid, lang, glossary)
    pieces = split_text(masked.text, engine.max_chars)
    answers: dict[str, str] = {}
    for piece in pieces:
        if not piece.translate or not needs_translation(piece.text) or piece.text in answers:
            continue
        answer = cache.get(engine.name, source, lang, piece.text)
        if answer is None:
            outcome = _request(engine, piece.text, source, lang, policy, threading.Event(),
                               threading.Event())
            if outcome.error is not None:
                raise outcome.error
            assert outcome.translation is not None
            answer = outcome.translation
            cache.put(engine.name, source, lang, piece.text, answer)
        answers[piece.text] = answer
    joined = "".join(answers.get(p.text, p.text) if p.translate else p.text for p in pieces)
    text, missing = masked.unmask(joined)
    return Suggestion(engine.name, text, f"mt:{engine.name}", tuple(missing))


def suggestion_configs(settings: Settings) -> dict[str, EngineConfig]:
    """The engines offered in the editor, memory first, with their settings validated."""
    table = settings.extra.get(SUGGESTIONS_SETTING, {})
    if not isinstance(table, dict):
        raise UserError(f"{SUGGESTIONS_SETTING} must be a table of engines, such as "
                        '{ libretranslate = { url = "http://127.0.0.1:5000" } }')
    configs = {MemoryEngine.name: _config(settings, MemoryEngine.name,
                                          table.get(MemoryEngine.name, {}))}
    for name, options in table.items():
        if name not in ENGINES:
            raise UserError(f"{SUGGESTIONS_SETTING}: unknown engine {name!r} "
                            f"(one of {', '.join(ENGINES)})")
        configs[name] = _config(settings, name, options)
    return configs


def _config(settings: Settings, name: str, options: object) -> EngineConfig:
    where = f"{SUGGESTIONS_SETTING}.{name}"
    if not isinstance(options, dict):
        raise UserError(f"{where} must be a table (e.g. {{ url = \"…\" }})")
    for key, value in options.items():
        kind = _OPTIONS.get(key)
        if kind is None:
            raise UserError(f"{where}: unknown setting {key!r} (known: {', '.join(_OPTIONS)})")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise UserError(f"{where}.{key} has the wrong type")
    return EngineConfig(
        url=options.get("url"), timeout=float(options.get("timeout", SUGGESTION_TIMEOUT)),
        source_language=settings.source_language, locales_dir=settings.locales_dir,
        threshold=float(options.get("threshold", DEFAULT_THRESHOLD)))


class MachineSuggestions:
    """The offered engines, opened once and kept for the review app's lifetime.

    The memory engine is read again when a catalog under ``locales/`` changed, so that it
    knows what people saved.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.configs = suggestion_configs(settings)
        self.glossary = load_glossary(settings.locales_dir)
        self.policy = RetryPolicy(retries=SUGGESTION_RETRIES)
        self._engines: dict[str, Engine] = {}
        self._prepared: set[tuple[str, str]] = set()
        self._memory_files: tuple | None = None
        self._lock = threading.Lock()

    @property
    def engines(self) -> list[str]:
        return list(self.configs)

    def suggest(self, msgid: str, lang: str) -> list[Suggestion]:
        """Every offered engine's draft of ``msgid`` in ``lang``, asked at once, in the
        order of the setting (memory first)."""
        with ThreadPoolExecutor(len(self.configs), thread_name_prefix="suggest") as pool:
            return list(pool.map(lambda name: self._ask(name, msgid, lang), self.configs))

    def _ask(self, name: str, msgid: str, lang: str) -> Suggestion:
        cache = TranslationCache(cache_path(self.settings.root))
        try:
            engine = self._engine(name, lang)
            suggestion = draft_segment(engine, msgid, self.settings.source_language, lang,
                                       self.glossary, cache, self.policy)
            if suggestion.translation is not None:
                refuse_bad_text(msgid, suggestion.translation)
            return suggestion
        except (UserError, EngineError) as error:
            reason = str(error) or type(error).__name__
            if isinstance(error, RefusedText):
                reason = f"answer refused: {reason}"
            return Suggestion(name, error=reason)
        finally:
            cache.close()

    def _engine(self, name: str, lang: str) -> Engine:
        """``name`` opened and prepared for ``lang`` (memory re-read when catalogs changed)."""
        with self._lock:
            engine = self._engines.get(name)
            if name == MemoryEngine.name:
                files = _catalog_files(self.settings.locales_dir)
                if files != self._memory_files and engine is not None:
                    engine.close()
                    engine = None
                    self._prepared = {p for p in self._prepared if p[0] != name}
                self._memory_files = files
            if engine is None:
                engine = open_engine(name, self.configs[name])
                self._engines[name] = engine
            if (name, lang) not in self._prepared:
                try:
                    engine.prepare(self.settings.source_language, [lang])
                except EngineError as error:
                    raise UserError(f"engine {name} unreachable ({error})") from None
                self._prepared.add((name, lang))
            return engine

    def close(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.close()
            self._engines.clear()
            self._prepared.clear()


def _catalog_files(locales: Path) -> tuple:
    """Name, time and size of every catalog: what the memory engine was read from."""
    found = []
    for path in sorted(locales.rglob("*.po")) if locales.is_dir() else []:
        info = path.stat()
        found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(found)
