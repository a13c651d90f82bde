"""The reading room on a server: public files made off the request threads, and served
while their next version is made.

Deciding what is public and making its files (typesetting a PDF takes a second, segmenting
a very long document minutes) happen in worker processes (:mod:`.worker`), never on the
threads that answer the editor.  The room keeps the last version of every public file it
made and what it was made of, so a request costs a few ``stat`` calls and one small query:

- a file made from the current versions of its inputs is served;
- a file whose inputs changed is served as it was while its next version is made, one at a
  time per file: readers who ask meanwhile get the same previous version and wait for
  nothing;
- a file never made, or made before the maintainers' last act (a decision on what is
  public, a release: a withdrawal takes effect at once), is waited for, a bounded time
  (then the reader is told to come back, :class:`Preparing`), by a few requests at most,
  so that readers never hold all the server's threads.

A file is made again only when what it is made of changed: its document's source and
template, its own language's catalog, and what is public.  A save in the Persian catalog
makes the Persian files again, and the pages that show the Persian title, nothing else.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as WaitedTooLong
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from ..core.config import Settings
from ..core.errors import UserError
from ..publish import Decision, Decisions, NotPublished, Publication, publish_rule
from . import worker
from .pages import INDEX, page_path
from .site import SiteFile, site_files

log = logging.getLogger(__name__)

WAIT = 20.0  # seconds a reader waits for a file that has no earlier version
WAITING = 4  # requests that may wait at once; more are told to come back at once
RETRY_AFTER = 5  # seconds, for a reader told to come back
LANES = 2  # worker processes; the files of one document are always made by the same one

T = TypeVar("T")
Key = tuple[str, str | None]  # a file's path, and the interface language of a page


class Preparing(UserError):
    """A file (or the list of what is public) is being made and has no earlier version to
    serve: come back in ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int = RETRY_AFTER) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rendered:
    """A public file as served: its bytes and type, an ETag and its Last-Modified time."""

    data: bytes
    media_type: str
    etag: str
    last_modified: datetime
    download: str | None = None
    localized: bool = False  # a page, whose words follow the reader's interface language


@dataclass(frozen=True)
class Inputs:
    """What every public file is made of, as cheap fingerprints."""

    files: worker.Versions
    decisions: tuple[tuple[tuple[str, str], Decision], ...]

    @property
    def acts(self) -> tuple:
        """The maintainers' acts: their decisions on what is public, and the releases."""
        return self.decisions, self.files.releases


@dataclass(frozen=True)
class _Snapshot:
    """What is public under one set of inputs, and each public file's token: what it is
    made of, so that a file is made again only when that changed."""

    serial: int  # of the decision it came from: a later one is newer
    inputs: Inputs
    publication: Publication
    files: dict[str, SiteFile]
    tokens: dict[str, tuple]


@dataclass(frozen=True)
class _Flight:
    """Work sent to a worker: the decision on what is public for ``inputs``, or the making
    of a file for ``token`` under ``snapshot``."""

    serial: int
    future: Future
    inputs: Inputs
    token: tuple = ()
    snapshot: _Snapshot | None = None


@dataclass(frozen=True)
class _Made:
    """A file's last version (or why it cannot be made): the flight it came from, its token
    and the maintainers' acts (decisions, releases) it was made under."""

    serial: int
    token: tuple
    acts: tuple
    result: Rendered | UserError


