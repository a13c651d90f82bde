"""Editor aids and screens: diffs, suggestions, comments, QA, dashboard, downloads,
accounts, and the journal replayed after a crash."""

from __future__ import annotations

import os
import pty
import re
import select
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from translate_letter.accounts import authenticate
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import QA_INTENDED, comment_values, state_of
from translate_letter.render import BILINGUAL_WRITERS, WRITERS
from translate_letter.storage import open_database
from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import PASSWORD, Reviewer, add_people, po_translation

NOTES_PO = r'''msgid ""
msgstr ""
"Project-Id-Version: notes\n"
"Language: fa\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

#. paragraph 1
#: source/notes.txt:1
#, fuzzy
#| msgid "The Security Council met on 18 April 2017."
msgid "The Security Council met again on 19 April 2017."
msgstr "شورای امنیت در ۱۸ آوریل ۲۰۱۷ تشکیل جلسه داد."

#. paragraph 2
#: source/notes.txt:3
msgid "The Council met on 20 May 2018 in New York."
msgstr ""

#. paragraph 3
#: source/notes.txt:5
msgid "The Council met on 21 May 2018 in New York."
msgstr ""

#: app.c:10
#, c-format
msgid "%d lawyers signed the letter"
msgstr ""

#: app.c:12
msgid "one signature"
msgid_plural "%d signatures"
msgstr[0] ""
msgstr[1] ""

msgctxt "verb"
msgid "Review"
msgstr ""
'''

GLOSSARY = (
    "en,fa,fr,ar,kind,note\n"
    "Security Council,شورای امنیت,Conseil de sécurité,مجلس الأمن,institution,UN organ\n"
)


@pytest.fixture
def notes(catalogs) -> Path:
    """A second document in fa with a changed source, a c-format entry, plurals, a context."""
    po = catalogs.po("fa", "notes")
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(NOTES_PO, encoding="utf-8")
    (catalogs.root / "locales" / "notes.pot").write_text(NOTES_PO, encoding="utf-8")
    (catalogs.root / "locales" / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    return po


def by_source(entries: list[dict]) -> dict[str, dict]:
    return {e["source"]: e for e in entries}


def test_changed_source_shows_a_word_diff_and_keeps_it_in_the_po(notes, sign_in, app):
    farid = sign_in("farid")
    entries = by_source(farid.entries("notes"))
    entry = entries["The Security Council met again on 19 April 2017."]
    assert entry["state"] == "draft"
    assert entry["previous_source"] == "The Security Council met on 18 April 2017."
    changes = [(tag, text) for tag, text in entry["diff"] if tag != "equal"]
    assert ("insert", "again ") in changes or ("insert", " again") in changes
    assert ("delete", "18") in changes and ("insert", "19") in changes
    # Rewriting the catalog after another save keeps the previous source for msgmerge & co.
    other = entries["The Council met on 20 May 2018 in New York."]
    assert farid.put(other["id"], "شورا تشکیل شد.", 1, doc="notes").status_code == 200
    services(app).workspace.flush()
    text = notes.read_text(encoding="utf-8")
    assert '#| msgid "The Security Council met on 18 April 2017."' in text
    assert "# |" not in text


def test_glossary_and_memory_suggestions(notes, sign_in):
    farid = sign_in("farid")
    entries = by_source(farid.entries("notes"))
    glossary = farid.entry(entries["The Security Council met again on 19 April 2017."]["id"],
                           "notes")["suggestions"]["glossary"]
    assert [(g["en"], g["rendering"]) for g in glossary] == [("Security Council", "شورای امنیت")]
    first = entries["The Council met on 20 May 2018 in New York."]
    assert farid.put(first["id"], "شورا در ۲۰ مه ۲۰۱۸ در نیویورک تشکیل شد.", 1,
                     doc="notes").status_code == 200
    memory = farid.entry(entries["The Council met on 21 May 2018 in New York."]["id"],
                         "notes")["suggestions"]["memory"]
    assert memory[0]["translation"] == "شورا در ۲۰ مه ۲۰۱۸ در نیویورک تشکیل شد."
    assert memory[0]["similarity"] >= 90 and memory[0]["doc"] == "notes"


def test_ctrl_m_and_the_panel_offer_one_memory_never_the_entrys_own_text(notes, sign_in):
    """A sentence saved in the editor and a near-identical one translated elsewhere: both
    the panel and Ctrl+M offer the other one's translation, never the entry's own, and
    never an unreviewed draft."""
    farid = sign_in("farid")
    entries = by_source(farid.entries("notes"))
    may20 = entries["The Council met on 20 May 2018 in New York."]
    may21 = entries["The Council met on 21 May 2018 in New York."]
    assert farid.put(may20["id"], "شورا در ۲۰ مه ۲۰۱۸ در نیویورک تشکیل شد.", 1,
                     doc="notes").status_code == 200
    assert farid.put(may21["id"], "شورا در ۲۱ مه ۲۰۱۸ در نیویورک تشکیل شد.", 1,
                     doc="notes").status_code == 200
    panel = farid.entry(may21["id"], "notes")["suggestions"]["memory"]
    ctrl_m = farid.client.get(f"/api/notes/fa/entries/{may21['id']}/machine").json[0]
    assert [m["translation"] for m in panel] == ["شورا در ۲۰ مه ۲۰۱۸ در نیویورک تشکیل شد."]
    assert 90 <= panel[0]["similarity"] < 100
    assert ctrl_m["engine"] == "memory"
    assert (ctrl_m["translation"], ctrl_m["origin"]) == (panel[0]["translation"],
                                                        f"memory:{panel[0]['similarity']}%")
    # A draft is not a memory: the panel and Ctrl+M offer nothing once May 20 is a draft.
    again = farid.entry(may20["id"], "notes")
    assert farid.put(may20["id"], again["translation"], again["version"], state="draft",
                     doc="notes").status_code == 200
    assert farid.entry(may21["id"], "notes")["suggestions"]["memory"] == []
    assert farid.client.get(f"/api/notes/fa/entries/{may21['id']}/machine").json[0][
        "translation"] is None


def test_format_flag_translation_that_msgfmt_rejects_is_refused(notes, app, sign_in):
    farid = sign_in("farid")
    entry = by_source(farid.entries("notes"))["%d lawyers signed the letter"]
    before = notes.read_bytes()
    bad = farid.put(entry["id"], "%s وکیل نامه را امضا کردند", 1, doc="notes")
    assert bad.status_code == 400 and "format" in bad.json["error"]
    services(app).workspace.flush()
    assert notes.read_bytes() == before
    good = farid.put(entry["id"], "%d وکیل نامه را امضا کردند", 1, doc="notes")
    assert good.status_code == 200
    services(app).workspace.flush()
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(notes)], check=True)


