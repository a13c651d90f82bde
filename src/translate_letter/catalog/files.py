"""Atomic file writes: a reader never sees a half-written catalog or letter.

The new text goes to a temporary file beside the target, is synced, and replaces the target
by a rename.  The file keeps the mode the target had (a 0644 catalog stays 0644); a new file
gets the mode the umask gives (``tempfile.mkstemp`` alone would make it 0600).  A full disk
or an unwritable folder is a :class:`WriteFailed`, and the target is left as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..errors import UserError


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


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file and a rename."""
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
