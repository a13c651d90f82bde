"""The reading room on the review app's server: anonymous readers, 404 for what is not
published, validators and 304s, and the maintainers' decisions from the dashboard."""

from __future__ import annotations

import re

import requests

from translate_letter.accounts.audit import events
from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_approved
from translate_letter.catalog.writer import save_catalog
from translate_letter.web.auth import PUBLIC_ENDPOINTS
from translate_letter.web.services import services

from ..conftest import assert_tagged_for_screen_readers, wait_for
from .conftest import MAINTAINER, PASSWORD, REVIEWER, drafts


def signed_in(server, name: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    session.trust_env = False
    form = session.get(server.url + "/login", timeout=30).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    page = session.post(server.url + "/login", timeout=30, data={
        "username": name, "password": PASSWORD, "csrf_token": token})
    assert page.url == server.url + "/dashboard"
    return session, re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_anyone_reads_the_list_of_published_letters(server):
    index = server.get("/")
    assert index.status_code == 200
    assert index.headers["Content-Type"] == "text/html; charset=utf-8"
    for name in ("فارسی", "Français", "English"):
        assert name in index.text
    assert "العربية" not in index.text
    assert 'href="read/letter/fa/"' in index.text


def test_what_is_not_published_is_404_for_the_public(server):
    for path in ("/read/letter/ar/", "/read/letter/ar/letter.pdf", "/read/letter/fa/x.exe",
                 "/read/letter/fa/index.html", "/read/nope/fa/", "/assets/pyproject.toml"):
        assert server.get(path).status_code == 404, path
    bare = server.get("/read/letter/ar")
    assert bare.status_code == 308 and bare.headers["Location"].endswith("/read/letter/ar/")


def test_public_pages_hold_no_draft_no_account_and_no_review_data(server):
    unreviewed = drafts(server.project, "fa") + drafts(server.project, "ar")
    for path in ("/", "/read/letter/fa/", "/read/letter/fa/letter.txt",
                 "/read/letter/fa/letter.bilingual.html", "/read/letter/fr/letter.md"):
        text = server.get(path).text
        assert REVIEWER not in text and "approved:" not in text, path
        assert not [d for d in unreviewed if d in text], path


def test_a_repeat_request_is_answered_304_until_the_catalog_changes(server):
    first = server.get("/read/letter/fa/")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert server.get("/read/letter/fa/", **{"If-None-Match": etag}).status_code == 304
    assert server.get("/read/letter/fa/", **{"If-Modified-Since": modified}).status_code == 304
    download = server.get("/read/letter/fa/letter.pdf")
    pdf = server.project.root / "downloaded.pdf"
    pdf.write_bytes(download.content)
    assert_tagged_for_screen_readers(pdf)  # the reader's download, for screen readers
    again = server.get("/read/letter/fa/letter.pdf", **{"If-None-Match": download.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    room = services(server.app).reading_room
    assert room.page("letter", "fa") is room.page("letter", "fa")  # rendered once
    # A reviewer approves one of the three Persian drafts left: the page as it was is
    # served at once while its next version is made, and then the page follows.
    po = server.project.po("fa")
    catalog = load_catalog(po)
    last = messages(catalog)[-1]
    mark_approved(last, last.string, REVIEWER, "2026-12-01")
    save_catalog(po, catalog)
    assert server.get("/read/letter/fa/", **{"If-None-Match": etag}).status_code == 304
    assert wait_for(lambda: server.get("/read/letter/fa/", **{"If-None-Match": etag})
                .status_code == 200)
    changed = server.get("/read/letter/fa/", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert last.string in changed.text and last.string not in first.text


def test_downloads_answer_with_their_type_and_file_name(server):
    expected = {"letter.txt": "text/plain; charset=utf-8", "letter.md": "text/markdown",
                "letter.html": "text/html", "letter.pdf": "application/pdf",
                "letter.docx": "application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document",
                "letter.bilingual.html": "text/html", "letter.bilingual.pdf": "application/pdf",
                "letter.bilingual.docx": "application/vnd.openxmlformats-officedocument."
                                         "wordprocessingml.document"}
    for name, media_type in expected.items():
        response = server.get(f"/read/letter/fr/{name}")
        assert response.status_code == 200, name
        assert response.headers["Content-Type"].startswith(media_type), name
        assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert server.get("/read/letter/en/letter.bilingual.pdf").status_code == 404


def test_a_maintainer_publishes_and_withdraws_and_the_public_follows_at_once(server):
    session, csrf = signed_in(server, MAINTAINER)
    dashboard = session.get(server.url + "/dashboard", timeout=30).text
    assert "not public" in dashboard and "below the 90% the publishing rule asks" in dashboard
    before = server.get("/").headers["ETag"]

    def choose(lang: str, choice: str, **confirmation: str) -> requests.Response:
        return session.post(f"{server.url}/publishing/letter/{lang}", timeout=30,
                            data={"choice": choice, "csrf_token": csrf, **confirmation})

    # Arabic, 0% approved, is below the rule: two confirmations, the second its code.
    asked = choose("ar", "publish")
    assert asked.status_code == 200 and "code, ar, to confirm" in \
        asked.text
    assert server.get("/read/letter/ar/").status_code == 404
    for wrong in ({"code": "ar"}, {"understood": "yes", "code": "fa"}):
        refused = choose("ar", "publish", **wrong)
        assert refused.status_code == 400 and 'role="alert"' in refused.text
        assert server.get("/read/letter/ar/").status_code == 404
    done = choose("ar", "publish", understood="yes", code="ar")
    assert done.status_code == 200 and done.url == server.url + "/dashboard"
    assert f"published by {MAINTAINER} on " in done.text
    assert server.get("/read/letter/ar/").status_code == 200
    assert "العربية" in server.get("/", **{"If-None-Match": before}).text
    # Persian, which the rule admits, is withdrawn and handed back with one click each.
    assert choose("fa", "withdraw").url == server.url + "/dashboard"
    assert server.get("/read/letter/fa/").status_code == 404
    assert "فارسی" not in server.get("/").text
    assert f"withdrawn by {MAINTAINER} on " in session.get(server.url + "/dashboard").text
    assert choose("fa", "rule").url == server.url + "/dashboard"
    assert server.get("/read/letter/fa/").status_code == 200
    trail = [e for e in events(services(server.app).db)
             if e.get("doc") == "letter" and e["account"] == MAINTAINER]
    assert [(e["event"], e["lang"], e["public"]) for e in trail] == [
        ("published", "ar", True), ("withdrawn", "fa", False), ("publishing-rule", "fa", True)]
    assert all(e["by"] == "maintainer" for e in trail[:2]) and trail[2]["by"] == "rule"
    assert trail[0]["counts"] == {"untranslated": 0, "draft": 65, "translated": 0,
                                  "approved": 0}
    assert trail[1]["text_sha256"] == trail[2]["text_sha256"]  # the text withdrawn is back
    assert len(trail[0]["text_sha256"]) == 64


def test_only_a_maintainer_decides_what_is_public(server):
    session, csrf = signed_in(server, REVIEWER)
    refused = session.post(f"{server.url}/publishing/letter/fa", timeout=30,
                           data={"choice": "withdraw", "csrf_token": csrf})
    assert refused.status_code == 403
    assert server.get("/read/letter/fa/").status_code == 200
    maintainer, token = signed_in(server, MAINTAINER)
    for lang, choice, status in (("de", "publish", 404), ("fa", "maybe", 400)):
        answer = maintainer.post(f"{server.url}/publishing/letter/{lang}", timeout=30,
                                 data={"choice": choice, "csrf_token": token})
        assert answer.status_code == status
    anonymous = server.get("/dashboard")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_reading_room_alone_is_open_without_an_account(server):
    letter = server.get("/read/letter/fa/")
    assets = re.findall(r'(?:href|src)="(?:\.\./)*(assets/[^"]+)"', letter.text)
    assert assets
    for path in ("/", "/read/letter/fa/", "/read/letter/fa/letter.pdf",
                 *(f"/{asset}" for asset in assets)):
        assert server.get(path).status_code == 200, path
    public = {"static", *PUBLIC_ENDPOINTS}
    session = requests.Session()
    session.trust_env = False
    for rule in server.app.url_map.iter_rules():
        if rule.endpoint in public:
            continue
        path = re.sub(r"<[^>]+>", "fa", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            answer = session.request(method, server.url + path, timeout=30,
                                     allow_redirects=False)
            if answer.status_code == 302:
                assert answer.headers["Location"].startswith("/login"), (method, path)
            else:  # the API says so in JSON; a form without its CSRF token stops even sooner
                assert answer.status_code in (400, 401), (method, path, answer.status_code)


def test_the_words_around_a_letter_follow_the_readers_language_not_the_letters(server):
    persian_letter = server.get("/read/letter/fa/", **{"Accept-Language": "fr-FR, fr;q=0.9"})
    page = persian_letter.text
    assert '<html lang="fa" dir="rtl" data-script="Arab">' in page  # the letter stays Persian
    assert '<header class="reading-bar" lang="fr" dir="ltr" data-script="Latn">' in page
    assert "Télécharger la lettre" in page and "بارگیری نامه" not in page
    assert {"Accept-Language", "Cookie"} <= {
        v.strip() for v in persian_letter.headers["Vary"].split(",")}
    french_letter = server.get("/read/letter/fr/", **{"Accept-Language": "fa"}).text
    assert '<html lang="fr" dir="ltr" data-script="Latn">' in french_letter
    assert '<header class="reading-bar" lang="fa" dir="rtl" data-script="Arab">' in french_letter
    assert "بارگیری نامه" in french_letter and "Télécharger la lettre" not in french_letter
    arabic_list = server.get("/", **{"Accept-Language": "ar"}).text
    assert '<html lang="ar" dir="rtl" data-script="Arab">' in arabic_list
    assert "رسائل مفتوحة" in arabic_list
    english = server.get("/read/letter/fa/", **{"Accept-Language": "de"})
    assert "Download the letter" in english.text
    assert english.headers["ETag"] != persian_letter.headers["ETag"]
    missing = server.get("/read/letter/ar/", **{"Accept-Language": "fr"})
    assert missing.status_code == 404 and "<h1>Introuvable</h1>" in missing.text


def test_a_file_that_cannot_be_made_is_a_clear_error_and_the_others_are_served(server):
    source = server.project.root / "source" / "letter.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Sincerely,", "Sincerely,\uffff", 1), encoding="utf-8")

    docx = server.get("/read/letter/fr/letter.docx")

    assert docx.status_code == 422
    assert docx.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "fr/letter.docx cannot be made: the source holds U+FFFF, a noncharacter, which a " \
           "DOCX file cannot hold" in docx.text
    french = server.get("/read/letter/fr/letter.docx", **{"Accept-Language": "fr"})
    assert french.status_code == 422
    assert "Ce fichier ne peut pas être produit" in french.text
    assert "fr/letter.docx ne peut pas être produit : le texte source contient U+FFFF" \
        in french.text
    text_file = server.get("/read/letter/fr/letter.txt")
    assert text_file.status_code == 200 and "Sincerely,\uffff" in text_file.text