def test_plural_entries_are_listed_but_not_edited_here(notes, sign_in):
    farid = sign_in("farid")
    entries = farid.entries("notes")
    plural = next(e for e in entries if e["plural"])
    assert plural["source"] == "one signature" and plural["translation"] == ["", ""]
    assert farid.put(plural["id"], "یک امضا", 1, doc="notes").status_code == 400
    verb = next(e for e in entries if e["context"] == "verb")
    assert farid.put(verb["id"], "بازبینی", 1, doc="notes").status_code == 200


def test_comments_are_kept_per_entry(sign_in):
    farid, roya = sign_in("farid"), sign_in("roya")
    eid = farid.entries()[0]["id"]
    url = f"/api/letter/fa/entries/{eid}/comments"
    posted = farid.client.post(url, json={"text": "«Kelly Craft» stays in Latin?"},
                               headers={"X-CSRFToken": farid.csrf})
    assert posted.status_code == 201
    assert roya.client.post(url, json={"text": "  "}, headers={"X-CSRFToken": roya.csrf}
                            ).status_code == 400
    comments = roya.entry(eid)["comments"]
    assert [(c["user"], c["text"]) for c in comments] == [
        ("farid", "«Kelly Craft» stays in Latin?")]
    assert roya.entry(farid.entries()[1]["id"])["comments"] == []


@pytest.fixture
def checked_app(catalogs):
    app = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 0.05})
    add_people(app)
    yield app
    services(app).workspace.close()


