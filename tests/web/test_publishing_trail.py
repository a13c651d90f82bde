"""Only reviewed text reaches the public, and every step to it is recorded: a translator and
two reviewers, each a real HTTP session with ``translate-letter serve``, take the shipped
Persian drafts to a letter the publishing rule publishes; the audit trail, read with
``translate-letter audit --json``, shows each step with its counts."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import open_accounts

from ..conftest import Project, copy_shipped
from .conftest import PASSWORD
from .servers import Server

pytestmark = [pytest.mark.slow, pytest.mark.databases("sqlite", "postgresql")]

PEOPLE = {
    "farid": ("translator", ["fa"]),
    "tara": ("reviewer", ["fa"]),  # translates too, with a reviewer's rights
    "roya": ("reviewer", ["fa"]),
    "maya": ("maintainer", []),
}
SELF_APPROVAL = "tara saved this translation last: another reviewer approves it (four eyes)"


@dataclass
class Person:
    session: requests.Session
    csrf: str
    url: str

    def entries(self) -> list[dict]:
        return self.session.get(self.url + "api/letter/fa/entries", timeout=30).json()

    def save(self, entry: dict, state: str = "translated") -> requests.Response:
        return self.session.put(f"{self.url}api/letter/fa/entries/{entry['id']}", timeout=30,
                                json={"translation": entry["translation"], "state": state,
                                      "version": entry["version"]},
                                headers={"X-CSRFToken": self.csrf})

    def approve_all(self, entries: list[dict]) -> list[dict]:
        answer = self.session.post(
            self.url + "api/letter/fa/approve", timeout=60, headers={"X-CSRFToken": self.csrf},
            json={"entries": [{"id": e["id"], "version": e["version"]} for e in entries]})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def choose(self, choice: str) -> requests.Response:
        return self.session.post(self.url + "publishing/letter/fa", timeout=30,
                                 data={"choice": choice, "csrf_token": self.csrf})


@dataclass
class Team:
    project: Project
    server: Server

    def person(self, name: str) -> Person:
        return Person(*self.server.session(name, PASSWORD), self.server.url)

    def public(self, path: str, **headers: str) -> requests.Response:
        """The public answer; while a new edition is being made, the room answers 503 with
        Retry-After (the readers' rule) and the reader asks again."""
        deadline = time.monotonic() + 120
        while True:
            answer = Server.client().get(self.server.url + path, headers=headers, timeout=30)
            if answer.status_code != 503 or time.monotonic() > deadline:
                return answer
            assert answer.headers.get("Retry-After"), answer.text
            time.sleep(0.2)

    def audit(self) -> list[dict]:
        return json.loads(self.project.ok("audit", "--json").output)


@pytest.fixture
def team(tmp_path, database) -> Iterator[Team]:
    project = copy_shipped(tmp_path / "project")
    db = open_accounts(project.location())
    for name, (role, langs) in PEOPLE.items():
        add_account(db, name, role, langs, ["fa", "fr", "ar"], PASSWORD)
    db.close()
    server = Server(project.root, 0.1)
    try:
        yield Team(project, server)
    finally:
        server.stop()


def test_a_letter_reaches_the_public_through_two_people_and_every_step_is_recorded(team):
    farid, tara, roya, maya = (team.person(name) for name in PEOPLE)
    shipped = roya.entries()
    total = len(shipped)
    assert {e["state"] for e in shipped} == {"draft"}

    # Bulk approval over the shipped drafts approves none of them.
    assert sum(r["approved"] for r in roya.approve_all(shipped)) == 0

    # The translator confirms every draft but the last; tara, with a reviewer's rights,
    # translates the last one and may not approve it herself.
    for entry in shipped[:-1]:
        assert farid.save(entry).status_code == 200
    mine = tara.save(shipped[-1]).json()
    refused = tara.save(mine, "approved")
    assert refused.status_code == 403 and refused.json()["error"] == SELF_APPROVAL

    # The other reviewer approves farid's texts in one go, and tara's alone below.
    listed = roya.entries()
    results = roya.approve_all([e for e in listed if e["id"] != mine["id"]])
    assert sum(r["approved"] for r in results) == total - 1
    assert team.public("read/letter/fa/").status_code == 404  # one entry short of the rule

    # The last approval completes the language: the rule publishes it at once.
    last = roya.save(tara.entries()[-1], "approved")
    assert last.status_code == 200 and last.json()["state"] == "approved"
    page = team.public("read/letter/fa/")
    assert page.status_code == 200
    text = team.public("read/letter/fa/letter.txt").content

    trail = team.audit()
    steps = [e for e in trail if e["event"] in ("bulk-approved", "approved", "published",
                                                "withdrawn", "publishing-rule")]
    assert [(e["event"], e["account"]) for e in steps] == [
        ("bulk-approved", "roya"), ("bulk-approved", "roya"), ("approved", "roya"),
        ("published", "roya")]
    drafts, bulk, approval, published = steps
    assert (drafts["asked"], drafts["approved"]) == (total, 0)
    assert drafts["counts"] == {"untranslated": 0, "draft": total, "translated": 0,
                                "approved": 0}
    assert (bulk["asked"], bulk["approved"]) == (total - 1, total - 1)
    assert bulk["counts"] == {"untranslated": 0, "draft": 0, "translated": 1,
                              "approved": total - 1}
    assert approval["entry"] == mine["id"] and approval["lang"] == "fa"
    assert published["by"] == "rule" and published["public"] is True
    assert published["approval"] == {"audit": approval["seq"], "account": "roya",
                                     "entry": mine["id"]}
    assert published["counts"] == {"untranslated": 0, "draft": 0, "translated": 0,
                                   "approved": total}
    assert (published["doc"], published["lang"]) == ("letter", "fa")
    assert published["text_sha256"] == hashlib.sha256(text).hexdigest()
    assert published["at"] and published["address"] == "127.0.0.1"

    # A maintainer's withdrawal takes effect at once, even for a reader's cached copy.
    etag = page.headers["ETag"]
    assert maya.choose("withdraw").status_code == 200
    assert team.public("read/letter/fa/", **{"If-None-Match": etag}).status_code == 404
    assert maya.choose("rule").status_code == 200
    assert team.public("read/letter/fa/").status_code == 200
    withdrawn, back = [e for e in team.audit() if e["event"] in ("withdrawn",
                                                                 "publishing-rule")]
    assert (withdrawn["account"], withdrawn["by"], withdrawn["public"]) == (
        "maya", "maintainer", False)
    assert (back["account"], back["by"], back["public"]) == ("maya", "rule", True)
    assert withdrawn["text_sha256"] == back["text_sha256"] == published["text_sha256"]
    assert withdrawn["counts"] == back["counts"] == published["counts"]
