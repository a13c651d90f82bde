"""Fixtures of the reading room's tests: the shipped catalogs with Persian and French
approved by a reviewer (a few Persian entries left as drafts), Arabic left as shipped."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from flask import Flask
from werkzeug.serving import make_server

from translate_letter.accounts import add_account
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import State, mark_approved, state_of
from translate_letter.catalog.writer import save_catalog
from translate_letter.web import create_app
from translate_letter.web.services import services

from ..conftest import Project

REVIEWER = "zhaleh.reviewer"
MAINTAINER = "kaveh.maintainer"
PASSWORD = "a long enough password"
PERSIAN_DRAFTS_KEPT = 3
# The publishing rule of these projects: approved entries only, 90% of them at least.
RULE = '\n[tool.translate-letter.publish]\ninclude = "approved"\nmin-complete = 90\n'


def approve(po: Path, keep_drafts: int = 0) -> None:
    """A reviewer approves every drafted entry of ``po`` as it stands, but the last few."""
    catalog = load_catalog(po)
    entries = messages(catalog)
    for message in entries[: len(entries) - keep_drafts]:
        mark_approved(message, message.string, REVIEWER, "2026-12-01")
    save_catalog(po, catalog)


def drafts(project: Project, lang: str) -> list[str]:
    """The draft translations left in a catalog: text no public page or file may hold."""
    return [m.string for m in messages(load_catalog(project.po(lang)))
            if state_of(m) is State.DRAFT]


def approved(project: Project, lang: str) -> list[tuple[str, str]]:
    return [(m.id, m.string) for m in messages(load_catalog(project.po(lang)))
            if state_of(m) is State.APPROVED]


def publish_some(project: Project) -> Project:
    """Persian all approved but three drafts, French all approved, Arabic all drafts."""
    with open(project.root / "pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write(RULE)
    approve(project.po("fa"), keep_drafts=PERSIAN_DRAFTS_KEPT)
    approve(project.po("fr"))
    return project


@pytest.fixture
def published(shipped: Project) -> Project:
    """The shipped project with Persian and French approved (see :func:`publish_some`)."""
    return publish_some(shipped)


@dataclass
class Server:
    """The review app on a loopback port, and a plain HTTP client without an account."""

    app: Flask
    url: str
    project: Project

    def get(self, path: str, **headers: str) -> requests.Response:
        session = requests.Session()
        session.trust_env = False  # nothing between the test and loopback
        return session.get(self.url + path, headers=headers, timeout=60, allow_redirects=False)


def serve(project: Project) -> Iterator[Server]:
    """The review app of ``project`` on a loopback port, with a maintainer and a reviewer."""
    app = create_app({"PROJECT_ROOT": project.root, "FLUSH_DELAY": 0.05})
    db = services(app).db
    add_account(db, MAINTAINER, "maintainer", [], ["fa", "fr", "ar"], PASSWORD)
    add_account(db, REVIEWER, "reviewer", ["fa"], ["fa", "fr", "ar"], PASSWORD)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield Server(app, f"http://127.0.0.1:{http.server_port}", project)
    http.shutdown()
    services(app).workspace.close()
    db.close()


@pytest.fixture
def server(published: Project) -> Iterator[Server]:
    yield from serve(published)


# French entries approved in the partial project: about a tenth of the letter (9%).
FRENCH_APPROVED = 6


@pytest.fixture
def partial(shipped: Project) -> Project:
    """The shipped project with its first French entries approved, a tenth of the letter."""
    catalog = load_catalog(shipped.po("fr"))
    for message in messages(catalog)[:FRENCH_APPROVED]:
        mark_approved(message, message.string, REVIEWER, "2026-12-01")
    save_catalog(shipped.po("fr"), catalog)
    return shipped


@pytest.fixture
def partial_server(partial: Project) -> Iterator[Server]:
    yield from serve(partial)
