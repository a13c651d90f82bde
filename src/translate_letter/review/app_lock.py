"""One review app per project folder.

Two apps on one folder would each acknowledge saves on the same version.  ``serve`` holds
an exclusive lock (``flock`` through ``filelock``) for as long as the app runs; the kernel
releases it when the process ends, however it ends, so a killed app never blocks a restart.
The lock file names the running app (pid and address) for the one that is turned away, and
the instance folder it keeps its journal in, for the commands of the CLI.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from filelock import FileLock, Timeout

from ..config import Settings
from ..errors import UserError
from .journal import instance_path

APP_LOCK_FILE = ".translate-letter.serve.lock"


class AlreadyServing(UserError):
    """Another review app runs on this project folder."""


class AppLock:
    """The claim of a running review app on its project folder."""

    def __init__(self, settings: Settings, instance: Path) -> None:
        settings.locales_dir.mkdir(parents=True, exist_ok=True)
        self.path = settings.locales_dir / APP_LOCK_FILE
        self.instance = instance.resolve()
        self._lock = FileLock(self.path, timeout=0, thread_local=False)

    def claim(self) -> AppLock:
        """Take the folder, or raise :class:`AlreadyServing` naming the app that has it."""
        try:
            self._lock.acquire()
        except Timeout:
            raise AlreadyServing(f"a review app already runs on this project folder "
                                 f"({_describe(self.path)}); stop it first") from None
        self.announce(None)
        return self

    def announce(self, address: str | None) -> None:
        """Write who holds the folder, for a second ``serve`` to report."""
        record = json.dumps({"pid": os.getpid(), "address": address,
                             "instance": str(self.instance)})
        # In place, not by rename: the lock belongs to this file's inode.
        with open(self.path, "r+", encoding="utf-8") as handle:
            handle.write(record)
            handle.truncate()

    def release(self) -> None:
        """Give the folder up (the kernel does it too when the process dies)."""
        self._lock.release()


def project_instance(settings: Settings, given: Path | None = None) -> Path:
    """The instance folder a command uses: ``given``, else the one the project's review
    app runs or last ran with (``serve --instance``), else ``instance/`` in the project."""
    if given is not None:
        return instance_path(settings.root, given)
    recorded = _record(settings.locales_dir / APP_LOCK_FILE).get("instance")
    if isinstance(recorded, str) and Path(recorded).is_dir():
        return Path(recorded)
    return instance_path(settings.root)


def _record(path: Path) -> dict:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _describe(path: Path) -> str:
    record = _record(path)
    try:
        pid, address = int(record["pid"]), record.get("address")
    except (ValueError, KeyError, TypeError):
        return "its pid and address are not known yet"
    return f"pid {pid} at {address}" if address else f"pid {pid}, still starting"
