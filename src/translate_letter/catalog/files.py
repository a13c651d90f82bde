"""Atomic file writes: a reader never sees a half-written catalog or letter.

The new text goes to a temporary file beside the target, is synced, and replaces the target
by a rename.  The file keeps the mode the target had (a 0644 catalog stays 0644); a new file
gets the mode the umask gives (``tempfile.mkstemp`` alone would make it 0600).  A full disk
or an unwritable folder is a :class:`WriteFailed`, and the target is left as it was.

A :class:`FileStamp` tells later, with a ``stat``, whether a file still holds the bytes read
from it or written to it.  :func:`read_settled` reads a file only once it has stopped
changing: a program that saves in place (truncate, then write: ``polib``, ``cp``, many
editors, ``git checkout``) leaves moments where the file is empty or half-written.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.errors import UserError


class WriteFailed(UserError, OSError):
    """A file could not be written (full disk, no permission…); nothing was changed."""

    def __init__(self, path: Path, error: OSError) -> None:
        OSError.__init__(self, error.errno, error.strerror, str(path))
        self.message = f"{path}: cannot write ({error.strerror or error})"

    def __str__(self) -> str:
        return self.message


def _umask() -> int:
    # Linux tells the umask without changing it, which matters with threads writing files.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


# A file whose timestamp is this close to the moment it was stamped may have been changed
# again since without a new timestamp: its bytes must be compared until it is older.
# Whole-second timestamps betray a coarse filesystem (2 s on FAT); others tick in ms.
RACY_NS = 2_000_000_000
FINE_RACY_NS = 100_000_000


@dataclass(frozen=True)
class FileStamp:
    """Which file held some bytes, and when that was known: its inode, size and
    modification time, taken from the open file the bytes were read from or written to
    (never from the path afterwards, where another program may have put another file)."""

    inode: int
    size: int
    mtime_ns: int
    taken_ns: int  # a moment no later than the stat

    @classmethod
    def of(cls, fd: int) -> FileStamp:
        taken = time.time_ns()
        info = os.fstat(fd)
        return cls(info.st_ino, info.st_size, info.st_mtime_ns, taken)

    def holds(self, path: Path) -> bool | None:
        """Whether ``path`` still holds the stamped bytes: False when its stat says it
        changed, True when the stat says it did not and the stamp is old enough for its
        timestamp to tell, None when only the bytes can tell."""
        try:
            info = path.stat()
        except OSError:
            return False
        if (info.st_ino, info.st_size, info.st_mtime_ns) != (self.inode, self.size,
                                                             self.mtime_ns):
            return False
        racy = RACY_NS if self.mtime_ns % 1_000_000_000 == 0 else FINE_RACY_NS
        return True if self.taken_ns - self.mtime_ns >= racy else None

    def renewed(self, taken_ns: int) -> FileStamp:
        """The stamp of the same file found, at ``taken_ns``, to hold the same bytes."""
        return replace(self, taken_ns=taken_ns)


def read_stamped(path: Path) -> tuple[bytes, FileStamp]:
    """The bytes of ``path`` and the stamp of the file they came from (stamped before
    reading: a change while reading makes the file differ from its stamp)."""
    with path.open("rb") as handle:
        stamp = FileStamp.of(handle.fileno())
        return handle.read(), stamp


# How long a file must keep its size, timestamp and bytes to count as written: two reads
# this far apart must agree (a file last changed longer ago than this is read once).
SETTLE_SECONDS = 0.1
SETTLE_TRIES = 4


class FileUnsettled(UserError):
    """A file that another program is still writing."""


def read_settled(path: Path, tries: int = SETTLE_TRIES) -> tuple[bytes, FileStamp]:
    """The bytes of ``path`` and their stamp once the file has stopped changing; after
    ``tries`` reads that each found it changed, :class:`FileUnsettled`."""
    data, stamp = read_stamped(path)
    for _ in range(tries):
        if stamp.taken_ns - stamp.mtime_ns >= SETTLE_SECONDS * 1e9:
            return data, stamp
        time.sleep(SETTLE_SECONDS)
        again, later = read_stamped(path)
        if (later.inode, later.size, later.mtime_ns) == (stamp.inode, stamp.size,
                                                         stamp.mtime_ns) and again == data:
            return again, later
        data, stamp = again, later
    raise FileUnsettled(f"{path}: another program is still writing it; try again when it "
                        "has finished")


def atomic_write_bytes(path: Path, data: bytes) -> FileStamp:
    """Write ``data`` to ``path`` through a synced temporary file and a rename; the stamp
    of the file written."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            stamp = FileStamp.of(handle.fileno())  # a rename keeps inode, size and mtime
        os.replace(tmp, path)
        tmp = None
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise WriteFailed(path, exc) from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return stamp
