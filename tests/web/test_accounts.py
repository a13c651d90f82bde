"""Accounts through the app and the CLI: session lifetimes, signing out everywhere, disabled
accounts, account commands and the settings they read."""

from __future__ import annotations

import time

import pyotp
import pytest
from sqlalchemy import text

from translate_letter.accounts import account_exists, authenticate, load_account, twofactor
from translate_letter.accounts.audit import events, record
from translate_letter.accounts.schema import open_accounts
from translate_letter.accounts.twofactor import begin_enrolment, confirm_enrolment
from translate_letter.core.errors import UserError
from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import PASSWORD, Reviewer, add_people


def _signed_out(reviewer: Reviewer) -> bool:
    return reviewer.client.get("/api/letter/fa/entries").status_code == 401


@pytest.mark.parametrize("column, hours_ago", [("last_seen", 3), ("created", 13)])
def test_a_session_ends_after_the_idle_timeout_and_the_absolute_lifetime(app, sign_in, column,
                                                                         hours_ago):
    farid = sign_in("farid")
    assert not _signed_out(farid)
    with services(app).db.transaction() as conn:
        conn.execute(text(f"UPDATE sessions SET {column} = :t WHERE name = 'farid'"),
                     {"t": time.time() - hours_ago * 3600})
    assert _signed_out(farid)
    assert services(app).db.query("SELECT * FROM sessions WHERE name = 'farid'") == []


def test_lifetimes_come_from_the_settings(catalogs):
    with (catalogs.root / "pyproject.toml").open("a") as settings:
        settings.write("session-idle-minutes = 5\nsession-lifetime-hours = 1\n")
    app = create_app({"PROJECT_ROOT": catalogs.root})
    try:
        add_people(app)
        farid = Reviewer(app.test_client(), "farid")
        with services(app).db.transaction() as conn:
            conn.execute(text("UPDATE sessions SET last_seen = :t"), {"t": time.time() - 6 * 60})
        assert _signed_out(farid)
    finally:
        services(app).workspace.close()


def test_sign_out_everywhere_ends_every_session_of_the_account_only(sign_in):
    laptop, phone, fatemeh = sign_in("farid"), sign_in("farid"), sign_in("fatemeh")
    page = laptop.client.get("/account/").text
    assert "Sign out everywhere" in page
    answer = laptop.client.post("/account/sign-out-everywhere",
                                data={"csrf_token": laptop.csrf})
    assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    assert _signed_out(laptop) and _signed_out(phone)
    assert not _signed_out(fatemeh)


def test_a_disabled_account_cannot_sign_in_until_enabled(app, sign_in):
    maya, farid = sign_in("maya"), sign_in("farid")
    answer = maya.client.post("/accounts/farid/disable", data={"csrf_token": maya.csrf},
                              follow_redirects=True)
    assert "Disabled farid: every session ended." in answer.text
    assert _signed_out(farid)
    assert authenticate(services(app).db, "farid", PASSWORD) is None
    maya.client.post("/accounts/farid/enable", data={"csrf_token": maya.csrf})
    assert not _signed_out(sign_in("farid"))


def test_account_actions_are_for_maintainers_and_known_accounts(sign_in):
    maya, roya = sign_in("maya"), sign_in("roya")
    assert roya.client.post("/accounts/farid/disable",
                            data={"csrf_token": roya.csrf}).status_code == 403
    assert maya.client.post("/accounts/nobody/disable",
                            data={"csrf_token": maya.csrf}).status_code == 400
    assert maya.client.post("/accounts/farid/explode",
                            data={"csrf_token": maya.csrf}).status_code == 404
    assert maya.client.post("/accounts/farid/disable").status_code == 400  # no CSRF token


