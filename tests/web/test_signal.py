"""Signal, not noise: the editor shows a draft's state once, as its badge, and keeps the
findings column for what is actually wrong."""

from __future__ import annotations

from .conftest import Reviewer


def test_shipped_drafts_carry_no_finding_that_only_says_they_are_drafts(shipped_app, shipped):
    entries = Reviewer(shipped_app.test_client(), "farid").entries()
    assert len(entries) == 65 and {e["state"] for e in entries} == {"draft"}
    assert not [f for e in entries for f in e["findings"] if f["check"] == "draft"]

    # The command line still lists them: a maintainer's check before publishing.
    result = shipped.run("check", "-l", "fa")
    assert result.output.count("unreviewed draft (") == 65


def test_a_real_finding_on_a_draft_still_shows(shipped_app):
    farid = Reviewer(shipped_app.test_client(), "farid")
    entry = next(e for e in farid.entries() if "7926" in e["source"])
    answer = farid.put(entry["id"], entry["translation"].replace("S/PV.7926", "S/PV.7927"),
                       entry["version"], state="draft")
    assert answer.status_code == 200, answer.text
    changed = farid.entry(entry["id"])
    assert changed["findings"] and all(f["check"] != "draft" for f in changed["findings"])
    assert "7926" in " ".join(f["message"] for f in changed["findings"])
