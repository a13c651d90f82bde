"""The review app speaks Persian, French and Arabic: its own catalogs, and how the interface
language is chosen (account, browser, Accept-Language, English)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from translate_letter.cli import cli

from .conftest import PASSWORD

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "src" / "translate_letter" / "web"
TRANSLATIONS = WEB / "translations"
LANGUAGES = ("fa", "fr", "ar")


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def keys(catalog) -> set:
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id}


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)[1]


def heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page, re.S)[1].strip()


# ---- the catalogs ---------------------------------------------------------------------------


def test_every_string_of_the_templates_and_scripts_is_in_the_template(tmp_path):
    pybabel = shutil.which("pybabel") or str(Path(sys.executable).with_name("pybabel"))
    fresh = tmp_path / "messages.pot"
    subprocess.run([pybabel, "-q", "extract", "-F", str(REPO / "babel.cfg"), "-k", "_l",
                    "-o", str(fresh), str(WEB.parent)], cwd=REPO, check=True)
    extracted = read(fresh)
    places = {path.split("translate_letter/")[1] for m in extracted for path, _ in m.locations}
    folders = {place.split("/")[0] for place in places} | {
        place.split("/")[1] for place in places if place.startswith("web/")}
    # Templates, scripts, the reading room's words and the errors pages show are all mapped.
    assert {"templates", "static", "reading", "accounts", "review", "publish.py"} <= folders
    assert len(keys(extracted)) > 100
    assert keys(extracted) == keys(read(TRANSLATIONS / "messages.pot")), (
        "the template is out of date: run 'make ui-messages'")


# A second reading that does not rely on Babel's lexers: every literal the scripts and
# templates pass to _(), gettext() or ngettext() (also inside `${…}` of template strings).
_CALLS = re.compile(r"""(?<![\w.])(?:_|gettext|ngettext)\(\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""")


def test_every_literal_of_the_scripts_and_templates_is_in_the_template():
    known = {key if isinstance(key, str) else key[0]
             for key, _ in keys(read(TRANSLATIONS / "messages.pot"))}
    files = [*(WEB / "static").glob("*.js"), *(WEB / "templates").glob("*.html")]
    found = {match[1] for path in files for match in _CALLS.findall(path.read_text("utf-8"))}
    assert len(found) > 100
    assert sorted(found - known) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_of_the_catalog_is_translated_and_passes_msgfmt(lang, tmp_path):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    catalog = read(po)
    assert keys(catalog) == keys(read(TRANSLATIONS / "messages.pot"))
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert forms and all(forms), f"{lang}: not translated: {message.id!r}"
        # Shipped texts are the project team's drafts, labelled as the letter's are.
        assert message.fuzzy and any(c.startswith("draft: project-team ")
                                     for c in message.user_comments), message.id
    result = subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "messages.mo"), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_persian_uses_persian_letters_and_arabic_arabic_ones():
    for lang, wrong in (("fa", "يك"), ("ar", "یک")):
        for message in read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"):
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            assert not any(ch in form for form in forms for ch in wrong), (lang, message.id)


def test_the_projects_own_check_finds_no_error_in_the_interface_catalogs():
    result = CliRunner().invoke(cli, ["--locales-dir", str(TRANSLATIONS), "check"])
    assert result.exit_code == 0, result.output
    assert " error: " not in result.output


# ---- choosing the interface language ----------------------------------------------------------


def test_signed_out_the_switcher_beats_accept_language_which_beats_english(app):
    client = app.test_client()
    french = client.get("/login", headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"}).text
    assert '<html lang="fr" dir="ltr">' in french
    assert heading(french) == "Se connecter"
    assert "Mot de passe" in french
    persian = client.get("/login", headers={"Accept-Language": "fa-IR"}).text
    assert '<html lang="fa" dir="rtl">' in persian and heading(persian) == "ورود"
    english = client.get("/login", headers={"Accept-Language": "de"}).text
    assert '<html lang="en" dir="ltr">' in english and heading(english) == "Sign in"
    # An unknown language is refused and changes nothing.
    refused = client.post("/language", data={"lang": "xx", "csrf_token": csrf(english)})
    assert refused.status_code == 400
    assert "interface_lang" not in refused.headers.get("Set-Cookie", "")
    assert heading(client.get("/login").text) == "Sign in"
    # The switcher only sends back to this site.
    away = client.post("/language", data={"lang": "fr", "next": "//evil.example/",
                                          "csrf_token": csrf(english)})
    assert away.headers["Location"] == "/dashboard"
    switched = client.post("/language", data={"lang": "ar", "next": "/login",
                                              "csrf_token": csrf(english)},
                           headers={"Accept-Language": "fr"})
    assert switched.status_code == 303 and switched.headers["Location"] == "/login"
    arabic = client.get("/login", headers={"Accept-Language": "fr"}).text
    assert '<html lang="ar" dir="rtl">' in arabic and heading(arabic) == "تسجيل الدخول"


# ---- localized pages ------------------------------------------------------------------------


def test_numbers_states_publishing_reasons_and_scripts_follow_the_interface_language(sign_in):
    maya = sign_in("maya")
    persian = maya.client.get("/dashboard", headers={"Accept-Language": "fa"}).text
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', persian)
    assert "۶۵" in cells and "65" not in cells  # the letter's 65 entries in each language
    assert "۰٪" in persian  # Persian digits and percent sign
    assert "ترجمه‌نشده" in persian  # the state names too
    # Why a letter is not public (the shipped drafts: below the default rule's 100%).
    assert "تأییدشده: ۰٪، کمتر از ۱۰۰٪ که قاعدهٔ انتشار می‌خواهد" in persian
    french = maya.client.get("/dashboard", headers={"Accept-Language": "fr"}).text
    assert "65" in re.findall(r'<td class="num"[^>]*>([^<]*)</td>', french)
    assert "non traduit" in french and "0 %" in french.replace("\u202f", " ").replace(
        "\xa0", " ")
    arabic = maya.client.get("/dashboard", headers={"Accept-Language": "ar"}).text
    assert "غير منشورة" in arabic and "التي تطلبها قاعدة النشر" in arabic
    # The editor's scripts get their strings from the same catalogs, and only theirs.
    page = maya.client.get("/edit/letter/fa", headers={"Accept-Language": "fr"}).text
    catalog = re.search(r'<script type="application/json" id="i18n-catalog">(.*?)</script>',
                        page, re.S)[1]
    data = json.loads(catalog)
    assert data["lang"] == "fr" and data["plural"] == ["one", "many", "other"]
    assert data["messages"]["Saving…"] == "Enregistrement…"
    assert "Dashboard" not in data["messages"]


# A percentage as each interface language writes it (Babel's format_percent): its sign, and
# what stands between the number and the sign.
PERCENT_SIGNS = {"en": "%", "fr": "\xa0%", "fa": "٪", "ar": "\u200e%\u200e"}


@pytest.mark.parametrize("lang", sorted(PERCENT_SIGNS))
def test_a_percentage_is_written_one_way_in_each_interface_language(sign_in, lang):
    maya = sign_in("maya")
    dashboard = maya.client.get("/dashboard", headers={"Accept-Language": lang}).text
    # The progress of each row and the publishing rule's reason beside it.
    signs = re.findall(r"[0-9۰-۹٠-٩]([\xa0\u202f\u200e]?[%٪][\u200e\u061c]?)", dashboard)
    assert len(signs) >= 6 and set(signs) == {PERCENT_SIGNS[lang]}, signs
    page = maya.client.get("/edit/letter/fa", headers={"Accept-Language": lang}).text
    catalog = json.loads(re.search(
        r'<script type="application/json" id="i18n-catalog">(.*?)</script>', page, re.S)[1])
    assert catalog["percent"] == "%(value)s" + PERCENT_SIGNS[lang]


def test_form_errors_flashes_error_pages_and_the_cores_refusals_are_translated(app, sign_in):
    client = app.test_client()
    french = {"Accept-Language": "fr"}
    page = client.get("/login", headers=french).text
    empty = client.post("/login", data={"username": "", "password": "",
                                        "csrf_token": csrf(page)}, headers=french).text
    assert "Ce champ est requis." in empty
    wrong = client.post("/login", data={"username": "farid", "password": "not the password",
                                        "csrf_token": csrf(page)}, headers=french).text
    assert "Nom d’utilisateur ou mot de passe incorrect." in wrong

    fred = sign_in("fred")
    missing = fred.client.get("/nowhere", headers={"Accept-Language": "fa"})
    assert missing.status_code == 404 and heading(missing.text).startswith("یافت نشد")
    forbidden = fred.client.get("/edit/letter/fa", headers={"Accept-Language": "ar"})
    assert forbidden.status_code == 403 and heading(forbidden.text).startswith("غير مسموح")
    assert "ليس للحساب fred دور في اللغة fa." in forbidden.text
    expired = fred.client.post("/logout", headers=french)
    assert expired.status_code == 400
    assert "Le formulaire vient d’une page expirée." in expired.text
    # The JSON API answers scripts in English whatever the interface.
    api = fred.client.get("/api/letter/fa/entries", headers={"Accept-Language": "fa"})
    assert api.status_code == 403 and api.json["error"].isascii()

    # The core's refusals, with their values and numbers in the interface language.
    farid = sign_in("farid")
    persian = {"Accept-Language": "fa"}
    profile = farid.client.get("/account/", headers=persian).text
    assert heading(profile).startswith("حساب شما")
    assert "گذرواژهٔ تازه (دست‌کم ۱۲ نویسه)" in profile
    short = farid.client.post("/account/password", headers=persian, follow_redirects=True,
                              data={"current": PASSWORD, "new": "short", "repeat": "short",
                                    "csrf_token": farid.csrf}).text
    assert "گذرواژه تغییر نکرد: گذرواژه باید دست‌کم ۱۲ نویسه داشته باشد." in short
    maya = sign_in("maya")
    refused = maya.client.post("/accounts/", headers=french, data={
        "name": "no spaces allowed", "role": "translator", "password": "x",
        "csrf_token": maya.csrf}).text
    assert "Nom d’utilisateur &#39;no spaces allowed&#39; invalide" in refused
    assert "Journal d’audit" in refused
    disabled = maya.client.post("/accounts/fred/disable", headers=french,
                                data={"csrf_token": maya.csrf}, follow_redirects=True).text
    assert "Compte fred désactivé\u00a0: toutes ses sessions sont terminées." in disabled
    no_catalog = maya.client.get("/edit/nope/fa", headers={"Accept-Language": "ar"})
    assert no_catalog.status_code == 404
    assert "لا يوجد ملف ترجمة للمستند &#39;nope&#39; باللغة &#39;fa&#39;" in no_catalog.text


def test_the_apis_refusals_say_why_in_the_interface_language_and_in_english(sign_in):
    """The editor shows ``message`` (the interface language); programs read ``error``."""
    farid, roya = sign_in("farid"), sign_in("roya")
    first, second = farid.entries()[:2]
    farid.put(first["id"], "جناب رئیس،", first["version"])
    stale = farid.client.put(
        f"/api/letter/fa/entries/{first['id']}", json={
            "translation": "رئیس محترم،", "state": "translated", "version": first["version"]},
        headers={"X-CSRFToken": farid.csrf, "Accept-Language": "fa"})
    assert stale.status_code == 409
    assert stale.json["error"] == "farid saved this entry meanwhile"
    assert stale.json["message"] == "farid در این فاصله این مدخل را ذخیره کرد"
    long = farid.client.post(
        f"/api/letter/fa/entries/{first['id']}/comments", json={"text": "x" * 5001},
        headers={"X-CSRFToken": farid.csrf, "Accept-Language": "fa"})
    assert long.status_code == 400
    assert long.json["message"] == "یادداشت متنی ساده با حداکثر ۵٬۰۰۰ نویسه است"
    signed = roya.client.post(
        "/api/letter/fa/approve", json={"entries": [
            {"id": second["id"], "version": second["version"]}]},
        headers={"X-CSRFToken": roya.csrf, "Accept-Language": "fr"}).json
    assert signed[0]["approved"] is False and signed[0]["reason"] == "pas encore traduite"
