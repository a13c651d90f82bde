"""Pre-translation: fill every untranslated entry with a draft, fast and without losing work.

A machine engine gets each distinct masked text once (duplicates across entries, documents
and numbers share a request), answers already in the cache are not asked again, the rest run
on ``workers`` threads with retries.  Every answer is committed to the cache as it arrives and
the drafts reach their catalogs within :data:`SAVE_INTERVAL` seconds (atomically), so a crash,
Ctrl-C or a dead server leaves valid catalogs and a re-run goes on where the last one stopped.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..catalog.entry import messages
from ..catalog.project import project_catalogs
from ..catalog.reader import load_catalog
from ..catalog.states import State, mark_draft, mt_origin, state_of
from ..catalog.writer import save_catalog
from ..config import Settings
from ..errors import UserError
from ..glossary import Glossary, load_glossary
from .cache import TranslationCache, cache_path
from .chunks import Piece, split_text
from .engines import (
    DEFAULT_THRESHOLD,
    DEFAULT_TIMEOUT,
    Engine,
    EngineBusy,
    EngineConfig,
    EngineError,
    EngineRefused,
    EngineRejected,
    EngineUnreachable,
    MachineTranslator,
)
from .masking import Masked, mask, missing_tokens, needs_translation
from .memory import MemoryEngine
from .registry import DEFAULT_ENGINE, open_engine

SAVE_INTERVAL = 0.25  # seconds between catalog saves while answers keep arriving
DOWN_LIMIT = 3  # consecutive requests lost to the service, not to their text, stop the run
MAX_RETRY_AFTER = 120.0  # a server that asks for a longer pause is not waited for

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RetryPolicy:
    """Retries of one request: exponential backoff with jitter, or the server's Retry-After."""

    retries: int = 3
    backoff: float = 0.5

    def delay(self, attempt: int, error: EngineError) -> float | None:
        """Seconds to wait before retry ``attempt`` (0-based), or None not to retry."""
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= MAX_RETRY_AFTER else None
        # Jitter keeps workers that failed together from retrying together.
        return self.backoff * 2 ** attempt * random.uniform(0.5, 1.0)


@dataclass(frozen=True)
class Options:
    """What ``pretranslate`` takes from the command line."""

    engine: str = DEFAULT_ENGINE
    url: str | None = None
    api_key: str | None = None
    workers: int = 8
    timeout: float = DEFAULT_TIMEOUT
    retries: int = 3
    memory_files: tuple[Path, ...] = ()
    threshold: float | None = None


@dataclass(frozen=True)
class Failure:
    lang: str
    msgid: str
    reason: str


