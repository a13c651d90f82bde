"""Four eyes: an approval comes from someone other than the text's last saver, whether the
text was saved in the review app or came from the PO file; ``four-eyes = false`` turns it
off for a one-person team; and the publishing rule counts only approvals by a second
person."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import (
    comment_values,
    mark_approved,
    mark_translated,
    state_of,
)
from translate_letter.catalog.writer import save_catalog
from translate_letter.core.config import load_settings
from translate_letter.publish import publication
from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import Reviewer, add_people, po_translation, wait_for
from .test_api import PERSIAN

SELF_APPROVAL = "roya saved this translation last: another reviewer approves it (four eyes)"


def first(reviewer: Reviewer) -> dict:
    return reviewer.entries()[0]


def test_the_last_saver_of_a_text_does_not_approve_it(sign_in, app, fa_po, first_source):
    roya, maya = sign_in("roya"), sign_in("maya")
    entry = first(roya)
    saved = roya.put(entry["id"], PERSIAN, entry["version"]).json
    assert saved["translator"] == "roya"
    refused = roya.put(entry["id"], PERSIAN, saved["version"], state="approved")
    assert refused.status_code == 403
    assert refused.json["error"] == SELF_APPROVAL
    assert refused.json["message"] == SELF_APPROVAL  # English asked, English answered
    french = roya.client.put(f"/api/letter/fa/entries/{entry['id']}",
                             json={"translation": PERSIAN, "state": "approved",
                                   "version": saved["version"]},
                             headers={"X-CSRFToken": roya.csrf, "Accept-Language": "fr"})
    assert french.status_code == 403 and french.json["error"] == SELF_APPROVAL
    assert french.json["message"] != SELF_APPROVAL and "roya" in french.json["message"]
    # Its version is unchanged: the refusal changed nothing.
    assert roya.entry(entry["id"])["version"] == saved["version"]
    approved = maya.put(entry["id"], PERSIAN, saved["version"], state="approved")
    assert approved.status_code == 200 and approved.json["state"] == "approved"
    services(app).workspace.flush()
    message = load_catalog(fa_po).get(first_source)
    assert comment_values(message, "translated")[0].startswith("roya ")
    assert comment_values(message, "approved")[0].startswith("maya ")


def test_a_reviewer_who_changes_a_text_does_not_approve_it_in_the_same_save(sign_in, app):
    farid, roya = sign_in("farid"), sign_in("roya")
    entry = first(farid)
    saved = farid.put(entry["id"], PERSIAN, entry["version"]).json
    changed = PERSIAN.replace("مداخله کند", "دخالت کند")
    refused = roya.put(entry["id"], changed, saved["version"], state="approved")
    assert refused.status_code == 403 and "changes a text does not approve it" in \
        refused.json["error"]
    assert roya.entry(entry["id"])["translation"] == PERSIAN
    # Saved as translated it is roya's text; farid, a translator, cannot approve it, and
    # roya may not: a second reviewer must.
    mine = roya.put(entry["id"], changed, saved["version"]).json
    assert mine["translator"] == "roya"
    assert roya.put(entry["id"], changed, mine["version"], "approved").status_code == 403
    assert sign_in("maya").put(entry["id"], changed, mine["version"],
                               "approved").status_code == 200


def test_a_draft_of_the_project_team_is_approved_by_the_reviewer_who_opens_it(shipped):
    app = create_app({"PROJECT_ROOT": shipped.root, "FLUSH_DELAY": 0.05})
    add_people(app)
    try:
        roya = Reviewer(app.test_client(), "roya")
        entry = first(roya)
        assert entry["state"] == "draft" and entry["translator"] == "project-team"
        approved = roya.put(entry["id"], entry["translation"], entry["version"], "approved")
        assert approved.status_code == 200
        # The provenance still says who wrote the text; the approval is a second person's.
        assert approved.json["translator"] == "project-team"
        services(app).workspace.flush()
        message = load_catalog(shipped.po("fa")).get(entry["source"])
        assert comment_values(message, "translated")[0].startswith("project-team ")
        assert comment_values(message, "approved")[0].startswith("roya ")
        # A draft that roya sent back is roya's: another reviewer approves it.
        back = roya.put(entry["id"], entry["translation"], approved.json["version"], "draft")
        assert back.json["translator"] == "roya"
        again = roya.put(entry["id"], entry["translation"], back.json["version"], "approved")
        assert again.status_code == 403
    finally:
        services(app).close()


def edit_by_hand(po: Path, index: int, text: str, translator: str | None) -> str:
    """Translate the index-th entry in the PO file, as an editor outside the app does."""
    catalog = load_catalog(po)
    message = messages(catalog)[index]
    mark_translated(message, text, translator or "nobody", "2026-12-01")
    if translator is None:
        message.user_comments = []
    save_catalog(po, catalog)
    return message.id


def test_texts_from_outside_the_app_name_their_translator_in_the_po_file(sign_in, app,
                                                                         fa_po):
    roya, maya, farid = sign_in("roya"), sign_in("maya"), sign_in("farid")
    edit_by_hand(fa_po, 0, PERSIAN, "roya")
    edit_by_hand(fa_po, 1, "متنی بی‌نام", None)
    entries = roya.entries()
    named, anonymous = entries[0], entries[1]
    assert named["translator"] == "roya" and anonymous["translator"] is None
    assert roya.put(named["id"], PERSIAN, named["version"], "approved").json["error"] == \
        SELF_APPROVAL
    assert maya.put(named["id"], PERSIAN, named["version"], "approved").status_code == 200
    refused = maya.put(anonymous["id"], "متنی بی‌نام", anonymous["version"], "approved")
    assert refused.status_code == 403 and "no translator is named" in refused.json["error"]
    # Someone saves it in the app and answers for it; then another approves it.
    confirmed = farid.put(anonymous["id"], "متنی بی‌نام", anonymous["version"]).json
    assert maya.put(anonymous["id"], "متنی بی‌نام", confirmed["version"],
                    "approved").status_code == 200


def test_a_hand_edit_that_leaves_the_apps_name_behind_is_not_that_persons_text(sign_in, app,
                                                                               fa_po):
    farid, roya = sign_in("farid"), sign_in("roya")
    entry = first(farid)
    farid.put(entry["id"], PERSIAN, entry["version"])
    services(app).workspace.flush()
    # Someone changes the text in the file and leaves "# translated: farid …" as it was.
    edited = fa_po.read_text(encoding="utf-8").replace("مداخله کند", "دخالت کند")
    fa_po.write_text(edited, encoding="utf-8")
    assert wait_for(lambda: "دخالت" in roya.entry(entry["id"])["translation"])
    current = roya.entry(entry["id"])
    assert current["translator"] == "farid"  # what the file says …
    refused = roya.put(entry["id"], current["translation"], current["version"], "approved")
    assert refused.status_code == 403 and "no translator is named" in refused.json["error"]
    assert "approved:" not in fa_po.read_text(encoding="utf-8")


@pytest.fixture
def one_person_app(catalogs):
    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "four-eyes = false\n")
    application = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 0.05})
    add_people(application)
    yield application
    services(application).close()


def test_four_eyes_false_lets_one_person_translate_and_approve(one_person_app, fa_po,
                                                              first_source):
    roya = Reviewer(one_person_app.test_client(), "roya")
    entry = first(roya)
    approved = roya.put(entry["id"], PERSIAN, entry["version"], "approved")
    assert approved.status_code == 200, approved.json
    services(one_person_app).workspace.flush()
    assert po_translation(fa_po, first_source) == PERSIAN
    assert str(state_of(load_catalog(fa_po).get(first_source))) == "approved"


def test_a_bad_four_eyes_setting_is_a_one_line_error(catalogs):
    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'four-eyes = "no"\n')
    result = catalogs.run("publish", "-o", str(catalogs.root / "site"))
    assert result.exit_code == 2
    assert "four-eyes must be true or false" in result.stderr
    assert result.stderr.count("\n") == 1


def approve_all(po: Path, translator: str, approver: str) -> None:
    catalog = load_catalog(po)
    for message in messages(catalog):
        mark_translated(message, f"« {message.id} »", translator, "2026-12-01")
        mark_approved(message, message.string, approver, "2026-12-02")
    save_catalog(po, catalog)


def test_the_publishing_rule_counts_only_approvals_by_a_second_person(catalogs):
    approve_all(catalogs.po("fr"), "fred", "claire")
    approve_all(catalogs.po("fa"), "roya", "Roya")  # one person, two spellings
    settings = load_settings(catalogs.root)
    editions = {e.lang: e for e in publication(settings, {}).editions}
    assert editions["fr"].published and editions["fr"].by_rule
    assert not editions["fa"].published
    assert editions["fa"].reason == (
        "is 0% approved, below the 100% the publishing rule asks (65 approvals lack a "
        "second person: four eyes)")
    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "four-eyes = false\n")
    alone = {e.lang: e for e in publication(load_settings(catalogs.root), {}).editions}
    assert alone["fa"].published and alone["fa"].by_rule
