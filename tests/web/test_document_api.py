"""The API behind the editor's document view: the document's blocks, sign-off of many
entries, machine suggestions from the offered engines, and where a saved text came from."""

from __future__ import annotations

import importlib
import socket
import sqlite3
import sys
from pathlib import Path

import pytest

from translate_letter.core.errors import UserError
from translate_letter.storage import open_database
from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import Reviewer, po_translation

sys.path.insert(0, str(Path(__file__).parents[1] / "machine"))
mt_servers = importlib.import_module("mt_servers")

PERSIAN = ("۱۴ وکیل حقوق بشر ساکن ایران، اتحادیه اروپا، بریتانیا و آمریکا از شورای امنیت "
           "سازمان ملل (UN) خواستند در نقض گسترده حقوق بشر در ایران مداخله کند.")
WRONG_NUMBER = "۱۳ وکیل حقوق بشر از شورای امنیت خواستند مداخله کند."


def test_document_blocks_follow_the_source_with_the_languages_numbering(sign_in):
    farid = sign_in("farid")
    blocks = farid.client.get("/api/letter/fa/document").json["blocks"]
    entries = {e["id"]: e for e in farid.entries()}
    assert len(blocks) == 47
    assert [len(b["entries"]) for b in blocks[:2]] == [3, 1]
    assert entries[blocks[1]["entries"][0]]["source"] == "Dear President Kelly Craft,"
    assert {eid for block in blocks for eid in block["entries"]} == set(entries)
    signatories = [b for b in blocks if b["numbered"]]
    assert [b["marker"] for b in signatories] == [f"{n}." for n in range(1, 15)]
    assert signatories[-1]["translated_marker"] == "۱۴."
    bullets = [b for b in blocks if b["marker"] == "●"]
    assert len(bullets) == 8 and bullets[0]["translated_marker"] == "●"
    assert [b["gap"] for b in bullets[:3]] == [True, False, True]
    maya = sign_in("maya")
    last = maya.client.get("/api/letter/fr/document").json["blocks"][-1]
    assert last["translated_marker"] == "14."


def test_document_view_says_how_many_sentences_a_changed_source_left_without_entry(
        sign_in, catalogs):
    farid = sign_in("farid")
    assert farid.client.get("/api/letter/fa/document").json["stale"] is None
    source = catalogs.root / "source" / "letter.txt"
    text = source.read_text("utf-8")
    cut = text.index("\n\n")
    source.write_text(text[:cut] + "\n\nA paragraph added after extraction." + text[cut:],
                      encoding="utf-8")

    document = farid.client.get("/api/letter/fa/document").json

    assert document["stale"]["place"] == {"kind": "paragraph", "number": 2, "sentence": None}
    assert document["stale"]["count"] > 1
    shown = [eid for block in document["blocks"] for eid in block["entries"]]
    assert len(shown) == 65 - document["stale"]["count"] + 1  # the added one has no entry


def test_document_needs_a_role_for_the_language(sign_in):
    fred = sign_in("fred")
    assert fred.client.get("/api/letter/fa/document").status_code == 403
    assert fred.client.get("/api/nosuch/fr/document").status_code == 404


def approve(reviewer, items, lang="fa"):
    return reviewer.client.post(f"/api/letter/{lang}/approve", json={"entries": items},
                                headers={"X-CSRFToken": reviewer.csrf})


def test_sign_off_approves_each_entry_that_passes_and_says_why_not_for_the_rest(sign_in, app,
                                                                                 fa_po):
    farid, roya = sign_in("farid"), sign_in("roya")
    first, second, third, fourth = farid.entries()[:4]
    good = farid.put(first["id"], PERSIAN, first["version"]).json
    bad = farid.put(second["id"], WRONG_NUMBER, second["version"]).json
    stale = farid.put(fourth["id"], "جناب رئیس،", fourth["version"]).json
    newer = farid.put(fourth["id"], "رئیس محترم،", stale["version"]).json
    results = approve(roya, [{"id": e["id"], "version": e["version"]}
                             for e in (good, bad, third, stale)]).json
    assert [r["approved"] for r in results] == [True, False, False, False]
    assert results[0]["entry"]["state"] == "approved"
    assert results[0]["entry"]["version"] == good["version"] + 1
    assert "QA errors block approval" in results[1]["reason"]
    assert results[2]["reason"] == "not translated yet"
    assert "saved this entry meanwhile" in results[3]["reason"]
    assert results[3]["entry"]["version"] == newer["version"]
    services(app).workspace.flush()
    text = fa_po.read_text(encoding="utf-8")
    assert text.count("# approved: roya") == 1
    assert po_translation(fa_po, fourth["source"]) == "رئیس محترم،"


def test_sign_off_is_for_reviewers_and_refuses_malformed_lists(sign_in):
    farid, roya = sign_in("farid"), sign_in("roya")
    entry = farid.entries()[0]
    assert approve(farid, [{"id": entry["id"], "version": 1}]).status_code == 403
    for items in ([{"id": entry["id"]}], [entry["id"]], [{"id": 3, "version": 1}],
                  [{"id": entry["id"], "version": True}]):
        response = approve(roya, items)
        assert response.status_code == 400, items
        assert "each entry to approve is" in response.json["error"]
    assert roya.entries()[0]["version"] == entry["version"]


