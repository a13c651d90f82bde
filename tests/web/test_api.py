"""The JSON API: saving, versions and conflicts, permissions, hostile input."""

from __future__ import annotations

import subprocess

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import comment_values, mark_translated, state_of
from translate_letter.catalog.writer import save_catalog
from translate_letter.web.services import services

from .conftest import po_translation, wait_for

# A translation of the first segment that passes the QA checks (its number is kept).
PERSIAN = ("۱۴ وکیل حقوق بشر ساکن ایران، اتحادیه اروپا، بریتانیا و آمریکا از شورای امنیت "
           "سازمان ملل (UN) خواستند در نقض گسترده حقوق بشر در ایران مداخله کند.")


pytestmark = pytest.mark.databases("sqlite", "postgresql")


def history_count(app) -> int:
    return services(app).db.query("SELECT COUNT(*) AS n FROM history")[0]["n"]


def test_pages_and_api_need_a_session(app):
    client = app.test_client()
    page = client.get("/dashboard")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    api = client.get("/api/letter/fa/entries")
    assert api.status_code == 401 and api.json["error"] == "sign in first"


def test_wrong_password_does_not_sign_in(app):
    client = app.test_client()
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": "farid", "password": "wrong password",
                                           "csrf_token": token})
    assert response.status_code == 400 and "Wrong user name or password" in response.text
    assert client.get("/api/letter/fa/entries").status_code == 401


def test_login_form_without_csrf_token_is_refused(app):
    client = app.test_client()
    response = client.post("/login", data={"username": "farid", "password": "x" * 12})
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 302


def test_session_cookie_is_httponly_and_samesite(app, sign_in):
    reviewer = sign_in("farid")
    cookie = reviewer.client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_entries_list_every_segment_with_its_place_state_and_version(sign_in, fa_po):
    entries = sign_in("farid").entries()
    assert len(entries) == len(messages(load_catalog(fa_po))) == 65
    first = entries[0]
    assert {"id", "source", "translation", "state", "version", "places", "origin",
            "findings"} <= set(first)
    assert first["places"] == [{"kind": "paragraph", "number": 1, "sentence": 1}]
    assert first["state"] == "untranslated" and first["version"] == 1
    assert len({e["id"] for e in entries}) == len(entries)


def test_save_is_acknowledged_then_reaches_the_po_file_valid(app, sign_in, fa_po, first_source):
    farid = sign_in("farid")
    entry = farid.entries()[0]
    response = farid.put(entry["id"], PERSIAN, entry["version"])
    assert response.status_code == 200
    assert response.json["version"] == entry["version"] + 1
    assert response.json["state"] == "translated" and response.json["author"] == "farid"
    assert wait_for(lambda: po_translation(fa_po, first_source) == PERSIAN)
    message = load_catalog(fa_po).get(first_source)
    assert str(state_of(message)) == "translated"
    assert comment_values(message, "translated")[0].startswith("farid ")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(fa_po)], check=True)
    history = farid.entry(entry["id"])["history"]
    assert [(h["user"], h["before"], h["after"]) for h in history] == [("farid", "", PERSIAN)]


# Another person, or the same person in a second tab: a second tab is a second editor.
@pytest.mark.parametrize("late_name", ["roya", "farid"])
def test_stale_version_is_refused_with_the_current_text_and_author(sign_in, fa_po,
                                                                   first_source, app,
                                                                   late_name):
    farid, roya = sign_in("farid"), sign_in(late_name)
    entry = farid.entries()[0]
    assert farid.put(entry["id"], PERSIAN, entry["version"]).status_code == 200
    late = roya.put(entry["id"], "متن دیگری", entry["version"])
    assert late.status_code == 409
    assert late.json["entry"]["translation"] == PERSIAN
    assert late.json["entry"]["author"] == "farid"
    assert late.json["entry"]["version"] == entry["version"] + 1
    services(app).workspace.flush()
    assert po_translation(fa_po, first_source) == PERSIAN
    # Saving over it on purpose, with the version the conflict reported, works.
    again = roya.put(entry["id"], "متن دیگری", late.json["entry"]["version"])
    assert again.status_code == 200 and again.json["translation"] == "متن دیگری"


def test_successive_saves_with_the_version_each_answer_gives_never_conflict(sign_in):
    farid = sign_in("farid")
    entry = farid.entries()[0]
    version = entry["version"]
    for n in range(3):  # Ctrl+Enter, Ctrl+Enter, …: each save sends what the last returned
        response = farid.put(entry["id"], f"{PERSIAN} {n}", version)
        assert response.status_code == 200, response.json
        version = response.json["version"]
    assert version == entry["version"] + 3
    assert farid.entries()[0]["translation"] == f"{PERSIAN} 2"


def test_own_old_version_conflicts_once_someone_else_saved_in_between(sign_in):
    farid, fatemeh = sign_in("farid"), sign_in("fatemeh")
    entry = farid.entries()[0]
    mine = farid.put(entry["id"], PERSIAN, entry["version"]).json
    theirs = fatemeh.put(entry["id"], "ترجمه فاطمه", mine["version"])
    assert theirs.status_code == 200
    assert farid.put(entry["id"], "باز هم من", entry["version"]).status_code == 409