class ReadingRoom:
    """The public pages and files of one project, made in worker processes."""

    def __init__(self, settings: Settings, decisions: Callable[[], Decisions],
                 wait: float = WAIT, waiting: int = WAITING,
                 changed: Callable[[], None] | None = None) -> None:
        """``changed`` is told, on a thread of its own, each time the room decided anew
        what is public (its inputs changed): the app records there what a change made
        outside it did to the public state."""
        publish_rule(settings)  # a bad rule stops the app at start, not a reader's request
        self.settings = settings
        self.decisions = decisions
        self.changed = changed
        self.wait = wait
        self._waiting = threading.BoundedSemaphore(waiting)
        self._lock = threading.RLock()  # a finished future's callback may run at once
        self._serial = 0
        self._snapshot: _Snapshot | None = None
        self._deciding: _Flight | None = None
        self._made: dict[Key, _Made] = {}
        self._making: dict[Key, _Flight] = {}
        self.renders: Counter[str] = Counter()  # files sent to be made, by path

    def index(self, ui: str | None = None) -> Rendered:
        return self.get(INDEX, ui)

    def page(self, doc: str, lang: str, ui: str | None = None) -> Rendered:
        """The page of ``doc`` in ``lang``, its words in the interface language ``ui``."""
        return self.get(page_path(doc, lang) + INDEX, ui)

    def file(self, doc: str, lang: str, name: str) -> Rendered:
        """A download of ``doc`` in ``lang`` (the page is not one)."""
        if name == INDEX:
            raise NotPublished(f"no file {name!r}")
        return self.get(page_path(doc, lang) + name)

    def asset(self, name: str) -> Rendered:
        return self.get(f"assets/{name}")

    def prepare(self) -> None:
        """Start the workers and decide what is public, before the first reader comes (the
        app runs this beside its start)."""
        try:
            self._decide(self.inputs())
        except Exception:  # the first reader's request meets the same problem, and says it
            log.exception("the reading room could not prepare")

    def inputs(self) -> Inputs:
        """What every public file is made of, as it is now."""
        return Inputs(worker.versions(self.settings), tuple(sorted(self.decisions().items())))

    def get(self, path: str, ui: str | None = None, wait: bool = True) -> Rendered:
        """The public file at ``path`` (from the site's root), a page's words in ``ui``;
        else :class:`NotPublished`, :class:`RenderFailed` or :class:`Preparing` (at once,
        without ``wait``, when it would have to be waited for)."""
        inputs = self.inputs()
        with self._lock:
            ready = self._snapshot is not None and \
                self._snapshot.inputs.acts == inputs.acts
        if not (wait or ready):
            raise Preparing("the list of letters is being prepared")
        snapshot = self._public(inputs)
        if path not in snapshot.files and snapshot.inputs != inputs and wait:
            snapshot = self._decided(inputs)  # perhaps published since: decide now
        file = snapshot.files.get(path)
        if file is None:
            raise NotPublished(f"nothing public at {path!r}")
        key = (path, ui if file.localized else None)
        token = (snapshot.tokens[path], key[1])
        with self._lock:
            made = self._made.get(key)
            if made is not None and made.token == token:
                return _result(made)
            flight = self._make(key, token, snapshot)
        if made is not None and made.acts == inputs.acts:
            return _result(made)  # its next version is on its way
        if not wait:
            raise Preparing(f"{path} is being prepared")
        for _ in range(2):  # the one in flight may have been made before the last acts
            self._wait_for(flight.future, path)
            made = self._keep(key, flight)
            if made.acts == inputs.acts:
                return _result(made)
            with self._lock:
                flight = self._make(key, token, snapshot)
        raise Preparing(f"{path} is being prepared; come back in a few seconds")

    def _next(self) -> int:
        with self._lock:
            self._serial += 1
            return self._serial

    # What is public.

    def _public(self, inputs: Inputs) -> _Snapshot:
        """The latest decision on what is public.  When it was made on other inputs, the
        next one is on its way, and is waited for if the maintainers acted since
        (or there is none yet)."""
        with self._lock:
            snapshot = self._snapshot
            if snapshot is not None and snapshot.inputs == inputs:
                return snapshot
        if snapshot is None or snapshot.inputs.acts != inputs.acts:
            return self._decided(inputs)
        self._decide(inputs)
        return snapshot

    def _decided(self, inputs: Inputs) -> _Snapshot:
        """A decision on what is public made after the maintainers' acts of
        ``inputs``, waited for."""
        for _ in range(2):  # the one in flight may have been asked before the last acts
            flight = self._decide(inputs)
            snapshot = self._install(flight, self._wait_for(flight.future, "the list of letters"))
            if snapshot.inputs.acts == inputs.acts:
                return snapshot
        raise Preparing("the list of letters is being prepared; come back in a few seconds")

    def _decide(self, inputs: Inputs) -> _Flight:
        """The decision on what is public in flight (one at a time), or a new one."""
        with self._lock:
            deciding = self._deciding
            if deciding is not None and (not deciding.future.done() or
                                         deciding.inputs == inputs):
                return deciding
            future = _lanes().submit("", worker.publication_of, self.settings,
                                     dict(inputs.decisions), inputs.files)
            self._deciding = flight = _Flight(self._next(), future, inputs)
        future.add_done_callback(lambda done: self._installed(flight))
        return flight

    def _installed(self, flight: _Flight) -> None:
        if not flight.future.cancelled() and flight.future.exception() is None:
            snapshot = self._install(flight, flight.future.result())
            if self.changed is not None and snapshot.serial == flight.serial:
                threading.Thread(target=self.changed, name="public-state", daemon=True).start()

    def _install(self, flight: _Flight, pub: Publication) -> _Snapshot:
        """The decision ``flight`` came to, kept unless a later one is kept already."""
        with self._lock:
            current = self._snapshot
            if current is not None and current.serial >= flight.serial:
                return current if current.serial == flight.serial else \
                    _snapshot(flight.serial, flight.inputs, pub)
            self._snapshot = snapshot = _snapshot(flight.serial, flight.inputs, pub)
            return snapshot

    # Making files.

    def _make(self, key: Key, token: tuple, snapshot: _Snapshot) -> _Flight:
        """The making of the file at ``key`` in flight (one at a time per file), or a new
        one for ``token`` (caller holds the lock)."""
        making = self._making.get(key)
        if making is not None and not making.future.done():
            return making
        path, ui = key
        lane = path.split("/")[1] if path.startswith("read/") else ""
        future = _lanes().submit(lane, worker.render_file, snapshot.publication, path, ui,
                                 snapshot.inputs.files)
        self._making[key] = flight = _Flight(self._next(), future, snapshot.inputs, token,
                                             snapshot)
        self.renders[path] += 1
        future.add_done_callback(lambda done: self._kept(key, flight))
        return flight

    def _kept(self, key: Key, flight: _Flight) -> None:
        try:
            self._keep(key, flight)
        except Exception:  # a worker's bug: the request that waits for it answers 500
            log.exception("cannot make %s", key[0])

    def _keep(self, key: Key, flight: _Flight) -> _Made:
        """What the making of a file came to, kept unless a later version is kept already."""
        assert flight.snapshot is not None
        with self._lock:
            made = self._made.get(key)
            if made is not None and made.serial >= flight.serial:
                return made
            result: Rendered | UserError
            try:
                data = flight.future.result()
            except UserError as failed:  # RenderFailed, NotPublished, an unreadable file
                result = failed
            else:
                previous = made.result if made is not None else None
                result = _rendered(data, flight.snapshot.files[key[0]], previous)
            self._made[key] = made = _Made(flight.serial, flight.token,
                                           flight.inputs.acts, result)
            return made

    def _wait_for(self, future: Future[T], what: str) -> T:
        """The result of ``future``, waited for at most :attr:`wait` seconds by a few
        requests at most; else :class:`Preparing`."""
        if not self._waiting.acquire(blocking=False):
            raise Preparing(f"{what} is being prepared; come back in a few seconds")
        try:
            return future.result(timeout=self.wait)
        except (WaitedTooLong, BrokenProcessPool):
            raise Preparing(f"{what} is being prepared; come back in a few seconds") from None
        finally:
            self._waiting.release()


