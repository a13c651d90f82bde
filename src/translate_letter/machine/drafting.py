"""Machine drafts of segments: masking, cache, batched requests, retries, judged answers.

Each segment is masked and cut into pieces an engine accepts; each distinct piece is asked
once (duplicates across entries, documents and numbers share a request) unless the cache
knows it.  Pieces travel in requests of as many texts as the service takes (a paragraph at a
time for an engine that reads context), on ``workers`` threads, retried with backoff.  Every
answer is judged (:mod:`.judge`) before it is cached or used: a request whose answer cannot
be read, and a text whose answer is bad, are asked again alone once; then they fail.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Protocol

from ..catalog.rules import RefusedText, refuse_bad_text
from ..core.glossary import Glossary
from .cache import TranslationCache
from .chunks import Piece, split_text
from .engines import (
    EngineBusy,
    EngineError,
    EngineRefused,
    EngineRejected,
    EngineUnreachable,
    MachineTranslator,
    Passage,
    Request,
)
from .judge import judge_answer
from .masking import Masked, mask, needs_translation

SAVE_INTERVAL = 0.25  # seconds between saves while answers keep arriving
DOWN_LIMIT = 3  # consecutive requests lost to the service, not to their text, stop the run
MAX_RETRY_AFTER = 120.0  # a server that asks for a longer pause is not waited for


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


class EngineDown(Exception):
    """The engine could not be reached, or refused the key, before it answered once."""

    def __init__(self, error: EngineError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass
class DraftJob:
    """One (language, source text) to draft: masked and cut into pieces."""

    lang: str
    msgid: str
    masked: Masked
    pieces: list[Piece]
    passage: Passage | None = None
    terms: tuple[tuple[str, str], ...] = ()
    suspect: str | None = None  # instruction-like text its request carries
    finished: bool = False

    def keys(self) -> list[tuple[str, str]]:
        """(language, piece) for each piece an engine must translate."""
        return list(dict.fromkeys((self.lang, p.text) for p in self.pieces
                                  if p.translate and needs_translation(p.text)))


class Sink(Protocol):
    """Where drafts and failures go as they come."""

    def drafted(self, job: DraftJob, text: str) -> None: ...

    def failed(self, job: DraftJob, reason: str) -> None: ...

    def flush(self) -> None: ...


@dataclass
class Counts:
    """What the engine was asked: distinct texts, answers from the cache, requests sent."""

    texts: int = 0
    cached: int = 0
    sent: int = 0
    stopped: str | None = None


@dataclass
class _Batch:
    lang: str
    keys: list[str]
    passage: Passage | None = None
    terms: tuple[tuple[str, str], ...] = ()
    alone: bool = False  # a text asked again by itself


@dataclass
class _Outcome:
    answers: list[str | None] | None
    error: EngineError | None
    attempts: int


def _ask(engine: MachineTranslator, request: Request, policy: RetryPolicy,
         stop: threading.Event, answered: threading.Event) -> _Outcome:
    """One request, retried on timeouts, 429, 5xx and (once the engine has answered) lost
    connections; never raises."""
    attempt = 0
    while True:
        try:
            answers = engine.translate(request)
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
            return _Outcome(answers, None, attempt + 1)


@dataclass
class Drafter:
    """Machine drafts through one engine, its cache and the project's glossary."""

    engine: MachineTranslator
    cache: TranslationCache
    glossary: Glossary
    source: str
    workers: int = 8
    policy: RetryPolicy = field(default_factory=RetryPolicy)

    def job(self, lang: str, msgid: str, passage: Passage | None = None) -> DraftJob:
        """``msgid`` prepared for ``lang``: masked, cut, with its context and terms."""
        engine = self.engine
        masked = mask(msgid, lang, self.glossary if engine.masks_terms else None)
        terms: tuple[tuple[str, str], ...] = ()
        if not engine.masks_terms:
            terms = tuple((t.en, r) for t in self.glossary.terms_in(msgid)
                          for r in [t.rendering(lang)] if r)
        passage = passage if engine.reads_context else None
        return DraftJob(lang, msgid, masked, split_text(masked.text, engine.max_chars),
                       passage, terms, engine.suspect_context(msgid, passage))

    def run(self, jobs: Sequence[DraftJob], sink: Sink,
            progress: Callable[[int, int], None] | None = None) -> Counts:
        """Draft every job, handing each draft or failure to ``sink`` as it comes;
        raises :class:`EngineDown` if the engine is unreachable before it answers once."""
        return _Run(self, jobs, sink, progress).run()