def test_same_text_and_state_is_no_new_version(sign_in):
    farid, fatemeh = sign_in("farid"), sign_in("fatemeh")
    entry = farid.entries()[0]
    saved = farid.put(entry["id"], PERSIAN, entry["version"]).json
    same = fatemeh.put(entry["id"], PERSIAN, entry["version"])
    assert same.status_code == 200 and same.json["version"] == saved["version"]


def test_only_reviewers_approve_and_approval_is_signed_in_the_po(app, sign_in, fa_po,
                                                                 first_source):
    farid, roya = sign_in("farid"), sign_in("roya")
    entry = farid.entries()[0]
    refused = farid.put(entry["id"], PERSIAN, entry["version"], state="approved")
    assert refused.status_code == 403
    saved = farid.put(entry["id"], PERSIAN, entry["version"]).json
    approved = roya.put(entry["id"], PERSIAN, saved["version"], state="approved")
    assert approved.status_code == 200 and approved.json["state"] == "approved"
    services(app).workspace.flush()
    message = load_catalog(fa_po).get(first_source)
    assert str(state_of(message)) == "approved"
    assert comment_values(message, "approved")[0].startswith("roya ")
    assert comment_values(message, "translated")[0].startswith("farid ")
    # An approved translation is changed by reviewers only.
    assert farid.put(entry["id"], "تغییر", approved.json["version"]).status_code == 403
    back = roya.put(entry["id"], PERSIAN, approved.json["version"], state="draft")
    assert back.status_code == 200 and back.json["state"] == "draft"
    assert back.json["origin"].startswith("draft team:roya")


def test_a_role_never_reaches_another_languages_entries(app, sign_in, fa_po):
    fred = sign_in("fred")
    before = fa_po.read_bytes()
    eid = sign_in("farid").entries()[0]["id"]
    assert fred.client.get("/api/letter/fa/entries").status_code == 403
    assert fred.client.get(f"/api/letter/fa/entries/{eid}").status_code == 403
    assert fred.put(eid, "Bonjour", 1).status_code == 403
    assert fred.client.get("/edit/letter/fa").status_code == 403
    assert fred.client.get("/downloads/letter/fa/txt").status_code == 403
    assert "Persian" not in fred.client.get("/dashboard").text
    services(app).workspace.flush()
    assert fa_po.read_bytes() == before and history_count(app) == 0


def test_maintainer_works_on_every_language(sign_in):
    maya = sign_in("maya")
    for lang in ("fa", "fr", "ar"):
        entry = maya.entries(lang=lang)[0]
        assert maya.put(entry["id"], "14 " + lang, entry["version"], state="translated",
                        lang=lang).status_code == 200


@pytest.mark.parametrize("url", [
    "/api/nothing/fa/entries",
    "/api/letter/de/entries",
    "/api/letter/fa/entries/0123456789abcdef",
    "/api/..%2F..%2Fpyproject/fa/entries",
    "/api/letter/..%2F..%2Ffa/entries",
    "/api/letter/fa/entries/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/%2E%2E/fa/entries",
])
def test_unknown_document_language_or_entry_is_404(sign_in, url):
    maya = sign_in("maya")
    assert maya.client.get(url).status_code == 404
    put = maya.client.put(url, json={"translation": "x", "state": "translated", "version": 1},
                          headers={"X-CSRFToken": maya.csrf})
    assert put.status_code in (404, 405)