def _snapshot(serial: int, inputs: Inputs, pub: Publication) -> _Snapshot:
    """What is public under ``inputs``, with each public file's token: a download is made
    of its edition's files, its page also of the list of its document's languages, the list
    of letters of every published edition's files."""
    files = site_files(pub, static=False)
    versions = {e: inputs.files.of(e) for e in pub.editions if e.published}
    published = tuple((doc, tuple((e, versions[e]) for e in pub.published(doc)))
                      for doc in pub.documents)
    tokens: dict[str, tuple] = {}
    for doc, editions in published:
        languages = tuple(e.lang for e, _ in editions)
        for edition, version in editions:
            folder = page_path(doc, edition.lang)
            for path in files:
                if path.startswith(folder):
                    tokens[path] = ("page", edition, version, languages) if path == \
                        folder + INDEX else ("file", edition, version)
    tokens[INDEX] = ("index", published)
    releases = inputs.files.releases
    for path in files:
        if path in tokens and tokens[path][0] == "page":
            tokens[path] += (releases,)  # its downloads' checksums name the releases
        elif path.startswith("assets/"):
            tokens[path] = ("asset",)
        elif path not in tokens:  # the releases' files and the Verify pages
            tokens[path] = ("releases", releases)
    return _Snapshot(serial, inputs, pub, files, tokens)


