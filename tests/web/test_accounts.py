"""Accounts through the app and the CLI: session lifetimes, signing out everywhere, disabled
accounts, account commands and the settings they read."""

from __future__ import annotations

import time

import pytest

from translate_letter.accounts import authenticate
from translate_letter.accounts.schema import open_accounts
from translate_letter.errors import UserError
from translate_letter.web import create_app

from .conftest import PASSWORD, Reviewer, add_people


def _signed_out(reviewer: Reviewer) -> bool:
    return reviewer.client.get("/api/letter/fa/entries").status_code == 401


@pytest.mark.parametrize("column, hours_ago", [("last_seen", 3), ("created", 13)])
def test_a_session_ends_after_the_idle_timeout_and_the_absolute_lifetime(app, sign_in, column,
                                                                         hours_ago):
    farid = sign_in("farid")
    assert not _signed_out(farid)
    with app.extensions["review_db"].transaction() as conn:
        conn.execute(f"UPDATE sessions SET {column} = ? WHERE name = 'farid'",
                     (time.time() - hours_ago * 3600,))
    assert _signed_out(farid)
    assert app.extensions["review_db"].query("SELECT * FROM sessions WHERE name = 'farid'") == []


def test_lifetimes_come_from_the_settings(catalogs):
    with (catalogs.root / "pyproject.toml").open("a") as settings:
        settings.write("session-idle-minutes = 5\nsession-lifetime-hours = 1\n")
    app = create_app({"PROJECT_ROOT": catalogs.root})
    try:
        add_people(app)
        farid = Reviewer(app.test_client(), "farid")
        with app.extensions["review_db"].transaction() as conn:
            conn.execute("UPDATE sessions SET last_seen = ?", (time.time() - 6 * 60,))
        assert _signed_out(farid)
    finally:
        app.extensions["review"].close()


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
    assert authenticate(app.extensions["review_db"], "farid", PASSWORD) is None
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
    catalogs.ok("user", "add", "leila", "--role", "reviewer", input="a good password\n")
    result = catalogs.run(*args, input=stdin)
    assert result.exit_code == 2
    assert reason in result.stderr and len(result.stderr.splitlines()) == 1
    assert authenticate(open_accounts(catalogs.root / "instance"), "leila",
                        "a good password") is not None


@pytest.mark.parametrize("setting, reason", [
    ('require-2fa = "reviewer"', "require-2fa must be a list of strings"),
    ('require-2fa = ["boss"]', "unknown role 'boss'"),
    ('allowed-hosts = "example.org"', "allowed-hosts must be a list of strings"),
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