def test_qa_errors_are_shown_counted_and_block_approval(checked_app):
    roya = Reviewer(checked_app.test_client(), "roya")
    farid = Reviewer(checked_app.test_client(), "farid")
    entry = roya.entries()[0]  # "14 human rights lawyers …"
    saved = farid.put(entry["id"], "سیزده وکیل حقوق بشر", 1)
    assert saved.status_code == 200
    numbers = [f for f in saved.json["findings"] if f["check"] == "numbers"]
    assert [f["level"] for f in numbers] == ["error"]
    assert any(f["check"] == "numbers" for f in roya.entries()[0]["findings"])
    # The checks' view of the catalog is built anew, as when it is old, while the approval
    # below holds its catalog's lock.
    services(checked_app).workspace.catalog("letter", "fa").qa_context = None
    answers = []
    approving = threading.Thread(target=lambda: answers.append(roya.put(
        entry["id"], "سیزده وکیل حقوق بشر", saved.json["version"], "approved")), daemon=True)
    approving.start()
    approving.join(timeout=30)
    assert answers, "the approval never answered"
    blocked = answers[0]
    assert blocked.status_code == 400 and "QA errors block approval" in blocked.json["error"]
    assert re.search(r'<td class="num has-errors"[^>]*>1</td>', roya.client.get("/dashboard").text)
    fixed = farid.put(entry["id"], "۱۴ وکیل حقوق بشر", saved.json["version"])
    fixed = roya.put(entry["id"], "۱۴ وکیل حقوق بشر", fixed.json["version"], "approved")
    assert fixed.status_code == 200
    assert [f for f in fixed.json["findings"] if f["level"] == "error"] == []


def test_the_projects_checks_report_a_wrong_number_and_block_its_approval(sign_in, fa_po,
                                                                        app):
    roya = sign_in("roya")
    entry = roya.entries()[0]  # "14 human rights lawyers …"
    wrong = "۱۳ وکیل حقوق بشر ساکن ایران، اتحادیه اروپا، بریتانیا و آمریکا از شورای امنیت خواستند."
    saved = sign_in("farid").put(entry["id"], wrong, 1)
    assert saved.status_code == 200
    assert "error" in {f["level"] for f in saved.json["findings"]}
    blocked = roya.put(entry["id"], wrong, saved.json["version"], "approved")
    assert blocked.status_code == 400 and "QA errors block approval" in blocked.json["error"]
    services(app).workspace.flush()
    assert "approved:" not in fa_po.read_text(encoding="utf-8")
    checks = {f["check"] for f in saved.json["findings"] if f["level"] == "error"}
    version = saved.json["version"]
    for check in sorted(checks):
        version = roya.client.post(
            f"/api/letter/fa/entries/{entry['id']}/intended", headers={"X-CSRFToken": roya.csrf},
            json={"check": check, "intended": True, "version": version}).json["version"]
    assert roya.put(entry["id"], wrong, version, "approved").status_code == 200


def test_dashboard_shows_each_language_of_the_person_with_counts(sign_in):
    maya, farid = sign_in("maya"), sign_in("farid")
    entry = farid.entries()[0]
    farid.put(entry["id"], "ترجمه", 1)
    page = maya.client.get("/dashboard").text
    for name in ("Persian", "French", "Arabic"):
        assert name in page
    farid_page = farid.client.get("/dashboard").text
    assert "Persian" in farid_page and "French" not in farid_page
    assert 'title="translated: 1"' in farid_page and 'title="untranslated: 64"' in farid_page