def _rendered(data: bytes | None, file: SiteFile,
              previous: Rendered | UserError | None) -> Rendered | UserError:
    if data is None:
        return NotPublished("nothing public here")
    etag = hashlib.sha256(data).hexdigest()[:32]
    if isinstance(previous, Rendered) and previous.etag == etag:
        return previous  # the same bytes: the same validators
    return Rendered(data, file.media_type, etag, datetime.now(UTC).replace(microsecond=0),
                    file.download, file.localized)


def _result(made: _Made) -> Rendered:
    if isinstance(made.result, UserError):
        raise made.result
    return made.result


class _Lanes:
    """Worker processes, one queue each: the files of one document always go to the same
    process, which keeps that document segmented and its letters read between files."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pools: dict[int, ProcessPoolExecutor] = {}
        self._lock = threading.Lock()

    def submit(self, lane: str, function: Callable[..., T], *args: object) -> Future[T]:
        number = sum(lane.encode("utf-8")) % self.count
        for _ in range(2):
            with self._lock:
                pool = self._pools.get(number)
                if pool is None:
                    pool = self._pools[number] = ProcessPoolExecutor(
                        1, mp_context=_context(), initializer=worker.start_worker)
                try:
                    return pool.submit(function, *args)
                except BrokenProcessPool:  # its process died (out of memory?): another
                    del self._pools[number]
        raise Preparing("the reading room's renderer is starting again; come back shortly")

    def stop(self) -> None:
        """End the worker processes, whatever they are doing."""
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            # ProcessPoolExecutor waits for a running task; its processes are ended instead
            # (Python 3.14 has terminate_workers() for this).
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)


_CONTEXT: multiprocessing.context.BaseContext | None = None
_LANES: _Lanes | None = None
_LANES_LOCK = threading.Lock()


def _context() -> multiprocessing.context.BaseContext:
    """Worker processes forked from a small server process that has the renderer and
    WeasyPrint loaded, never from the app's process, which runs threads."""
    global _CONTEXT
    if _CONTEXT is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["translate_letter.reading.worker", "weasyprint"])
        _CONTEXT = context
    return _CONTEXT


def _lanes() -> _Lanes:
    """The worker processes of this process, shared by its reading rooms."""
    global _LANES
    with _LANES_LOCK:
        if _LANES is None:
            _LANES = _Lanes(LANES)
        return _LANES


def stop_workers() -> None:
    """End this process's reading-room workers (the next request starts them again)."""
    with _LANES_LOCK:
        if _LANES is not None:
            _LANES.stop()