@dataclass
class Report:
    """What a run did; ``ok`` is false when some entry could not be drafted."""

    engine: str
    entries: int = 0
    drafted: Counter[str] = field(default_factory=Counter)
    flagged: list[tuple[str, str, list[str]]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    unmatched: int = 0
    texts: int = 0
    cached: int = 0
    sent: int = 0
    stopped: str | None = None
    saved: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        per_lang = ", ".join(f"{lang} {n}" for lang, n in sorted(self.drafted.items()))
        line = (f"{sum(self.drafted.values())} of {self.entries} untranslated entries drafted "
                f"by {self.engine}" + (f" ({per_lang})" if per_lang else ""))
        if self.engine == MemoryEngine.name:
            line += f"; {self.unmatched} without a match"
        else:
            line += (f"; {self.texts} distinct texts, {self.cached} from cache, "
                     f"{self.sent} requests")
        line += f"; {len(self.flagged)} flagged (token missing), {len(self.failed)} failed"
        return line + (f"; stopped: {self.stopped}" if self.stopped else "")


class Workbook:
    """The catalogs being pre-translated and their untranslated entries by (lang, msgid)."""

    def __init__(self, settings: Settings, languages: Sequence[str]) -> None:
        found = project_catalogs(settings, languages)
        missing = [lang for lang in languages if not any(lang == f[1] for f in found)]
        if missing:
            raise UserError(f"no catalog for {', '.join(missing)} "
                            f"(run 'translate-letter update -l {','.join(missing)}')")
        self.catalogs: dict[Path, Catalog] = {path: load_catalog(path) for _, _, path in found}
        self.pending: dict[tuple[str, str], list[tuple[Path, Message]]] = {}
        for _, lang, path in found:
            for message in messages(self.catalogs[path]):
                if isinstance(message.id, str) and state_of(message) is State.UNTRANSLATED:
                    self.pending.setdefault((lang, message.id), []).append((path, message))
        self._dirty: set[Path] = set()

    @property
    def entries(self) -> int:
        return sum(len(entries) for entries in self.pending.values())

    def draft(self, lang: str, msgid: str, text: str, origin: str,
              missing: list[str] | None = None) -> int:
        """Store ``text`` as the draft of every entry ``msgid`` has in ``lang``."""
        entries = self.pending[(lang, msgid)]
        for path, message in entries:
            mark_draft(message, text, origin, missing_tokens=missing)
            self._dirty.add(path)
        return len(entries)

    def save(self) -> list[Path]:
        saved = sorted(self._dirty)
        for path in saved:
            self.catalogs[path].revision_date = datetime.now(UTC)
            save_catalog(path, self.catalogs[path])
        self._dirty.clear()
        return saved


def pretranslate(settings: Settings, languages: Sequence[str], options: Options,
                 progress: Progress | None = None, policy: RetryPolicy | None = None) -> Report:
    """Draft every untranslated entry of ``languages`` with the engine ``options`` name.

    Every input is read and checked before anything is written; an engine that cannot be
    reached before it has answered once is a :class:`UserError`.
    """
    if options.engine != MemoryEngine.name and (options.memory_files or options.threshold):
        raise UserError("--memory and --threshold go with --engine memory")
    if options.workers < 1:
        raise UserError("--workers must be at least 1")
    config = EngineConfig(
        url=options.url, api_key=options.api_key, timeout=options.timeout,
        source_language=settings.source_language, locales_dir=settings.locales_dir,
        memory_files=tuple(options.memory_files),
        threshold=DEFAULT_THRESHOLD if options.threshold is None else options.threshold,
    )
    engine = open_engine(options.engine, config)
    try:
        workbook = Workbook(settings, languages)
        glossary = load_glossary(settings.locales_dir)
        try:
            engine.prepare(settings.source_language, languages)
        except EngineError as error:
            raise _engine_down(engine, error) from None
        report = Report(engine.name, entries=workbook.entries)
        if isinstance(engine, MemoryEngine):
            _by_memory(engine, workbook, report, progress)
        elif isinstance(engine, MachineTranslator):
            cache = TranslationCache(cache_path(settings.root))
            try:
                _Run(engine, workbook, glossary, cache, settings.source_language, report,
                     options.workers, policy or RetryPolicy(options.retries), progress).run()
            finally:
                cache.close()
        return report
    finally:
        engine.close()


def _engine_down(engine: Engine, error: EngineError) -> UserError:
    if isinstance(error, EngineRefused):
        return UserError(f"engine {engine.name} refused the request ({error}); check --api-key")
    return UserError(
        f"engine {engine.name} unreachable ({error}); work offline with --engine memory, "
        "or use a LibreTranslate server with --engine libretranslate --url URL")


def _by_memory(engine: MemoryEngine, workbook: Workbook, report: Report,
               progress: Progress | None) -> None:
    total = len(workbook.pending)
    for done, (lang, msgid) in enumerate(list(workbook.pending), start=1):
        found = engine.match(msgid, lang)
        if found is None:
            report.unmatched += len(workbook.pending[(lang, msgid)])
        else:
            missing = missing_tokens(msgid, found.translation)
            report.drafted[lang] += workbook.draft(lang, msgid, found.translation,
                                                   found.origin, missing)
            if missing:
                report.flagged.append((lang, msgid, missing))
        if progress:
            progress(done, total)
    report.saved = workbook.save()


@dataclass
class _Segment:
    """One (language, msgid) to draft: its masked text cut into pieces."""

    lang: str
    msgid: str
    masked: Masked
    pieces: list[Piece]
    finished: bool = False

    def texts(self) -> set[tuple[str, str]]:
        return {(self.lang, p.text) for p in self.pieces
                if p.translate and needs_translation(p.text)}


@dataclass
class _Outcome:
    translation: str | None
    error: EngineError | None
    attempts: int


def _request(engine: MachineTranslator, text: str, source: str, target: str,
             policy: RetryPolicy, stop: threading.Event, answered: threading.Event) -> _Outcome:
    """One text through the engine, retried on timeouts, 429, 5xx and (once the engine has
    answered) lost connections; never raises."""
    attempt = 0
    while True:
        try:
            translation = engine.translate(text, source, target)
        except EngineError as error:
            if isinstance(error, EngineBusy):
                answered.set()
            retry = error.transient or (isinstance(error, EngineUnreachable) and answered.is_set())
            delay = policy.delay(attempt, error) if retry and attempt < policy.retries else None
            if delay is None or stop.wait(delay):
                return _Outcome(None, error, attempt + 1)
            attempt += 1
        else:
            answered.set()
            return _Outcome(translation, None, attempt + 1)


class _Run:
    """One machine pre-translation: requests, answers, drafts, saves."""

    def __init__(self, engine: MachineTranslator, workbook: Workbook, glossary: Glossary,
                 cache: TranslationCache, source: str, report: Report, workers: int,
                 policy: RetryPolicy, progress: Progress | None) -> None:
        self.engine, self.workbook, self.cache = engine, workbook, cache
        self.source, self.report, self.workers, self.policy = source, report, workers, policy
        self.progress = progress
        self.segments = [
            _Segment(lang, msgid, masked, split_text(masked.text, engine.max_chars))
            for lang, msgid in workbook.pending
            for masked in [mask(msgid, lang, glossary)]
        ]
        self.waiting: dict[tuple[str, str], list[_Segment]] = {}
        for segment in self.segments:
            for key in segment.texts():
                self.waiting.setdefault(key, []).append(segment)
        self.answers: dict[tuple[str, str], str] = {}
        self.done = 0

    def run(self) -> None:
        report = self.report
        report.texts = len(self.waiting)
        todo = []
        for key in self.waiting:
            cached = self.cache.get(self.engine.name, self.source, key[0], key[1])
            if cached is None:
                todo.append(key)
            else:
                report.cached += 1
                self.answers[key] = cached
        for segment in self.segments:
            self._finish_if_ready(segment)
        stop, answered = threading.Event(), threading.Event()
        pool = ThreadPoolExecutor(self.workers, thread_name_prefix="pretranslate")
        try:
            futures: dict[Future[_Outcome], tuple[str, str]] = {
                pool.submit(_request, self.engine, key[1], self.source, key[0], self.policy,
                            stop, answered): key
                for key in todo
            }
            down = 0
            last_save = time.monotonic()
            while futures:
                finished, _ = wait(futures, timeout=SAVE_INTERVAL, return_when=FIRST_COMPLETED)
                for future in finished:
                    key = futures.pop(future)
                    outcome = future.result()
                    report.sent += outcome.attempts
                    if outcome.translation is not None:
                        down = 0
                        self._answer(key, outcome.translation)
                        continue
                    error = outcome.error
                    assert error is not None
                    if isinstance(error, (EngineUnreachable, EngineRefused)) and \
                            not answered.is_set():
                        raise _engine_down(self.engine, error)
                    self._fail(key, _reason(error, outcome.attempts))
                    if not isinstance(error, EngineRejected):
                        down += 1
                    if report.stopped is None and (
                            down >= DOWN_LIMIT or isinstance(error, EngineRefused)):
                        report.stopped = f"engine {self.engine.name} stopped answering ({error})"
                        stop.set()
                        futures = self._cancel(futures, report.stopped)
                if time.monotonic() - last_save >= SAVE_INTERVAL:
                    report.saved += self.workbook.save()
                    last_save = time.monotonic()
        finally:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            report.saved = sorted(set(report.saved) | set(self.workbook.save()))

    def _cancel(self, futures: dict[Future[_Outcome], tuple[str, str]],
                reason: str) -> dict[Future[_Outcome], tuple[str, str]]:
        """Cancel the requests not started yet; keep waiting for those in flight."""
        running = {}
        for future, key in futures.items():
            if future.cancel():
                self._fail(key, f"not sent: {reason}")
            else:
                running[future] = key
        return running

    def _answer(self, key: tuple[str, str], translation: str) -> None:
        self.cache.put(self.engine.name, self.source, key[0], key[1], translation)
        self.answers[key] = translation
        for segment in self.waiting[key]:
            self._finish_if_ready(segment)

    def _finish_if_ready(self, segment: _Segment) -> None:
        if segment.finished or not all(key in self.answers for key in segment.texts()):
            return
        joined = "".join(self.answers.get((segment.lang, p.text), p.text) if p.translate
                         else p.text for p in segment.pieces)
        text, missing = segment.masked.unmask(joined)
        count = self.workbook.draft(segment.lang, segment.msgid, text,
                                    mt_origin(self.engine.name), missing)
        self.report.drafted[segment.lang] += count
        if missing:
            self.report.flagged.append((segment.lang, segment.msgid, missing))
        self._finished(segment)

    def _fail(self, key: tuple[str, str], reason: str) -> None:
        for segment in self.waiting[key]:
            if not segment.finished:
                self.report.failed.append(Failure(segment.lang, segment.msgid, reason))
                self._finished(segment)

    def _finished(self, segment: _Segment) -> None:
        segment.finished = True
        self.done += 1
        if self.progress:
            self.progress(self.done, len(self.segments))


def _reason(error: EngineError, attempts: int) -> str:
    return f"{error}" + (f" (after {attempts} attempts)" if attempts > 1 else "")
