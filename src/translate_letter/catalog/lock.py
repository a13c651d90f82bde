"""The one project-wide lock that every writer of a catalog takes.

The review app's flusher and every CLI command that writes a catalog take this lock for
each read-modify-write and re-read the file under it.  It is an exclusive ``flock`` on the
catalog folder itself, not on a lock file: a lock file can be deleted while it is held
(``git clean -fX``, ``rsync --delete``), and the next writer then locks a new file of the
same name while the holder still writes.  A folder that holds the catalogs cannot be deleted
from under its holder.  (``filelock`` locks files only, so this is the little of it needed
here.)  The kernel releases the lock when its process dies, so a killed writer never
blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.config import Settings
from ..core.errors import UserError

WAIT_SECONDS = 60.0
POLL_SECONDS = 0.02

# Per thread: folder -> [open descriptor, how many times taken].  Kept per folder, not per
# lock object: a second lock on a folder this thread holds would wait for the thread itself.
_taken = threading.local()


class LockTimeout(UserError):
    """Another writer held the catalogs' lock for longer than we would wait."""


class FolderLock:
    """An exclusive ``flock`` on a folder.  Each thread takes it on its own open file (so
    the threads of one process exclude each other as processes do); a thread that holds it
    may take it again, through any :class:`FolderLock` on that folder."""

    def __init__(self, folder: Path, timeout: float = WAIT_SECONDS) -> None:
        self.folder = folder
        self.timeout = timeout
        self._key = str(folder.resolve())

    def _held(self) -> dict[str, list[int]]:
        if not hasattr(_taken, "folders"):
            _taken.folders = {}
        return _taken.folders

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock, waiting at most ``timeout`` seconds (0: not at all); a writer
        that holds it longer is a :class:`LockTimeout`."""
        held = self._held()
        if self._key in held:
            held[self._key][1] += 1
            return
        fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"{self.folder}: another program is writing the "
                                      "catalogs; try again")
                time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise
        held[self._key] = [fd, 1]

    def release(self) -> None:
        """Give the lock up (the last of a thread's nested takes does)."""
        held = self._held()
        held[self._key][1] -= 1
        if held[self._key][1] == 0:
            # Closing the only descriptor of the open file releases the flock.
            os.close(held.pop(self._key)[0])


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def project_lock(settings: Settings, timeout: float = WAIT_SECONDS) -> FolderLock:
    """The lock of the project's catalogs: their folder (``locales/``) itself."""
    settings.locales_dir.mkdir(parents=True, exist_ok=True)
    return FolderLock(settings.locales_dir, timeout)


@contextmanager
def acquire(lock: FolderLock) -> Iterator[None]:
    """Hold ``lock`` for the ``with`` block; a writer that holds it too long is a one-line
    error, not a hang."""
    lock.acquire()
    try:
        yield
    finally:
        lock.release()
