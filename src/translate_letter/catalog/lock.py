"""The one project-wide lock that every writer of a catalog takes.

The review app's flusher and every CLI command that writes a catalog take this lock for
each read-modify-write and re-read the file under it.  ``filelock`` uses ``flock`` on
POSIX systems: the kernel releases it when its process dies, so a killed writer never
blocks the next one.
"""

from __future__ import annotations

from filelock import AcquireReturnProxy, FileLock, Timeout

from ..config import Settings
from ..errors import UserError

LOCK_FILE = ".translate-letter.lock"
WAIT_SECONDS = 60.0


def project_lock(settings: Settings, timeout: float = WAIT_SECONDS) -> FileLock:
    """The lock of the project's catalogs (``locales/.translate-letter.lock``)."""
    settings.locales_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(settings.locales_dir / LOCK_FILE, timeout=timeout)


class LockTimeout(UserError):
    """Another writer held the catalogs' lock for longer than we would wait."""


def acquire(lock: FileLock) -> AcquireReturnProxy:
    """Take ``lock`` (``with acquire(lock):`` releases it at the end of the block); a writer
    that holds it too long is a one-line error, not a hang."""
    try:
        return lock.acquire()
    except Timeout:
        raise LockTimeout(f"{lock.lock_file}: another program is writing the catalogs; "
                          "try again") from None
