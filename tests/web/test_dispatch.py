"""The server's dispatcher takes the editor's requests before the readers'."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from translate_letter.web.dispatch import EditorFirst


class Request:
    """What waitress hands the dispatcher: a channel with its parsed request."""

    def __init__(self, path: str, served: list[str], hold: threading.Event | None = None):
        self.requests = [SimpleNamespace(path=path)]
        self.path, self.served, self.hold = path, served, hold
        self.started = threading.Event()

    def service(self) -> None:
        self.served.append(self.path)
        self.started.set()
        if self.hold is not None:
            assert self.hold.wait(30)


def test_a_save_goes_before_the_readers_who_came_first():
    served: list[str] = []
    dispatcher = EditorFirst(reader_threads=1, reader_rate=1000)
    dispatcher.set_thread_count(1)
    release = threading.Event()
    busy = Request("/api/letter/fa/entries/1", served, release)
    try:
        dispatcher.add_task(busy)
        assert busy.started.wait(30)
        readers = [Request(path, served) for path in
                   ("/", "/read/letter/fa/letter.pdf", "/assets/letter.css")]
        for reader in readers:
            dispatcher.add_task(reader)
        save = Request("/api/letter/fa/entries/2", served)
        dispatcher.add_task(save)
        release.set()
        assert all(reader.started.wait(30) for reader in readers)
    finally:
        dispatcher.shutdown()
    assert served == ["/api/letter/fa/entries/1", "/api/letter/fa/entries/2", "/",
                      "/read/letter/fa/letter.pdf", "/assets/letter.css"]


def test_readers_hold_no_more_threads_than_given_and_the_editor_has_the_rest():
    served: list[str] = []
    dispatcher = EditorFirst(reader_threads=2, reader_rate=1000)
    dispatcher.set_thread_count(4)
    release = threading.Event()
    readers = [Request(f"/read/letter/fa/letter.{n}", served, release) for n in range(6)]
    try:
        for reader in readers:
            dispatcher.add_task(reader)
        assert readers[0].started.wait(30) and readers[1].started.wait(30)
        saves = [Request(f"/api/letter/fa/entries/{n}", served) for n in range(2)]
        for save in saves:
            dispatcher.add_task(save)
        assert all(save.started.wait(30) for save in saves)
        assert sum(r.started.is_set() for r in readers) == 2  # the others still queue
        release.set()
        assert all(reader.started.wait(30) for reader in readers)
    finally:
        dispatcher.shutdown()