def test_downloads_offer_every_build_format_from_current_catalogs(sign_in, app):
    farid = sign_in("farid")
    page = farid.client.get("/downloads/").text
    for fmt in WRITERS:
        assert f"/downloads/letter/fa/{fmt}?include=translated" in page
        response = farid.client.get(f"/downloads/letter/fa/{fmt}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == f"attachment; filename=letter.{fmt}"
    first = farid.entries()[0]
    before = farid.client.get("/downloads/letter/fa/txt").data.decode()
    assert "چهارده وکیل" not in before
    farid.put(first["id"], "چهارده وکیل حقوق بشر نامه نوشتند.", 1)
    after = farid.client.get("/downloads/letter/fa/txt?include=translated").data.decode()
    assert after.startswith("چهارده وکیل حقوق بشر نامه نوشتند.")
    approved_only = farid.client.get("/downloads/letter/fa/txt?include=approved").data.decode()
    assert approved_only == before
    for fmt in BILINGUAL_WRITERS:
        assert f"/downloads/letter/fa/bilingual/{fmt}?include=translated" in page
        response = farid.client.get(f"/downloads/letter/fa/bilingual/{fmt}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == (
            f"attachment; filename=letter.bilingual.{fmt}")
    side_by_side = farid.client.get("/downloads/letter/fa/bilingual/html").text
    assert "چهارده وکیل حقوق بشر نامه نوشتند." in side_by_side
    assert "14 human rights lawyers residing Iran" in side_by_side
    assert farid.client.get("/downloads/letter/fa/bilingual/txt").status_code == 404
    assert farid.client.get("/downloads/letter/fa/exe").status_code == 404
    assert farid.client.get("/downloads/letter/fa/txt?include=all").status_code == 400


def test_maintainers_manage_accounts_others_may_not(app, sign_in):
    maya, farid = sign_in("maya"), sign_in("farid")
    assert farid.client.get("/accounts/").status_code == 403
    page = maya.client.get("/accounts/").text
    token = page.split('id="csrf_token" name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = maya.client.post("/accounts/", data={
        "csrf_token": token, "name": "amir", "role": "reviewer", "languages": ["ar"]})
    assert response.status_code == 200
    one_time = response.text.split('id="one-time"')[1].split("<code>")[1].split("</code>")[0]
    account = authenticate(services(app).db, "amir", one_time)
    assert account.grants == {"ar": "reviewer"} and account.must_change_password
    assert "amir" in maya.client.get("/accounts/").text


def test_sign_in_never_redirects_to_another_site(app):
    client = app.test_client()
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login?next=//evil.example/x", data={
        "username": "farid", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/dashboard"


def test_acknowledged_saves_missing_from_the_po_are_replayed_on_start(catalogs, first_source):
    crashed = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 3600})
    add_people(crashed)
    farid = Reviewer(crashed.test_client(), "farid")
    eid = farid.entries()[0]["id"]
    assert farid.put(eid, "ذخیره شده", 1).status_code == 200
    assert po_translation(catalogs.po("fa"), first_source) == ""
    leftover = catalogs.po("fa").parent / ".letter.po.abc123.tmp"
    leftover.write_text("half a catalog")
    # A second process starting on the same project plays the journal into the file.
    restarted = create_app({"PROJECT_ROOT": catalogs.root})
    try:
        assert po_translation(catalogs.po("fa"), first_source) == "ذخیره شده"
        assert not leftover.exists()
        entry = Reviewer(restarted.test_client(), "farid").entries()[0]
        assert (entry["translation"], entry["version"], entry["author"]) == (
            "ذخیره شده", 2, "farid")
    finally:
        services(restarted).workspace.close()
        services(crashed).workspace.close()


def test_user_add_reads_the_password_from_stdin(catalogs):
    result = catalogs.ok("user", "add", "leila", "--role", "reviewer", "--lang", "fa,ar",
                        input="a good password\n")
    assert "created account 'leila': reviewer for fa, ar" in result.output
    db = open_database(catalogs.root / "instance")
    assert authenticate(db, "leila", "a good password").grants == {"fa": "reviewer",
                                                                   "ar": "reviewer"}
    more = catalogs.ok("user", "add", "leila", "--role", "translator", "--lang", "fr")
    assert "updated account 'leila'" in more.output
    assert authenticate(db, "leila", "a good password").role_for("fr") == "translator"