def test_saving_a_suggestion_keeps_its_origin_in_the_history(sign_in):
    farid = sign_in("farid")
    entry = farid.entries()[0]
    response = farid.client.put(
        f"/api/letter/fa/entries/{entry['id']}", headers={"X-CSRFToken": farid.csrf},
        json={"translation": PERSIAN, "state": "translated", "version": entry["version"],
              "origin": "mt:libretranslate edited"})
    assert response.status_code == 200
    history = farid.entry(entry["id"])["history"]
    assert history[0]["origin"] == "mt:libretranslate edited"
    for origin in ("a person", "mt:", "memory:85", ""):
        refused = farid.client.put(
            f"/api/letter/fa/entries/{entry['id']}", headers={"X-CSRFToken": farid.csrf},
            json={"translation": "دیگر", "state": "translated",
                  "version": response.json["version"], "origin": origin})
        assert refused.status_code == 400, origin
    assert len(farid.entry(entry["id"])["history"]) == 1


def offer(catalogs, engines: str) -> None:
    pyproject = catalogs.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace(
        "[tool.translate-letter]\n", f"[tool.translate-letter]\nsuggestion-engines = {engines}\n")
    pyproject.write_text(text, encoding="utf-8")


@pytest.fixture
def libre():
    server = mt_servers.LibreTranslateServer()
    yield server
    server.stop()


@pytest.fixture
def offering_app(catalogs, libre, closed_port, monkeypatch, request):
    """The review app of a project that offers LibreTranslate and an unreachable MyMemory."""
    offer(catalogs, '["libretranslate", "mymemory"]')
    monkeypatch.setenv("LIBRETRANSLATE_URL", libre.url)
    monkeypatch.setenv("TRANSLATE_LETTER_MYMEMORY_URL", f"http://127.0.0.1:{closed_port}")
    return request.getfixturevalue("app")


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_each_offered_engine_answers_or_says_why_not(offering_app, libre, catalogs):
    farid = Reviewer(offering_app.test_client(), "farid")
    first, second = farid.entries()[:2]
    farid.put(first["id"], PERSIAN, first["version"])
    services(offering_app).workspace.flush()
    suggestions = farid.client.get(f"/api/letter/fa/entries/{first['id']}/machine").json
    assert [s["engine"] for s in suggestions] == ["memory", "libretranslate", "mymemory"]
    memory, machine, down = suggestions
    # The memory never offers an entry its own text.
    assert memory["translation"] is None
    assert memory["problem"] == "no match of 75% or more in the translation memory"
    # The number is masked before the request and put back after it, as pretranslate does.
    assert machine["origin"] == "mt:libretranslate"
    assert machine["translation"].startswith("[fa] 14 ")
    assert machine["problem"] is None
    assert [text.startswith("{1} ") and "14" not in text for text in libre.texts()] == [True]
    assert down["translation"] is None and "unreachable" in down["problem"]
    # Asked again, the answer comes from the cache pretranslate keeps.
    farid.client.get(f"/api/letter/fa/entries/{first['id']}/machine")
    assert len(libre.texts()) == 1
    kept = open_database(catalogs.root / "instance")  # in the app's own review database
    assert [row["text"] for row in kept.query("SELECT text FROM mt_cache")] == libre.texts()
    kept.close()
    assert farid.client.get(f"/api/letter/fa/entries/{second['id']}/machine").json[0][
        "translation"] is None  # no memory match for a sentence nobody translated


@pytest.mark.parametrize("engines, reason", [
    ('["nosuch"]', "unknown engine 'nosuch'"),
    ('"libretranslate"', "must be a list of engine names"),
    ("[5]", "must be a list of engine names"),
])
def test_a_wrong_suggestions_setting_stops_the_app_in_one_line(catalogs, engines, reason):
    offer(catalogs, engines)
    with pytest.raises(UserError, match=reason):
        create_app({"PROJECT_ROOT": catalogs.root})
    result = catalogs.run("serve", "--port", "0")
    assert result.exit_code == 2
    assert reason in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_review_database_of_an_earlier_release_gains_the_origin_column(tmp_path):
    path = tmp_path / "review.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE history (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL,"
                     " lang TEXT NOT NULL, entry TEXT NOT NULL, msgctxt TEXT, msgid TEXT NOT"
                     " NULL, version INTEGER NOT NULL, user TEXT, at TEXT NOT NULL, state TEXT"
                     " NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, intended TEXT,"
                     " flushed INTEGER NOT NULL DEFAULT 0)")
        conn.execute("INSERT INTO history (doc, lang, entry, msgid, version, at, state, before,"
                     " after) VALUES ('letter', 'fa', 'e', 'm', 2, 'now', 'draft', '', 'x')")
    db = open_database(tmp_path)
    rows = db.query("SELECT after, origin FROM history")
    db.close()
    assert [(row["after"], row["origin"]) for row in rows] == [("x", None)]


def test_an_llm_suggestion_is_asked_with_the_entrys_paragraph(catalogs, monkeypatch, request):
    """The editor asks an engine that reads context with the paragraph the entry stands in and
    the paragraphs around it, as pretranslate does."""
    chat = mt_servers.ChatServer()
    request.addfinalizer(chat.stop)
    offer(catalogs, '["llm"]')
    monkeypatch.setenv("OPENAI_BASE_URL", chat.url + "/v1")
    monkeypatch.setenv("LLM_MODEL", "letter-7b")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    app = request.getfixturevalue("app")
    farid = Reviewer(app.test_client(), "farid")
    blocks = farid.client.get("/api/letter/fa/document").json["blocks"]
    sources = {e["id"]: e["source"] for e in farid.entries()}
    second = blocks[2]["entries"][0]
    suggestions = farid.client.get(f"/api/letter/fa/entries/{second}/machine").json
    assert suggestions[1]["engine"] == "llm" and suggestions[1]["problem"] is None
    (seen,) = chat.translations()
    context = chat.task(seen)["context"]
    assert context["paragraph"] == " ".join(sources[e] for e in blocks[2]["entries"])
    assert context["previous paragraph"] == " ".join(sources[e] for e in blocks[1]["entries"])
    assert context["next paragraph"] == " ".join(sources[e] for e in blocks[3]["entries"])
