"""The reading room on a server: each public file rendered once per change of what it is
made of (sources, templates, catalogs, the maintainers' decisions), with a validator.

A request costs a few ``stat`` calls and one small query while nothing changed; any change
drops every rendering, and the next request for a file renders it again.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..config import Settings
from ..publish import Decisions, NotPublished, Publication, publication, publish_rule
from .pages import INDEX, page_path
from .release import release_stamps
from .site import SiteFile, site_files


@dataclass(frozen=True)
class Rendered:
    """A public file as served: its bytes and type, an ETag and its Last-Modified time."""

    data: bytes
    media_type: str
    etag: str
    last_modified: datetime
    download: str | None = None
    localized: bool = False  # a page, whose words follow the reader's interface language


def _fingerprint(path: Path) -> tuple[str, int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return str(path), info.st_mtime_ns, info.st_size, info.st_ino


class ReadingRoom:
    """The public pages and files of one project, cached until their inputs change."""

    def __init__(self, settings: Settings, decisions: Callable[[], Decisions],
                 changed: Callable[[], None] | None = None) -> None:
        """``changed`` is told whenever an input changed: the app records there what the
        change made of the public state."""
        publish_rule(settings)  # a bad rule stops the app at start, not a reader's request
        self.settings = settings
        self.decisions = decisions
        self.changed = changed
        self._lock = threading.Lock()
        self._inputs: tuple | None = None
        self._since = datetime.now(UTC)
        self._publication: Publication | None = None
        self._files: dict[str, SiteFile] = {}
        self._rendered: dict[tuple[str, str | None], Rendered] = {}

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

    def inputs(self) -> tuple:
        """What every public file is made of, as cheap fingerprints."""
        settings = self.settings
        docs = settings.documents()
        paths = [settings.template_path(doc) for doc in docs]
        paths += [settings.source_path(doc) for doc in docs]
        paths += [settings.catalog_path(doc, lang) for doc in docs for lang in settings.languages]
        paths += release_stamps(settings)
        return (tuple(_fingerprint(p) for p in paths),
                tuple(sorted(self.decisions().items())))

    def _refresh(self) -> None:
        """Start over when an input changed (caller holds the lock)."""
        inputs = self.inputs()
        if inputs != self._inputs:
            self._inputs, self._since = inputs, datetime.now(UTC).replace(microsecond=0)
            self._publication = publication(self.settings, dict(inputs[1]))
            self._files = site_files(self._publication, static=False)
            self._rendered = {}
            if self.changed is not None:
                self.changed()

    def get(self, path: str, ui: str | None = None) -> Rendered:
        """The public file at ``path`` (from the site's root), a page's words in ``ui``,
        else :class:`NotPublished`."""
        with self._lock:
            self._refresh()
            since, cached, file = self._since, self._rendered, self._files.get(path)
            key = (path, ui if file is not None and file.localized else None)
            if key in cached:
                return cached[key]
        if file is None:
            raise NotPublished(f"nothing public at {path!r}")
        data = file.make(ui)
        if data is None:
            raise NotPublished(f"nothing public at {path!r}")
        rendered = Rendered(data, file.media_type, hashlib.sha256(data).hexdigest()[:32],
                            since, file.download, file.localized)
        with self._lock:
            if self._rendered is cached:  # nothing changed meanwhile
                cached[key] = rendered
        return rendered