def test_user_commands_manage_passwords_and_standing(catalogs):
    catalogs.ok("user", "add", "leila", "--role", "reviewer", "--lang", "fa",
                input="a good password\n")
    catalogs.ok("user", "passwd", "LEILA", input="an even better password\n")
    db = open_accounts(catalogs.root / "instance")
    assert authenticate(db, "leila", "a good password") is None
    assert authenticate(db, "Leila", "an even better password") is not None
    catalogs.ok("user", "disable", "leila")
    assert "leila                disabled" in catalogs.ok("user", "list").output
    catalogs.ok("user", "enable", "leila")
    listed = catalogs.ok("user", "list").output
    assert "enabled" in listed and "reviewer (fa)" in listed
    events = [line.split()[1] for line in catalogs.ok("audit").output.splitlines()]
    assert events == ["account-created", "password-changed", "disabled", "enabled"]


@pytest.mark.parametrize("args, stdin, reason", [
    (["user", "passwd", "nobody"], "a good password\n", "no account 'nobody'"),
    (["user", "passwd", "leila"], "letmein\n", "at least 12"),
    (["user", "passwd", "leila"], "leila1234567\n", "too weak"),
    (["user", "disable", "nobody"], "", "no account 'nobody'"),
    (["user", "reset-2fa", "nobody"], "", "no account 'nobody'"),
    (["audit", "--since", "2026-13-45"], "", "--since '2026-13-45'"),
])
def test_account_commands_refuse_bad_input_in_one_line(catalogs, args, stdin, reason):
    catalogs.ok("user", "add", "leila", "--role", "reviewer", "--lang", "fa",
                input="a good password\n")
    result = catalogs.run(*args, input=stdin)
    assert result.exit_code == 2
    assert reason in result.stderr and len(result.stderr.splitlines()) == 1
    assert authenticate(open_accounts(catalogs.root / "instance"), "leila",
                        "a good password") is not None


@pytest.mark.parametrize("setting, reason", [
    ('require-2fa = "reviewer"', "require-2fa must be a list of roles"),
    ('require-2fa = ["boss"]', "unknown role 'boss'"),
    ('allowed-hosts = "example.org"', "allowed-hosts must be a list of host names"),
    ("session-idle-minutes = 0", "must be positive"),
    ('session-lifetime-hours = "12"', "session-lifetime-hours must be an integer"),
])
def test_a_wrong_setting_is_a_one_line_error(catalogs, setting, reason):
    with (catalogs.root / "pyproject.toml").open("a") as settings:
        settings.write(setting + "\n")
    with pytest.raises(UserError, match=reason):
        create_app({"PROJECT_ROOT": catalogs.root})
    result = catalogs.run("serve", "--port", "0")
    assert result.exit_code == 2 and reason in result.stderr


def _form_token(client, path: str = "/login") -> str:
    page = client.get(path).text
    return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


def test_audit_prints_names_and_details_escaped(app, catalogs):
    db = services(app).db
    record(db, "2fa-reset", "farid", "by maya\n2026-12-04T10:00:00+00:00  signed-in admin")
    record(db, "disabled", "fred", "by \x1b[2J\x1b[31mmaya\u202e")
    lines = catalogs.ok("audit").output.splitlines()
    assert len(lines) == len(events(db))  # one line per event, none forged
    assert lines[-2].endswith("by maya\\n2026-12-04T10:00:00+00:00  signed-in admin")
    assert lines[-1].endswith("by \\x1b[2J\\x1b[31mmaya\\u202e")
    assert not any(ch in catalogs.ok("audit").output for ch in "\x1b\u202e")


def test_a_sign_in_name_with_control_characters_is_refused_before_it_is_recorded(app):
    db = services(app).db
    before = events(db), db.query("SELECT * FROM signin_failures")
    client = app.test_client()
    for name in ("admin\n2026-12-04  signed-in admin", "\x1b[31madmin", "adm\u202ein"):
        answer = client.post("/login", data={"username": name, "password": "a guess here",
                                             "csrf_token": _form_token(client)})
        assert answer.status_code == 400
        assert "A user name cannot hold control characters." in answer.text
    assert (events(db), db.query("SELECT * FROM signin_failures")) == before


