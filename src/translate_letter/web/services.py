"""The review app's services, owned by one Flask extension (:class:`Review`).

The extension holds the project's settings, the review database, the workspace (whose
background writer brings the PO files up to date) with the review's commands and queries
over it, the reading room and the one-app lock.
It claims the lock when it is set up, so ``serve``, ``flask run`` and any WSGI server
(gunicorn, mod_wsgi) keep to one review app per project folder.  It starts no thread while
the app is being built: the writer, the lock's keeper and the preparation of the reading
room start with the first request (or :meth:`Services.start`), and :meth:`Services.close`
stops them and writes what is pending.

Views and tests reach the services through :func:`services`, never through
``app.extensions`` keys.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from ..accounts import required_two_factor_roles, sessions
from ..accounts.schema import prepare
from ..core.config import Settings
from ..reading.room import ReadingRoom, stop_workers
from ..review.app_lock import AppLock
from ..review.commands import Commands
from ..review.queries import Queries
from ..review.sources import segment_sources
from ..review.workspace import Workspace
from ..storage import Database, configured, open_database

_KEY = "translate_letter"


@dataclass
class Services:
    """What every request of the review app works with."""

    settings: Settings
    instance: Path
    lock: AppLock
    db: Database
    workspace: Workspace
    commands: Commands
    queries: Queries
    reading_room: ReadingRoom
    session_lifetimes: sessions.Lifetimes
    require_2fa: tuple[str, ...]
    interface_scripts: dict[str, dict] = field(default_factory=dict)
    _started: bool = False
    _closed: bool = False
    _state: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        """Start the background work, once: the writer of saves, the keeper of the lock's
        record, the segmentation of the sources and the reading room's first files."""
        with self._state:
            if self._started or self._closed:
                return
            self._started = True
        self.lock.keep()
        self.workspace.start()
        threading.Thread(target=segment_sources, args=(self.settings,),
                         name="segment-sources", daemon=True).start()
        threading.Thread(target=self.reading_room.prepare, name="reading-room",
                         daemon=True).start()

    def close(self) -> None:
        """Stop the background work, write every pending save, and give the folder up."""
        with self._state:
            if self._closed:
                return
            self._closed = True
        try:
            self.workspace.close()
            stop_workers()
        finally:
            self.db.close()
            self.lock.release()


class Review:
    """The Flask extension: ``Review().init_app(app, settings, instance)``."""

    def init_app(self, app: Flask, settings: Settings, instance: Path,
                 reading_wait: float) -> Services:
        lock = AppLock(settings, instance).claim()  # before anything is opened
        try:
            db = prepare(open_database(configured(settings, instance)))
            workspace = Workspace(settings, db, flush_delay=app.config["FLUSH_DELAY"])
        except BaseException:
            lock.release()
            raise
        room = ReadingRoom(settings, workspace.publishing.current, wait=reading_wait,
                           changed=workspace.settle_outside)
        found = Services(settings, instance, lock, db, workspace, Commands(workspace),
                         Queries(workspace), room,
                         sessions.lifetimes(settings), required_two_factor_roles(settings))
        app.extensions[_KEY] = found
        app.before_request(found.start)
        return found


def services(app: Flask | None = None) -> Services:
    """The services of ``app`` (default: the app of the current request)."""
    return (app or current_app).extensions[_KEY]


def workspace() -> Workspace:
    """The workspace of the current request's app."""
    return services().workspace


def commands() -> Commands:
    """What the current request's app changes: saves, sign-offs, marks and comments."""
    return services().commands


def queries() -> Queries:
    """What the current request's app reads: entries, progress, documents, letters."""
    return services().queries


def database() -> Database:
    """The review database of the current request's app."""
    return services().db