class _Run:
    def __init__(self, drafter: Drafter, jobs: Sequence[DraftJob], sink: Sink,
                 progress: Callable[[int, int], None] | None) -> None:
        self.drafter, self.engine, self.sink = drafter, drafter.engine, sink
        self.jobs, self.progress = list(jobs), progress
        self.waiting: dict[tuple[str, str], list[DraftJob]] = {}
        for job in self.jobs:
            for key in job.keys():
                self.waiting.setdefault(key, []).append(job)
        self.answers: dict[tuple[str, str], str] = {}
        self.counts = Counts(texts=len(self.waiting))
        self.done = 0

    def run(self) -> Counts:
        todo = []
        for key in self.waiting:
            cached = self.drafter.cache.get(self.engine.cache_name, self.drafter.source, *key)
            if cached is None:
                todo.append(key)
            else:
                self.counts.cached += 1
                self.answers[key] = cached
        for job in self.jobs:
            self._finish_if_ready(job)
        self.stop, self.answered = threading.Event(), threading.Event()
        self.pool = ThreadPoolExecutor(self.drafter.workers, thread_name_prefix="pretranslate")
        self.futures: dict[Future[_Outcome], _Batch] = {}
        try:
            for batch in self._plan(todo):
                self._submit(batch)
            self._collect()
        finally:
            self.stop.set()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self._keep_finished()
            self.sink.flush()
        return self.counts

    def _keep_finished(self) -> None:
        """After an interruption: the answers that arrived but were not yet taken in."""
        for future, batch in self.futures.items():
            if future.done() and not future.cancelled():
                outcome = future.result()
                if outcome.answers is not None:
                    self._answered(batch, outcome.answers)

    def _plan(self, keys: list[tuple[str, str]]) -> list[_Batch]:
        """Requests for ``keys``: by paragraph for an engine that reads context, else as
        many per request as spreads them over the workers, within the service's limits."""
        groups: dict[tuple[str, Passage | None], list[str]] = {}
        for lang, text in keys:
            passage = self.waiting[(lang, text)][0].passage
            groups.setdefault((lang, passage), []).append(text)
        batches = []
        engine = self.engine
        for (lang, passage), texts in groups.items():
            size = engine.batch_items
            if passage is None:  # spread the language's texts over the workers
                size = min(size, math.ceil(len(texts) / self.drafter.workers))
            for chunk in _chunks(texts, max(1, size), engine.batch_chars):
                terms = tuple(dict.fromkeys(
                    term for text in chunk for s in self.waiting[(lang, text)][:1]
                    for term in s.terms))
                batches.append(_Batch(lang, chunk, passage, terms))
        return batches

    def _submit(self, batch: _Batch) -> None:
        request = Request(self.drafter.source, batch.lang, tuple(batch.keys), batch.passage,
                          batch.terms)
        future = self.pool.submit(_ask, self.engine, request, self.drafter.policy, self.stop,
                                  self.answered)
        self.futures[future] = batch

    def _collect(self) -> None:
        down = 0
        last_flush = time.monotonic()
        while self.futures:
            finished, _ = wait(self.futures, timeout=SAVE_INTERVAL, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = self.futures.pop(future)
                outcome = future.result()
                self.counts.sent += outcome.attempts
                if outcome.answers is not None:
                    down = 0
                    self._answered(batch, outcome.answers)
                    continue
                error = outcome.error
                assert error is not None
                if isinstance(error, (EngineUnreachable, EngineRefused)) and \
                        not self.answered.is_set():
                    raise EngineDown(error)
                if isinstance(error, EngineRejected) and len(batch.keys) > 1:
                    self._alone(batch, batch.keys)  # a bad batch: each text by itself
                    continue
                self._fail(batch, batch.keys, _reason(error, outcome.attempts))
                if not isinstance(error, EngineRejected):
                    down += 1
                if self.counts.stopped is None and (
                        down >= DOWN_LIMIT or isinstance(error, EngineRefused)):
                    self.counts.stopped = f"engine {self.engine.name} stopped answering ({error})"
                    self.stop.set()
                    self._cancel(self.counts.stopped)
            if time.monotonic() - last_flush >= SAVE_INTERVAL:
                self.sink.flush()
                last_flush = time.monotonic()

    def _answered(self, batch: _Batch, answers: list[str | None]) -> None:
        good: list[tuple[str, str]] = []
        again = []
        for text, answer in zip(batch.keys, answers, strict=True):
            job = self.waiting[(batch.lang, text)][0]
            reason = judge_answer(text, answer, job.masked, batch.lang)
            if reason is None:
                assert answer is not None
                good.append((text, answer))
            elif batch.alone or len(batch.keys) == 1:
                self._fail(batch, [text], reason)
            else:
                again.append(text)
        self.drafter.cache.put(self.engine.cache_name, self.drafter.source, batch.lang, good)
        for text, answer in good:
            self.answers[(batch.lang, text)] = answer
            for waiting in self.waiting[(batch.lang, text)]:
                self._finish_if_ready(waiting)
        self._alone(batch, again)

    def _alone(self, batch: _Batch, texts: list[str]) -> None:
        if self.stop.is_set():
            self._fail(batch, texts, f"not sent: {self.counts.stopped or 'the run stopped'}")
            return
        for text in texts:
            self._submit(_Batch(batch.lang, [text], batch.passage,
                                self.waiting[(batch.lang, text)][0].terms, alone=True))

    def _cancel(self, reason: str) -> None:
        """Cancel the requests not started yet; keep waiting for those in flight."""
        for future, batch in list(self.futures.items()):
            if future.cancel():
                del self.futures[future]
                self._fail(batch, batch.keys, f"not sent: {reason}")

    def _finish_if_ready(self, job: DraftJob) -> None:
        if job.finished or not all(key in self.answers for key in job.keys()):
            return
        joined = "".join(self.answers.get((job.lang, p.text), p.text) if p.translate
                         else p.text for p in job.pieces)
        text = job.masked.restore(joined)
        try:
            refuse_bad_text(job.msgid, text)
        except RefusedText as refused:
            self._finished(job, failure=str(refused))
            return
        self._finished(job, draft=text)

    def _fail(self, batch: _Batch, texts: list[str], reason: str) -> None:
        for text in texts:
            for job in self.waiting[(batch.lang, text)]:
                if not job.finished:
                    self._finished(job, failure=reason)

    def _finished(self, job: DraftJob, draft: str | None = None,
                  failure: str | None = None) -> None:
        job.finished = True
        if draft is not None:
            self.sink.drafted(job, draft)
        else:
            self.sink.failed(job, failure or "failed")
        self.done += 1
        if self.progress:
            self.progress(self.done, len(self.jobs))


def _chunks(texts: list[str], size: int, chars: int | None) -> list[list[str]]:
    """``texts`` in order, in runs of at most ``size`` texts and ``chars`` characters."""
    chunks: list[list[str]] = []
    current: list[str] = []
    length = 0
    for text in texts:
        if current and (len(current) == size or (chars and length + len(text) > chars)):
            chunks.append(current)
            current, length = [], 0
        current.append(text)
        length += len(text)
    if current:
        chunks.append(current)
    return chunks


def _reason(error: EngineError, attempts: int) -> str:
    return f"{error}" + (f" (after {attempts} attempts)" if attempts > 1 else "")