def test_the_password_step_cannot_be_replayed_after_sign_in(app):
    db = services(app).db
    codes = confirm_enrolment(db, "farid", pyotp.TOTP(begin_enrolment(db, "farid")).now())
    client = app.test_client()
    signed = client.post("/login", data={"username": "farid", "password": PASSWORD,
                                         "csrf_token": _form_token(client)})
    assert signed.headers["Location"].startswith("/login/code")
    token = _form_token(client, "/login/code")
    copied = client.get_cookie("session").value
    done = client.post("/login/code", data={"code": codes[0], "csrf_token": token})
    assert done.headers["Location"] == "/dashboard"

    replay = app.test_client()
    replay.set_cookie("session", copied)
    assert replay.get("/login/code").headers["Location"].startswith("/login")
    replay.set_cookie("session", copied)
    again = replay.post("/login/code", data={"code": codes[1], "csrf_token": token})
    assert again.status_code == 302 and again.headers["Location"].startswith("/login")
    assert replay.get("/api/letter/fa/entries").status_code == 401
    assert twofactor.recovery_codes_left(db, "farid") == len(codes) - 1  # codes[1] unspent


def test_every_page_for_people_signed_in_is_no_store_and_the_reading_room_is_cached(
        app, sign_in):
    maya = sign_in("maya")
    answers = {path: maya.client.get(path) for path in (
        "/dashboard", "/account/", "/account/two-factor", "/accounts/",
        "/api/letter/fa/entries", "/edit/letter/fa", "/downloads/")}
    answers["reset"] = maya.client.post("/accounts/farid/reset-password",
                                        data={"csrf_token": maya.csrf})
    answers["/login"] = app.test_client().get("/login")
    for path, answer in answers.items():
        assert answer.status_code == 200, path
        assert answer.headers["Cache-Control"] == "no-store", path
    public = app.test_client().get("/")
    assert public.status_code == 200 and "no-store" not in public.headers["Cache-Control"]
    assert "no-store" not in app.test_client().get("/static/app.css").headers.get(
        "Cache-Control", "")


def test_allowed_hosts_are_compared_without_regard_to_case(catalogs):
    with (catalogs.root / "pyproject.toml").open("a") as settings:
        settings.write('allowed-hosts = ["Review.Example.org"]\n')
    app = create_app({"PROJECT_ROOT": catalogs.root})
    try:
        client = app.test_client()
        for host, status in [("review.example.org", 200), ("REVIEW.EXAMPLE.ORG", 200),
                             ("Review.Example.Org:443", 200), ("attacker.example", 400)]:
            assert client.get("/login", headers={"Host": host}).status_code == status, host
    finally:
        services(app).workspace.close()


# Cyrillic а; Greek Α; full-width; Cyrillic а and і.
@pytest.mark.parametrize("name", ["аdmin", "ΑDMIN", "ａｄｍｉｎ", "аdmіn"])
def test_a_name_confusable_with_another_cannot_be_created(catalogs, name):
    catalogs.ok("user", "add", "admin", "--role", "maintainer", input=PASSWORD + "\n")
    refused = catalogs.run("user", "add", name, "--role", "translator", "--lang", "fa",
                           input=PASSWORD + "\n")
    assert refused.exit_code == 2
    assert "is taken: it is the same name as 'admin'" in refused.stderr
    names = [line.split()[0] for line in catalogs.ok("user", "list").output.splitlines()]
    assert names == ["admin"]


def test_the_accounts_page_refuses_a_confusable_name(sign_in):
    maya = sign_in("maya")
    page = maya.client.post("/accounts/", data={
        "name": "mаya", "role": "translator", "languages": ["fa"],
        "csrf_token": maya.csrf})
    assert page.status_code == 400 and "is taken: it is the same name as" in page.text


PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_an_account_made_on_the_web_is_held_at_the_password_change_until_it_has_its_own(
        app, sign_in):
    maya = sign_in("maya")
    made = maya.client.post("/accounts/", data={"name": "nasrin", "role": "translator",
                                                "languages": ["fa", "ar"],
                                                "csrf_token": maya.csrf})
    assert made.status_code == 200 and "Created the account nasrin." in made.text
    one_time = made.text.split('id="one-time"')[1].split("<code>")[1].split("</code>")[0]
    assert one_time not in maya.client.get("/accounts/").text  # shown once

    nasrin = app.test_client()
    signed = nasrin.post("/login", data={"username": "nasrin", "password": one_time,
                                         "csrf_token": _form_token(nasrin)})
    assert signed.headers["Location"] == "/dashboard"
    assert nasrin.get("/dashboard").headers["Location"] == "/account/"
    for path in ("/api/letter/fa/entries", "/api/letter/fa/document"):
        held = nasrin.get(path)
        assert held.status_code == 403 and held.json["error"] == "choose a new password first"
    token = _form_token(nasrin, "/account/")
    new = "saffron lanterns at noon"
    changed = nasrin.post("/account/password", follow_redirects=True, data={
        "current": one_time, "new": new, "repeat": new, "csrf_token": token})
    assert "Password changed" in changed.text
    assert nasrin.get("/api/letter/fa/entries").status_code == 200
    assert nasrin.get("/api/letter/fr/entries").status_code == 403  # not one of hers


@pytest.mark.parametrize("fields, reason", [
    ({}, "needs at least one language"),
    ({"languages": ["fa"], "every_language": "y"}, "not both"),
])
def test_a_translator_made_on_the_web_needs_languages_chosen(app, sign_in, fields, reason):
    maya = sign_in("maya")
    refused = maya.client.post("/accounts/", data={"name": "nasrin", "role": "translator",
                                                   "csrf_token": maya.csrf, **fields})
    assert refused.status_code == 400 and reason in refused.text
    assert not account_exists(services(app).db, "nasrin")


def test_every_language_is_an_explicit_choice(app, sign_in, catalogs):
    maya = sign_in("maya")
    made = maya.client.post("/accounts/", data={"name": "nasrin", "role": "reviewer",
                                                "every_language": "y", "csrf_token": maya.csrf})
    assert made.status_code == 200
    assert load_account(services(app).db, "nasrin").grants == {"*": "reviewer"}
    refused = catalogs.run("user", "add", "leila", "--role", "translator", input=PASSWORD)
    assert refused.exit_code == 2 and "--lang all" in refused.stderr
    catalogs.ok("user", "add", "leila", "--role", "translator", "--lang", "all",
                input=PASSWORD)
    leila = load_account(open_accounts(catalogs.root / "instance"), "leila")
    assert leila.grants == {"*": "translator"} and not leila.is_maintainer
    assert leila.languages(["fa", "fr", "ar"]) == ["fa", "fr", "ar"]
    mixed = catalogs.run("user", "add", "leila", "--role", "translator", "--lang", "all,fa")
    assert mixed.exit_code == 2 and "leave out the others" in mixed.stderr


@pytest.mark.parametrize("digits", [PERSIAN_DIGITS, ARABIC_INDIC_DIGITS])
def test_codes_typed_in_persian_or_arabic_digits_enrol_and_sign_in(app, sign_in, digits):
    farid = sign_in("farid")
    page = farid.client.get("/account/two-factor").text
    secret = page.split('id="secret" dir="ltr">')[1].split("<")[0]
    totp = pyotp.TOTP(secret)
    spaced = totp.now()[:3] + " " + totp.now()[3:]
    enrolled = farid.client.post("/account/two-factor", data={
        "code": spaced.translate(digits), "csrf_token": farid.csrf})
    assert enrolled.status_code == 200 and 'id="recovery-codes"' in enrolled.text

    phone = app.test_client()
    phone.post("/login", data={"username": "farid", "password": PASSWORD,
                               "csrf_token": _form_token(phone)})
    code = totp.at(time.time() + totp.interval).translate(digits)  # a step not yet used
    signed = phone.post("/login/code", data={"code": code,
                                             "csrf_token": _form_token(phone, "/login/code")})
    assert signed.headers["Location"] == "/dashboard"
