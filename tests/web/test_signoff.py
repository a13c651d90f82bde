"""Bulk approval approves only what a person wrote: translated entries, never drafts, and
under four eyes never the reviewer's own; one journal transaction, one audit event."""

from __future__ import annotations

from flask import Flask

from translate_letter.accounts.audit import events
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import State, comment_values, state_of
from translate_letter.web.services import services

from .conftest import Reviewer

DRAFT_REFUSAL = "a draft is approved only by someone who opens it and approves it there"


def approve_all(reviewer: Reviewer, entries: list[dict]) -> list[dict]:
    response = reviewer.client.post(
        "/api/letter/fa/approve", headers={"X-CSRFToken": reviewer.csrf},
        json={"entries": [{"id": e["id"], "version": e["version"]} for e in entries]})
    assert response.status_code == 200, response.text
    return response.json


def bulk_events(app: Flask) -> list[dict]:
    return [e for e in events(services(app).db) if e["event"] == "bulk-approved"]


def test_bulk_approval_over_the_shipped_drafts_approves_none(shipped_app, shipped):
    roya = Reviewer(shipped_app.test_client(), "roya")
    entries = roya.entries()
    assert {e["state"] for e in entries} == {"draft"}
    results = approve_all(roya, entries)
    assert [r["approved"] for r in results] == [False] * len(entries)
    assert {r["reason"] for r in results} == {DRAFT_REFUSAL}
    services(shipped_app).workspace.flush()
    catalog = load_catalog(shipped.po("fa"))
    assert {state_of(m) for m in messages(catalog)} == {State.DRAFT}
    [event] = bulk_events(shipped_app)
    assert event["account"] == "roya"
    assert event["detail"] == f"letter/fa: 0 of {len(entries)} approved"


def test_bulk_approval_approves_anothers_translations_only(shipped_app, shipped):
    farid, roya = (Reviewer(shipped_app.test_client(), name) for name in ("farid", "roya"))
    entries = farid.entries()
    confirmed = [farid.put(e["id"], e["translation"], e["version"]).json
                 for e in entries[:3]]
    own = roya.put(entries[3]["id"], entries[3]["translation"], entries[3]["version"]).json
    listed = roya.entries()
    results = approve_all(roya, listed)
    by_id = {r["id"]: r for r in results}
    assert [by_id[e["id"]]["approved"] for e in confirmed] == [True] * 3
    assert all(by_id[e["id"]]["entry"]["state"] == "approved" for e in confirmed)
    assert by_id[own["id"]]["approved"] is False
    assert by_id[own["id"]]["reason"] == (
        "roya saved this translation last: another reviewer approves it (four eyes)")
    assert sum(r["approved"] for r in results) == 3
    assert {r["reason"] for r in results[4:]} == {DRAFT_REFUSAL}
    # One event for the sign-off, none per entry; the history keeps each approval.
    [event] = bulk_events(shipped_app)
    assert event["detail"] == f"letter/fa: 3 of {len(listed)} approved"
    assert not [e for e in events(services(shipped_app).db)
                if e["event"] == "approved"]
    assert [h["user"] for h in roya.entry(confirmed[0]["id"])["history"]] == ["roya", "farid"]
    services(shipped_app).workspace.flush()
    catalog = load_catalog(shipped.po("fa"))
    for entry in confirmed:
        message = catalog.get(entry["source"])
        assert str(state_of(message)) == "approved"
        assert comment_values(message, "translated")[0].startswith("farid ")
        assert comment_values(message, "approved")[0].startswith("roya ")
    # Approved once, an entry is not approved again.
    again = approve_all(roya, [by_id[confirmed[0]["id"]]["entry"]])
    assert again[0]["approved"] is False and again[0]["reason"] == "already approved"
