"""One review app per project folder.

Two apps on one folder would each acknowledge saves on the same version.  ``serve`` holds
an exclusive lock on the project folder itself (a :class:`~..catalog.lock.FolderLock`) for
as long as the app runs: a lock file could be deleted from under the app (``git clean -fX``,
``rsync --delete``) and let a second app start, a folder that holds the project cannot.  The
kernel releases the lock when the process ends, however it ends, so a killed app never
blocks a restart.

On PostgreSQL (setting ``database``) the database is the truth for entries, and any number of
review processes, on this host or others that share the project folder, may serve it: the
claim is shared, and no process names itself as the one app.

Beside it, ``locales/.translate-letter.serve.lock`` names the running app (pid and address)
for the one that is turned away, and the instance folder it keeps its journal in, for the
commands of the CLI.  The app checks every few seconds that the record is still there and
writes it again when it was deleted.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from ..catalog.files import atomic_write_bytes
from ..catalog.lock import FolderLock, LockTimeout
from ..core.config import Settings
from ..core.errors import UserError
from ..storage import Location, configured, instance_path

log = logging.getLogger(__name__)

APP_LOCK_FILE = ".translate-letter.serve.lock"
CHECK_SECONDS = 2.0  # how often a running app makes sure its record is still there


class AlreadyServing(UserError):
    """Another review app runs on this project folder."""


class AppLock:
    """The claim of a running review app on its project folder."""

    def __init__(self, settings: Settings, instance: Path) -> None:
        if settings.root.resolve() == settings.locales_dir.resolve():
            raise UserError("locales-dir is the project folder itself; the review app needs "
                            "the catalogs in a folder of their own (such as locales/)")
        settings.locales_dir.mkdir(parents=True, exist_ok=True)
        self.path = settings.locales_dir / APP_LOCK_FILE
        self.instance = instance.resolve()
        self.shared = configured(settings, instance).dialect == "postgresql"
        self.address: str | None = None
        self._lock = FolderLock(settings.root)
        self._stop = threading.Event()
        self._keeper = threading.Thread(target=self._keep, name="app-lock", daemon=True)

    def claim(self) -> AppLock:
        """Take the folder, or raise :class:`AlreadyServing` naming the app that has it
        (a shared claim takes nothing)."""
        if self.shared:
            return self
        try:
            self._lock.acquire(timeout=0)
        except LockTimeout:
            raise AlreadyServing(f"a review app already runs on this project folder "
                                 f"({_describe(self.path)}); stop it first") from None
        self.announce(None)
        return self

    def keep(self) -> None:
        """Write the record again whenever it goes, from now on (once)."""
        if not self.shared and not self._keeper.is_alive() and not self._stop.is_set():
            self._keeper.start()

    def announce(self, address: str | None) -> None:
        """Write who holds the folder, for a second ``serve`` to report."""
        self.address = address
        if not self.shared:
            atomic_write_bytes(self.path, self._record())

    def _record(self) -> bytes:
        return json.dumps({"pid": os.getpid(), "address": self.address,
                           "instance": str(self.instance)}).encode("utf-8")

    def _keep(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            try:
                if self.path.read_bytes() == self._record():
                    continue
            except OSError:
                pass
            log.warning("%s was deleted or changed while the app runs; written again",
                        self.path)
            try:
                self.announce(self.address)
            except OSError as exc:
                log.warning("cannot write %s: %s", self.path, exc)

    def release(self) -> None:
        """Give the folder up (the kernel does it too when the process dies)."""
        self._stop.set()
        if self._keeper.is_alive():
            self._keeper.join()
        if not self.shared:
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


def project_database(settings: Settings, given: Path | None = None) -> Location:
    """The review database a command uses: the project's (see :func:`..storage.configured`),
    by default the one of :func:`project_instance`."""
    return configured(settings, project_instance(settings, given))


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