def test_user_add_on_a_terminal_asks_twice_without_echo(catalogs):
    """Through a real pseudo-terminal: the password is asked for, confirmed, never echoed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child is the real console script on the terminal's slave side
        os.execv(sys.executable, [sys.executable, "-m", "translate_letter", "-C",
                                  str(catalogs.root), "user", "add", "omid", "--role",
                                  "translator", "--lang", "fa"])
    screen = b""

    def read_until(marker: bytes) -> None:
        nonlocal screen
        while marker not in screen:
            ready, _, _ = select.select([fd], [], [], 30)
            assert ready, f"no {marker!r} on the terminal; it shows {screen!r}"
            screen += os.read(fd, 1024)

    read_until(b"Password:")
    os.write(fd, b"terminal secret\n")
    read_until(b"Repeat for confirmation:")
    os.write(fd, b"terminal secret\n")
    read_until(b"created account 'omid'")
    os.waitpid(pid, 0)
    os.close(fd)
    assert b"terminal secret" not in screen
    db = open_database(catalogs.root / "instance")
    assert authenticate(db, "omid", "terminal secret").role_for("fa") == "translator"


@pytest.mark.parametrize("args, stdin, reason", [
    (["user", "add", "leila", "--role", "reviewer", "--lang", "fa"], "short\n", "at least 12"),
    (["user", "add", "leila", "--role", "reviewer", "--lang", "fa"], "password1234\n",
     "too weak"),
    (["user", "add", "leila", "--role", "maintainer", "--lang", "fa"], "a good password\n",
     "leave out --lang"),
    (["user", "add", "leila", "--role", "reviewer", "--lang", "de"], "a good password\n",
     "not one of the project's languages"),
    (["user", "add", "../leila", "--role", "reviewer", "--lang", "fa"], "a good password\n",
     "invalid user name"),
    (["user", "add", "leila", "--role", "boss"], "a good password\n", "boss"),
])
def test_user_add_refuses_bad_input_and_creates_nothing(catalogs, args, stdin, reason):
    result = catalogs.run(*args, input=stdin)
    assert result.exit_code == 2
    assert reason in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    database = catalogs.root / "instance" / "review.sqlite3"
    if database.exists():
        assert authenticate(open_database(catalogs.root / "instance"), "leila",
                            "a good password") is None


def test_serve_refuses_a_malformed_catalog_in_one_line(catalogs):
    catalogs.po("fa").write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    result = catalogs.run("serve", "--port", "0")
    assert result.exit_code == 2
    assert result.stderr.startswith("translate-letter: error: ")
    assert "letter.po" in result.stderr and len(result.stderr.splitlines()) == 1


def test_serve_says_when_the_port_is_taken(catalogs):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = catalogs.run("serve", "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1:" in result.stderr


def test_a_reviewer_marks_a_finding_intended_and_may_then_approve(checked_app, catalogs):
    roya, farid = Reviewer(checked_app.test_client(), "roya"), Reviewer(
        checked_app.test_client(), "farid")
    entry = roya.entries()[0]
    text = "وکیلان حقوق بشر"  # the number left out on purpose: intended
    version = farid.put(entry["id"], text, 1).json["version"]
    url = f"/api/letter/fa/entries/{entry['id']}/intended"

    def mark(who, check="numbers", intended=True, version=version):
        return who.client.post(url, json={"check": check, "intended": intended,
                                          "version": version},
                               headers={"X-CSRFToken": who.csrf})

    assert mark(farid).status_code == 403
    assert mark(roya, check="spelling").status_code == 400
    marked = mark(roya)
    assert marked.status_code == 200
    assert marked.json["intended"] == ["numbers"]
    assert "numbers" not in {f["check"] for f in marked.json["findings"]}
    assert [f for f in marked.json["findings"] if f["level"] == "error"] == []
    approved = roya.put(entry["id"], text, marked.json["version"], "approved")
    assert approved.status_code == 200
    services(checked_app).workspace.flush()
    message = load_catalog(catalogs.po("fa")).get(entry["source"])
    assert comment_values(message, QA_INTENDED) == ["numbers"]
    assert str(state_of(message)) == "approved"
    history = roya.entry(entry["id"])["history"]
    assert history[1]["intended"] == "numbers" and history[1]["user"] == "roya"
    undone = mark(roya, intended=False, version=approved.json["version"])
    assert undone.json["intended"] == []
    assert "numbers" in {f["check"] for f in undone.json["findings"]}


def test_a_download_that_cannot_be_made_is_a_clear_error_not_a_500(sign_in, catalogs):
    source = catalogs.root / "source" / "letter.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Sincerely,", "Sincerely,\uffff", 1), encoding="utf-8")
    farid = sign_in("farid")

    for path in ("/downloads/letter/fa/docx", "/downloads/letter/fa/bilingual/pdf"):
        refused = farid.client.get(path)
        assert refused.status_code == 422, path
        assert "cannot be made: the source holds U+FFFF, a noncharacter" in refused.text
    assert farid.client.get("/downloads/letter/fa/md").status_code == 200