@pytest.mark.parametrize("body, reason", [
    ("not json", "JSON object"),
    ("[1, 2]", "JSON object"),
    ('{"translation": "x", "state": "translated"}', "'version'"),
    ('{"translation": 5, "state": "translated", "version": 1}', "'translation'"),
    ('{"translation": "x", "state": "translated", "version": "1"}', "'version'"),
    ('{"translation": "x", "state": "translated", "version": true}', "'version'"),
    ('{"translation": "x", "state": "translated", "version": 1, "user": "maya"}', "unknown"),
    ('{"translation": "x", "state": "done", "version": 1}', "state must be"),
    ('{"translation": "   ", "state": "translated", "version": 1}', "empty"),
    ('{"translation": "a\\u0000b", "state": "translated", "version": 1}', "U+0000"),
    ('{"translation": "a\\u2028b", "state": "translated", "version": 1}',
     "U+2028 LINE SEPARATOR"),
    ('{"translation": "a\\u2029b", "state": "translated", "version": 1}', "U+2029"),
    ('{"translation": "a\\u0085b", "state": "translated", "version": 1}', "U+0085"),
    ('{"translation": "a\\u001bb", "state": "translated", "version": 1}', "U+001B"),
    ('{"translation": "a\\ufffeb", "state": "translated", "version": 1}', "U+FFFE noncharacter"),
    ('{"translation": "a\\uffffb", "state": "translated", "version": 1}', "U+FFFF"),
    ('{"translation": "a\\ufdd0b", "state": "translated", "version": 1}', "U+FDD0"),
    ('{"translation": "a\\udbff\\udfffb", "state": "translated", "version": 1}', "U+10FFFF"),
    ('{"translation": "x\\n", "state": "translated", "version": 1}', "line break"),
    ('{"translation": "' + "x" * 1_591 + '", "state": "translated", "version": 1}',
     "1591 characters; at most 1590"),
    ('{"translation": "\\ud800", "state": "translated", "version": 1}', "lone surrogate"),
    ('{"translation": "ok", "state": "translated", "version": 1, "\\udfff": 1}', "unknown"),
    ("[" * 100_000 + "]" * 100_000, "JSON object"),
    ('{"translation": ' + "[" * 50_000 + "]" * 50_000 + ', "state": "translated", '
     '"version": 1}', "JSON object"),
    (b'{"translation": "\xff", "state": "translated", "version": 1}', "JSON object"),
])
def test_bad_input_is_a_400_that_changes_nothing(app, sign_in, fa_po, body, reason):
    farid = sign_in("farid")
    eid = farid.entries()[0]["id"]
    before = fa_po.read_bytes()
    response = farid.client.put(f"/api/letter/fa/entries/{eid}", data=body,
                                content_type="application/json",
                                headers={"X-CSRFToken": farid.csrf})
    assert response.status_code == 400
    assert reason in response.json["error"]
    services(app).workspace.flush()
    assert fa_po.read_bytes() == before and history_count(app) == 0
    assert farid.entries()[0]["version"] == 1


def test_huge_body_is_refused(app, sign_in, fa_po):
    farid = sign_in("farid")
    eid = farid.entries()[0]["id"]
    huge = '{"translation": "' + "ب" * 2_000_000 + '", "state": "translated", "version": 1}'
    response = farid.client.put(f"/api/letter/fa/entries/{eid}", data=huge.encode(),
                                content_type="application/json",
                                headers={"X-CSRFToken": farid.csrf})
    assert response.status_code == 413
    assert history_count(app) == 0


def test_state_change_without_csrf_token_is_refused(app, sign_in):
    farid = sign_in("farid")
    eid = farid.entries()[0]["id"]
    for headers in ({}, {"X-CSRFToken": "forged"}):
        response = farid.client.put(f"/api/letter/fa/entries/{eid}", headers=headers,
                                    json={"translation": "x", "state": "translated",
                                          "version": 1})
        assert response.status_code == 400 and "CSRF" in response.json["error"]
    comment = farid.client.post(f"/api/letter/fa/entries/{eid}/comments", json={"text": "hi"})
    assert comment.status_code == 400
    assert history_count(app) == 0


def test_markup_in_a_translation_is_kept_as_text(app, sign_in, fa_po, first_source):
    farid = sign_in("farid")
    payload = '<img src=x onerror=alert(1)> <script>alert(2)</script>'
    entry = farid.entries()[0]
    assert farid.put(entry["id"], payload, entry["version"]).status_code == 200
    assert farid.entries()[0]["translation"] == payload
    services(app).workspace.flush()
    assert po_translation(fa_po, first_source) == payload
    page = farid.client.get("/edit/letter/fa")
    assert payload not in page.text  # the editor draws entries from JSON, as text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_a_change_made_to_the_po_file_elsewhere_gets_a_new_version(app, sign_in, fa_po,
                                                                   first_source):
    farid = sign_in("farid")
    entry = farid.entries()[0]
    catalog = load_catalog(fa_po)
    mark_translated(catalog.get(first_source), "از بیرون", "git")
    save_catalog(fa_po, catalog)
    now = farid.entries()[0]
    assert now["translation"] == "از بیرون" and now["version"] == entry["version"] + 1
    stale = farid.put(entry["id"], PERSIAN, entry["version"])
    assert stale.status_code == 409 and stale.json["entry"]["author"] is None
    history = farid.entry(entry["id"])["history"]
    assert history[0]["user"] is None and history[0]["after"] == "از بیرون"


def test_saves_not_yet_written_are_kept_when_the_file_changes_elsewhere(catalogs, first_source):
    from translate_letter.web import create_app

    from .conftest import add_people

    app = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 3600})
    add_people(app)
    try:
        from .conftest import Reviewer

        farid = Reviewer(app.test_client(), "farid")
        entries = farid.entries()
        assert farid.put(entries[0]["id"], PERSIAN, 1).status_code == 200
        catalog = load_catalog(catalogs.po("fa"))
        mark_translated(catalog.get(entries[1]["source"]), "از بیرون", "git")
        save_catalog(catalogs.po("fa"), catalog)
        services(app).workspace.flush()
        assert po_translation(catalogs.po("fa"), first_source) == PERSIAN
        assert po_translation(catalogs.po("fa"), entries[1]["source"]) == "از بیرون"
    finally:
        services(app).workspace.close()
