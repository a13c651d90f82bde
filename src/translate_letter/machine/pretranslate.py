"""Pre-translation: fill untranslated entries with drafts, fast and without losing work.

Drafts reach their catalogs within :data:`~.drafting.SAVE_INTERVAL` seconds of arriving: each
save takes the project-wide lock, re-reads the catalog and writes a draft only into an entry
that is still untranslated (or, with ``redraft``, still a machine's draft), so a person's
translation made while the run goes on is never replaced.  A crash, Ctrl-C or a dead server
leaves valid catalogs, and a re-run goes on where the last one stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..catalog.entry import Entry, messages
from ..catalog.lock import acquire, project_lock
from ..catalog.project import document_template, project_catalogs, refuse_incomplete
from ..catalog.reader import load_catalog
from ..catalog.states import State, drafted_by_machine, mark_draft, state_of
from ..catalog.writer import save_catalog
from ..core.config import Settings
from ..core.errors import UserError
from ..core.glossary import load_glossary
from ..core.tokens import token_problems
from ..storage import Location, configured, instance_path
from .cache import TranslationCache
from .drafting import Drafter, DraftJob, EngineDown, RetryPolicy
from .engines import (
    DEFAULT_TIMEOUT,
    Engine,
    EngineConfig,
    EngineError,
    EngineRefused,
    MachineTranslator,
    Passage,
)
from .llm import load_instructions
from .memory import MemoryEngine, memory_files, threshold_of
from .registry import DEFAULT_ENGINE, open_engine

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Options:
    """What ``pretranslate`` takes from the command line."""

    engine: str = DEFAULT_ENGINE
    url: str | None = None
    api_key: str | None = None
    model: str | None = None
    workers: int = 8
    timeout: float = DEFAULT_TIMEOUT
    retries: int = 3
    memory_files: tuple[Path, ...] = ()
    threshold: float | None = None
    redraft: bool = False


@dataclass(frozen=True)
class Failure:
    lang: str
    msgid: str
    reason: str


@dataclass
class Report:
    """What a run did; ``ok`` is false when some entry could not be drafted."""

    engine: str
    redraft: bool = False
    entries: int = 0
    drafted: Counter[str] = field(default_factory=Counter)
    left_alone: int = 0
    flagged: list[tuple[str, str, list[str]]] = field(default_factory=list)
    suspect: list[tuple[str, str, str]] = field(default_factory=list)  # lang, msgid, text
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
        which = "untranslated or machine-drafted" if self.redraft else "untranslated"
        line = (f"{sum(self.drafted.values())} of {self.entries} {which} entries drafted "
                f"by {self.engine}" + (f" ({per_lang})" if per_lang else ""))
        if self.engine == MemoryEngine.name:
            line += f"; {self.unmatched} without a match"
        else:
            line += (f"; {self.texts} distinct texts, {self.cached} from cache, "
                     f"{self.sent} requests")
        line += f"; {len(self.flagged)} flagged (token missing)"
        if self.suspect:
            line += f", {len(self.suspect)} flagged (instruction-like text in the request)"
        line += f", {len(self.failed)} failed"
        if self.left_alone:
            line += f"; {self.left_alone} left alone (changed by someone meanwhile)"
        return line + (f"; stopped: {self.stopped}" if self.stopped else "")


@dataclass(frozen=True)
class _Entry:
    path: Path
    msgid: str
    context: str | None


@dataclass(frozen=True)
class _Draft:
    entry: _Entry
    lang: str
    text: str
    origin: str
    problems: tuple[str, ...] = ()
    suspect: str | None = None


class Workbook:
    """The catalogs being pre-translated: the entries to draft, by (lang, msgid), and the
    drafts waiting to be written."""

    def __init__(self, settings: Settings, languages: Sequence[str], redraft: bool) -> None:
        found = project_catalogs(settings, list(languages))
        missing = [lang for lang in languages if not any(lang == f[1] for f in found)]
        if missing:
            raise UserError(f"no catalog for {', '.join(missing)} "
                            f"(run 'translate-letter update -l {','.join(missing)}')")
        self.settings, self.redraft = settings, redraft
        self.pending: dict[tuple[str, str], list[_Entry]] = {}
        self.passages: dict[tuple[str, str], Passage] = {}
        self._known: dict[Path, tuple[tuple[int, int, int], Catalog]] = {}
        for doc, lang, path in found:
            catalog = self._read(path)
            refuse_incomplete(catalog, document_template(settings, doc), str(path))
            found_passages = passages(messages(catalog))
            for message in messages(catalog):
                if isinstance(message.id, str) and self.replaceable(message):
                    key = (lang, message.id)
                    self.pending.setdefault(key, []).append(
                        _Entry(path, message.id, message.context))
                    self.passages.setdefault(key, found_passages[message.id])
        self.written: Counter[str] = Counter()
        self.left_alone = 0
        self._queue: dict[Path, list[_Draft]] = {}

    def replaceable(self, message: Message) -> bool:
        """Whether a machine may write this entry: untranslated, or with ``redraft`` a draft
        that a machine wrote (never a person's translation, approval or draft)."""
        state = state_of(message)
        return state is State.UNTRANSLATED or (self.redraft and drafted_by_machine(message))

    @property
    def entries(self) -> int:
        return sum(len(entries) for entries in self.pending.values())

    def draft(self, lang: str, msgid: str, text: str, origin: str,
              problems: Sequence[str] = (), suspect: str | None = None) -> None:
        """Queue ``text`` as the draft of every entry ``msgid`` has in ``lang``; ``suspect``
        is the instruction-like text its request carried."""
        for entry in self.pending[(lang, msgid)]:
            self._queue.setdefault(entry.path, []).append(
                _Draft(entry, lang, text, origin, tuple(problems), suspect))

    def save(self) -> list[Path]:
        """Write the queued drafts under the project lock, each into an entry that is still
        :meth:`replaceable` in the catalog as it is now on disk."""
        if not self._queue:
            return []
        saved = []
        with acquire(project_lock(self.settings)):
            # A path leaves the queue only once written: Ctrl-C in between loses nothing.
            for path in list(self._queue):
                catalog = self._read(path)
                if self._apply(catalog, self._queue[path]):
                    catalog.revision_date = datetime.now(UTC)
                    save_catalog(path, catalog)
                    self._known[path] = (_identity(path), catalog)
                    saved.append(path)
                del self._queue[path]
        return saved

    def _read(self, path: Path) -> Catalog:
        """The catalog as it is on disk: parsed again unless the file is the very one this
        run read or wrote last (``_known`` keeps each catalog with the file's identity then;
        every writer replaces the file, so another write changes it)."""
        identity = _identity(path)
        known = self._known.get(path)
        if known is not None and known[0] == identity:
            return known[1]
        catalog = load_catalog(path)
        self._known[path] = (identity, catalog)
        return catalog

    def _apply(self, catalog: Catalog, drafts: list[_Draft]) -> bool:
        changed = False
        for draft in drafts:
            message = catalog.get(draft.entry.msgid, draft.entry.context)
            # A draft that holds this very text already (a save interrupted after writing it)
            # is this run's own.
            ours = message is not None and message.string == draft.text and \
                drafted_by_machine(message)
            if message is None or not (ours or self.replaceable(message)):
                self.left_alone += 1
                continue
            mark_draft(message, draft.text, draft.origin, missing_tokens=list(draft.problems),
                       suspect=draft.suspect)
            self.written[draft.lang] += 1
            changed = True
        return changed


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def passages(entries: Iterable[Message]) -> dict[str, Passage]:
    """Each msgid's paragraph (its block's segments) with the blocks before and after, from
    the messages of a catalog in their order."""
    blocks: list[tuple[str, list[str]]] = []
    for message in entries:
        if not isinstance(message.id, str):
            continue
        places = Entry(message).places
        label = places[0].block if places else message.id
        if not blocks or blocks[-1][0] != label:
            blocks.append((label, []))
        blocks[-1][1].append(message.id)
    texts = [" ".join(ids) for _, ids in blocks]
    found: dict[str, Passage] = {}
    for n, (_, ids) in enumerate(blocks):
        passage = Passage(texts[n], texts[n - 1] if n else "",
                          texts[n + 1] if n + 1 < len(texts) else "")
        for msgid in ids:
            found.setdefault(msgid, passage)
    return found


def engine_config(settings: Settings, options: Options) -> EngineConfig:
    """The engine's configuration from the command line and the project's settings."""
    return EngineConfig(
        url=options.url, api_key=options.api_key, model=options.model, timeout=options.timeout,
        source_language=settings.source_language, locales_dir=settings.locales_dir,
        memory_files=(*memory_files(settings), *options.memory_files),
        threshold=threshold_of(settings) if options.threshold is None else options.threshold,
        instructions=load_instructions(settings.root, settings.setting("llm-instructions")),
    )


def pretranslate(settings: Settings, languages: Sequence[str], options: Options,
                 progress: Progress | None = None, policy: RetryPolicy | None = None,
                 cache_at: Location | None = None) -> Report:
    """Draft every untranslated entry of ``languages`` (and, with ``redraft``, every machine
    draft) with the engine ``options`` names; answers are cached in the review database at
    ``cache_at`` (default: the one in the project's ``instance/``).

    Every input is read and checked before anything is written; an engine that cannot be
    reached before it has answered once is a :class:`UserError`.
    """
    if options.engine != MemoryEngine.name and (options.memory_files or options.threshold):
        raise UserError("--memory and --threshold go with --engine memory")
    if options.workers < 1:
        raise UserError("--workers must be at least 1")
    engine = open_engine(options.engine, engine_config(settings, options))
    try:
        workbook = Workbook(settings, languages, options.redraft)
        glossary = load_glossary(settings.locales_dir)
        try:
            engine.prepare(settings.source_language, languages)
        except EngineError as error:
            raise engine_down(engine, error) from None
        report = Report(engine.name, redraft=options.redraft, entries=workbook.entries)
        if isinstance(engine, MemoryEngine):
            _by_memory(engine, workbook, report, progress)
        elif isinstance(engine, MachineTranslator):
            cache = TranslationCache(
                cache_at or configured(settings, instance_path(settings.root)))
            drafter = Drafter(engine, cache, glossary, settings.source_language,
                              options.workers, policy or RetryPolicy(options.retries))
            jobs = [drafter.job(lang, msgid, workbook.passages[(lang, msgid)])
                        for lang, msgid in workbook.pending]
            sink = _WorkbookSink(workbook, report, engine.origin)
            try:
                counts = drafter.run(jobs, sink, progress)
            except EngineDown as down:
                raise engine_down(engine, down.error) from None
            finally:
                cache.close()
            report.texts, report.cached = counts.texts, counts.cached
            report.sent, report.stopped = counts.sent, counts.stopped
            report.saved = sink.saved
        report.drafted, report.left_alone = workbook.written, workbook.left_alone
        return report
    finally:
        engine.close()


class _WorkbookSink:
    """Drafts into the workbook (saved at every flush), failures into the report."""

    def __init__(self, workbook: Workbook, report: Report, origin: str) -> None:
        self.workbook, self.report, self.origin = workbook, report, origin
        self.saved: list[Path] = []

    def drafted(self, job: DraftJob, text: str) -> None:
        self.workbook.draft(job.lang, job.msgid, text, self.origin,
                            suspect=job.suspect)
        if job.suspect:
            self.report.suspect.append((job.lang, job.msgid, job.suspect))

    def failed(self, job: DraftJob, reason: str) -> None:
        self.report.failed.append(Failure(job.lang, job.msgid, reason))

    def flush(self) -> None:
        self.saved = sorted(set(self.saved) | set(self.workbook.save()))


def engine_down(engine: Engine, error: EngineError) -> UserError:
    """The one-line error for an engine that cannot be used at all."""
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
            # A person's translation of a similar sentence: kept, flagged where its tokens
            # differ by the rule of the QA checks.
            problems = token_problems(msgid, found.translation, lang)
            workbook.draft(lang, msgid, found.translation, found.origin, problems)
            if problems:
                report.flagged.append((lang, msgid, problems))
        if progress:
            progress(done, total)
    report.saved = workbook.save()
