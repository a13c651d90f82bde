"""Waitress's task dispatcher with the editor first: the review app's people before the
reading room's readers.

Waitress takes requests in the order they arrive on a fixed set of threads, which share
one interpreter: sixteen readers downloading the letter in a loop would keep every thread
busy and queue a translator's save behind them.  :class:`EditorFirst` keeps two queues.
It replaces waitress's own dispatcher through ``create_server(_dispatcher=…)`` and follows
its ``handler_thread`` loop (waitress 3.0; pinned in ``pyproject.toml``).
"""

from __future__ import annotations

import re
import time
from collections import deque
from typing import Any

from waitress.task import ThreadedTaskDispatcher

# The reading room's paths: what readers ask for, and may wait for behind the app's people.
_PUBLIC_PATH = re.compile(r"/(?:(?:read|verify|releases|assets)/.*)?")
# Readers' requests that may start per second: a 40 KB letter 200 times a second is 64
# Mbit/s, more than a reading room sees but for a crowd, which then waits its turn.
READER_RATE = 200.0


class EditorFirst(ThreadedTaskDispatcher):
    """Waitress's dispatcher with the editor first.

    Requests of the app's own people (a translator's save) are taken before readers'
    requests for the public reading room; readers are served by at most ``reader_threads``
    threads at once, and at most ``reader_rate`` of their requests start per second.  Readers
    beyond that wait their turn in the queue, costing nothing, so that however many come, a
    save neither queues behind them nor shares the interpreter with more than a few.
    """

    def __init__(self, reader_threads: int, reader_rate: float) -> None:
        super().__init__()
        self.public: deque = deque()
        self.reader_threads = reader_threads
        self.spacing = 1 / reader_rate
        self.reading = 0  # threads serving a reader now
        self.next_reader = 0.0  # when the next reader's request may start

    def add_task(self, task: Any) -> None:
        requests = getattr(task, "requests", None)
        path = (requests[0].path if requests else "") or ""
        with self.lock:
            (self.public if _PUBLIC_PATH.fullmatch(path) else self.queue).append(task)
            self.queue_cv.notify_all()

    def handler_thread(self, thread_no: int) -> None:
        while True:
            with self.lock:
                task, reader = self._take()
                if task is None:
                    self.active_count -= 1
                    self.stop_count -= 1
                    self.threads.discard(thread_no)
                    self.thread_exit_cv.notify()
                    break
            try:
                task.service()
            except BaseException:
                self.logger.exception("Exception when servicing %r", task)
            finally:
                if reader:
                    with self.lock:
                        self.reading -= 1
                        self.queue_cv.notify_all()

    def _take(self) -> tuple[Any, bool]:
        """The next task, and whether it is a reader's (caller holds the lock); None when
        this thread is to stop."""
        while self.stop_count == 0:
            if self.queue:
                return self.queue.popleft(), False
            if self.public and self.reading < self.reader_threads:
                now = time.monotonic()
                if now >= self.next_reader:
                    self.next_reader = max(now, self.next_reader) + self.spacing
                    self.reading += 1
                    return self.public.popleft(), True
                self.queue_cv.wait(self.next_reader - now)  # an editor's task comes sooner
                continue
            self.active_count -= 1
            self.queue_cv.wait()
            self.active_count += 1
        return None, False

    def shutdown(self, cancel_pending: bool = True, timeout: float = 5) -> bool:
        with self.lock:
            self.queue.extend(self.public)
            self.public.clear()
        return super().shutdown(cancel_pending, timeout)
