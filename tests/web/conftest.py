"""Fixtures of the review app's tests: a real project, the Flask app, signed-in clients."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from translate_letter.accounts import add_account
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.web import create_app
from translate_letter.web.services import services

from ..conftest import wait_for  # noqa: F401 - the web tests' helper

PASSWORD = "correct horse battery"
# name -> (role, languages)
PEOPLE = {
    "maya": ("maintainer", []),
    "farid": ("translator", ["fa"]),
    "fatemeh": ("translator", ["fa"]),
    "roya": ("reviewer", ["fa"]),
    "fred": ("translator", ["fr"]),
}


def add_people(app: Flask) -> None:
    db = services(app).db
    configured = services(app).settings.languages
    for name, (role, langs) in PEOPLE.items():
        add_account(db, name, role, langs, configured, PASSWORD)




def po_translation(path: Path, msgid: str) -> str | None:
    message = load_catalog(path).get(msgid)
    return None if message is None else message.string


class Reviewer:
    """A Flask test client signed in as one person, with the CSRF token at hand."""

    def __init__(self, client: FlaskClient, name: str) -> None:
        self.client = client
        self.name = name
        page = client.get("/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
        response = client.post("/login", data={"username": name, "password": PASSWORD,
                                               "csrf_token": token.group(1)})
        assert response.status_code == 302, response.text
        dashboard = client.get("/dashboard").text
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', dashboard)[1]

    def entries(self, doc: str = "letter", lang: str = "fa") -> list[dict]:
        response = self.client.get(f"/api/{doc}/{lang}/entries")
        assert response.status_code == 200, response.text
        return response.json

    def entry(self, eid: str, doc: str = "letter", lang: str = "fa") -> dict:
        response = self.client.get(f"/api/{doc}/{lang}/entries/{eid}")
        assert response.status_code == 200, response.text
        return response.json

    def put(self, eid: str, translation: str, version: int, state: str = "translated",
            doc: str = "letter", lang: str = "fa"):
        return self.client.put(f"/api/{doc}/{lang}/entries/{eid}",
                               json={"translation": translation, "state": state,
                                     "version": version},
                               headers={"X-CSRFToken": self.csrf})


def app_of(project) -> Iterator[Flask]:
    """The review app of ``project``, with its people, closed after the test."""
    application = create_app({"PROJECT_ROOT": project.root, "FLUSH_DELAY": 0.05})
    add_people(application)
    yield application
    services(application).close()


@pytest.fixture
def app(catalogs) -> Iterator[Flask]:
    yield from app_of(catalogs)


@pytest.fixture
def shipped_app(shipped) -> Iterator[Flask]:
    """The app over the shipped project: every entry a machine draft."""
    yield from app_of(shipped)


@pytest.fixture
def sign_in(app: Flask) -> Callable[[str], Reviewer]:
    return lambda name: Reviewer(app.test_client(), name)


@pytest.fixture
def fa_po(catalogs) -> Path:
    return catalogs.po("fa")


@pytest.fixture
def first_source(fa_po: Path) -> str:
    return messages(load_catalog(fa_po))[0].id
