"""Sign-in security against the real server: ``translate-letter serve`` (waitress) as a
subprocess behind a pretend reverse proxy (``--proxy``), driven over HTTP and in Chromium."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
import requests

from translate_letter.accounts import add_account
from translate_letter.accounts.schema import open_accounts

from ..conftest import Project, new_project, review_database
from .conftest import PASSWORD
from .servers import Server
from .test_api import PERSIAN

pytestmark = pytest.mark.slow

PYPROJECT = """\
[tool.translate-letter]
languages = ["fa", "fr", "ar"]
require-2fa = ["reviewer"]
allowed-hosts = ["127.0.0.1", "review.example.org"]
session-idle-minutes = 60
session-lifetime-hours = 8
"""
TIMING_TRIES = 30
# name -> (role, languages)
TEAM = {
    "maya": ("maintainer", []),
    "farid": ("translator", ["fa"]),
    "roya": ("reviewer", ["fa"]),
    "target": ("translator", ["fa"]),
    "resetme": ("translator", ["fr"]),
    "changer": ("translator", ["fr"]),
    **{f"cookie-{event}": ("translator", ["fa"])
       for event in ("logout", "password", "role", "disable")},
    **{f"timing{n:02}": ("translator", ["ar"]) for n in range(TIMING_TRIES)},
}


class Team:
    """The running server, its project (for the CLI) and a maintainer's session."""

    def __init__(self, project: Project, server: Server) -> None:
        self.project = project
        self.server = server
        self.url = server.url

    def maintainer(self) -> tuple[requests.Session, str]:
        return self.server.session("maya", PASSWORD, address="192.0.2.250")

    def audit(self, *args: str) -> list[dict]:
        return json.loads(self.project.ok("audit", "--json", *args).output)


def make_project(root: Path, people: dict[str, tuple[str, list[str]]]) -> Project:
    """A project whose letter is extracted, with empty catalogs and these people's accounts."""
    project = new_project(root, PYPROJECT)
    db = open_accounts(project.location())
    for name, (role, langs) in people.items():
        add_account(db, name, role, langs, ["fa", "fr", "ar"], PASSWORD)
    db.close()
    return project


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def team(request, tmp_path_factory) -> Iterator[Team]:
    with review_database(request.param, request):
        project = make_project(tmp_path_factory.mktemp("team") / "project", TEAM)
        server = Server(project.root, 0.2, "--proxy", "--threads", "4")
        try:
            yield Team(project, server)
        finally:
            server.stop()


def post_form(team: Team, session: requests.Session, path: str, csrf: str,
              **fields: str) -> requests.Response:
    return session.post(team.url + path, data={**fields, "csrf_token": csrf}, timeout=10)


def test_the_server_is_waitress(team):
    answer = team.server.client().get(team.url + "login", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Server"] == "waitress"


def test_one_strangers_burst_is_held_at_its_address_and_leaves_the_owner_in(team):
    attacker = team.server.client("198.51.100.7")
    answers = [team.server.sign_in(attacker, "target", f"guess number {n}") for n in range(50)]
    statuses = [a.status_code for a in answers]
    throttled_from = statuses.index(429)
    assert 1 <= throttled_from <= 5, statuses
    assert set(statuses[:throttled_from]) == {400}
    assert "Wrong user name or password" in answers[0].text
    assert set(statuses[throttled_from:]) == {429}
    waits = [int(a.headers["Retry-After"]) for a in answers[throttled_from:]]
    assert waits[0] <= 2 and waits[-1] >= 60  # delays that grew with each attempt
    assert not any("locked" in a.text for a in answers)  # the burst never locks the name

    # The burst counted against its address: the owner, elsewhere, waits a second at most.
    owner = team.server.client("203.0.113.5")
    first = team.server.sign_in(owner, "target", PASSWORD)
    if first.status_code == 429:
        assert int(first.headers["Retry-After"]) <= 2 and "locked" not in first.text
        time.sleep(int(first.headers["Retry-After"]))
        first = team.server.sign_in(owner, "target", PASSWORD)
    assert first.url == team.url + "dashboard"
    assert "known_device" in owner.cookies  # a known device of target from now on

    trail = [e for e in team.audit() if e["account"] == "target"]
    events = [e["event"] for e in trail]
    assert "signin-failed" in events and "signin-throttled" in events
    assert events[-1] == "signed-in" and trail[-1]["address"] == "203.0.113.5"
    # Repeated failures are one row with a count per name, address and minute.
    throttled = [e for e in trail if e["event"] == "signin-throttled"
                 and e["address"] == "198.51.100.7"]
    assert sum(e["count"] for e in throttled) == 50 - throttled_from
    assert len(throttled) <= 2
    assert {e["address"] for e in trail if "failed" in e["event"]} == {"198.51.100.7"}


def test_a_sign_in_takes_as_long_for_an_unknown_name_as_for_a_known_one(team):
    """Medians of 30 interleaved tries each, every try from its own address and name so that
    no throttle interferes: an unknown name within 15% of a known one's wrong password."""
    known: list[float] = []
    unknown: list[float] = []
    for n in range(TIMING_TRIES):
        tries = [(f"timing{n:02}", known), (f"nobody{n:02}", unknown)]
        for index, (name, times) in enumerate(tries if n % 2 else tries[::-1]):
            client = team.server.client(f"192.0.2.{2 * n + index + 1}")
            form = client.get(team.url + "login", timeout=10).text
            token = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
            started = time.perf_counter()
            answer = client.post(team.url + "login", timeout=10, data={
                "username": name, "password": "not the password", "csrf_token": token})
            times.append(time.perf_counter() - started)
            assert answer.status_code == 400 and "Wrong user name or password" in answer.text
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    assert abs(unknown_median - known_median) <= 0.15 * known_median, (known_median,
                                                                       unknown_median)


def _refused_everywhere(team: Team, cookie: str) -> None:
    stale = team.server.client()
    stale.cookies.set("session", cookie)
    page = stale.get(team.url + "dashboard", allow_redirects=False, timeout=10)
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    stale.cookies.set("session", cookie)
    assert stale.get(team.url + "api/letter/fa/entries", timeout=10).status_code == 401
    stale.cookies.set("session", cookie)
    saved = stale.put(team.url + "api/letter/fa/entries/x", json={}, timeout=10)
    assert saved.status_code in (400, 401)  # no CSRF token or no session: never a save


@pytest.mark.parametrize("event", ["logout", "password", "role", "disable"])
def test_a_cookie_copied_before_an_event_is_refused_afterwards(team, event):
    name = f"cookie-{event}"
    session, csrf = team.server.session(name, PASSWORD)
    other_device, _ = team.server.session(name, PASSWORD)
    copied = session.cookies["session"]
    assert session.get(team.url + "api/letter/fa/entries", timeout=10).status_code == 200
    if event == "logout":
        post_form(team, session, "logout", csrf)
    elif event == "password":
        changed = post_form(team, session, "account/password", csrf, current=PASSWORD,
                            new="a brand new passphrase", repeat="a brand new passphrase")
        assert "Password changed" in changed.text
        # The device that changed it stays signed in, with a new session.
        assert session.get(team.url + "api/letter/fa/entries", timeout=10).status_code == 200
    elif event == "role":
        team.project.ok("user", "add", name, "--role", "reviewer", "--lang", "fa")
    else:
        team.project.ok("user", "disable", name)
    _refused_everywhere(team, copied)
    _refused_everywhere(team, other_device.cookies["session"])
    events = [e["event"] for e in team.audit() if e["account"] == name]
    assert events[-1] == {"logout": "signed-out", "password": "password-changed",
                          "role": "role-changed", "disable": "disabled"}[event]
    if event == "disable":
        assert team.server.sign_in(team.server.client("192.0.2.200"), name,
                                   PASSWORD).url == team.url + "login"
        team.project.ok("user", "enable", name)
        team.server.session(name, PASSWORD, address="192.0.2.201")


def test_own_password_change_needs_the_current_one_and_refuses_weak_ones(team):
    session, csrf = team.server.session("changer", PASSWORD)
    for current, new, reason in [
        ("wrong current password", "a brand new passphrase", "the current password is wrong"),
        (PASSWORD, "abc123", "at least 12 characters"),
        (PASSWORD, "password1234", "too weak: this is a very common password"),
        (PASSWORD, "qwertyuiop123", "too weak"),
    ]:
        page = post_form(team, session, "account/password", csrf, current=current, new=new,
                         repeat=new)
        notice = page.text.split('class="flashes"')[1].split("</ul>")[0]
        assert "Password not changed" in notice and reason in notice, notice
    new = "seven blue herons at dawn"
    changed = post_form(team, session, "account/password", csrf, current=PASSWORD, new=new,
                        repeat=new)
    assert "Password changed" in changed.text
    assert team.server.sign_in(team.server.client("192.0.2.210"), "changer",
                               PASSWORD).url.endswith("/login")
    team.server.session("changer", new, address="192.0.2.211")


def test_a_maintainers_reset_gives_a_one_time_password_changed_at_next_sign_in(team):
    maya, csrf = team.maintainer()
    page = post_form(team, maya, "accounts/resetme/reset-password", csrf).text
    one_time = page.split('id="one-time"')[1].split("<code>")[1].split("</code>")[0]
    assert team.server.sign_in(team.server.client("192.0.2.220"), "resetme",
                               PASSWORD).url.endswith("/login")
    session, csrf = team.server.session("resetme", one_time, lands="account/",
                                        address="192.0.2.221")
    blocked = session.get(team.url + "api/letter/fr/entries", timeout=10)
    assert blocked.status_code == 403 and blocked.json()["error"] == "choose a new password first"
    assert session.get(team.url + "dashboard", timeout=10).url == team.url + "account/"
    new = "violet kites over tabriz"
    changed = post_form(team, session, "account/password", csrf, current=one_time, new=new,
                        repeat=new)
    assert "Password changed" in changed.text
    assert session.get(team.url + "api/letter/fr/entries", timeout=10).status_code == 200
    events = [(e["event"], e["detail"]) for e in team.audit() if e["account"] == "resetme"]
    assert ("password-reset", "by maya") in events and events[-1][0] == "password-changed"


def test_two_factor_enrolment_in_chromium_then_codes_and_recovery_codes(team, chromium):
    # require-2fa = ["reviewer"]: roya is sent to enrol before anything else.
    session, _ = team.server.session("roya", PASSWORD, lands="account/", address="192.0.2.230")
    blocked = session.get(team.url + "api/letter/fa/entries", timeout=10)
    assert blocked.status_code == 403 and "two-factor" in blocked.json()["error"]

    context = chromium.new_context()
    page = context.new_page()
    page.goto(team.url + "login")
    page.fill("#username", "roya")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(team.url + "account/")
    assert "set up two-factor sign-in first" in page.inner_text("main")
    page.click("#two-factor-state a")
    page.wait_for_url(team.url + "account/two-factor")
    drawn = page.locator("#qr svg").bounding_box()
    assert drawn["width"] >= 100 and drawn["width"] == drawn["height"]
    secret = page.inner_text("#secret").strip()
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    page.wait_for_selector("#recovery-codes")
    codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
    page.goto(team.url + "dashboard")
    assert page.url == team.url + "dashboard"  # enrolled: the dashboard opens
    context.close()
    assert len(codes) == 10 and len(set(codes)) == 10

    totp = pyotp.TOTP(secret)
    upcoming = totp.at(time.time() + totp.interval)  # a step not used by the enrolment
    window = {totp.at(time.time() + k * totp.interval) for k in (-1, 0, 1, 2)}
    wrong = next(c for c in (f"{n:06}" for n in range(1000)) if c not in window)

    def second_step(code: str, address: str) -> requests.Response:
        client = team.server.client(address)
        assert team.server.sign_in(client, "roya", PASSWORD).url == team.url + "login/code"
        return team.server.sign_in(client, "", "", path="login/code", code=code)

    refused = second_step(wrong, "192.0.2.231")
    assert refused.url == team.url + "login/code" and "Wrong or already used code" in refused.text
    assert second_step(upcoming, "192.0.2.232").url == team.url + "dashboard"
    assert "Wrong or already used code" in second_step(upcoming, "192.0.2.233").text
    assert second_step(codes[0], "192.0.2.234").url == team.url + "dashboard"
    assert "Wrong or already used code" in second_step(codes[0], "192.0.2.235").text

    trail = [e for e in team.audit() if e["account"] == "roya"]
    events = [e["event"] for e in trail]
    assert "2fa-enrolled" in events and events.count("recovery-code-used") == 1
    assert sum(e["count"] for e in trail if e["event"] == "2fa-failed") == 3

    team.project.ok("user", "reset-2fa", "roya")  # a lost phone
    team.server.session("roya", PASSWORD, lands="account/", address="192.0.2.236")


def test_names_are_one_after_width_and_case_folding(team):
    for spelling in ("FARID", "Farid", "ｆａｒｉｄ"):
        team.server.session(spelling, PASSWORD, address="192.0.2.240")
    refused = team.project.run("user", "add", "MAYA", "--role", "translator", "--lang", "fa",
                               input=PASSWORD)
    assert refused.exit_code == 2 and "is taken: it is the same name as 'maya'" in refused.stderr
    maya, csrf = team.maintainer()
    page = post_form(team, maya, "accounts/", csrf, name="ｆａｒｉｄ", role="translator",
                     languages="fa")
    assert "is taken: it is the same name as" in page.text
    names = [line.split()[0] for line in team.project.ok("user", "list").output.splitlines()]
    assert names.count("farid") == 1 and len(names) == len(set(map(str.casefold, names)))


def _sign_in_cookies(server: Server, headers: dict[str, str]) -> list[str]:
    """The Set-Cookie headers of the sign-in form and of a successful sign-in, sent with
    ``headers`` (by hand: a client keeps a Secure cookie from going over plain HTTP)."""
    client = server.client()
    # Over HTTPS the CSRF check also wants a same-site Referer, as browsers send.
    headers = {**headers, "Referer": server.url.replace("http:", "https:") + "login"}
    form = client.get(server.url + "login", headers=headers, timeout=10)
    token = form.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    cookie = form.headers["Set-Cookie"].split(";")[0]
    signed = client.post(server.url + "login", allow_redirects=False, timeout=10,
                         headers={**headers, "Cookie": cookie},
                         data={"username": "farid", "password": PASSWORD, "csrf_token": token})
    assert signed.status_code == 302 and signed.headers["Location"] == "/dashboard"
    return [form.headers["Set-Cookie"], signed.headers["Set-Cookie"]]


def test_cookies_are_secure_when_the_proxy_says_https(team, tmp_path):
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.241"}
    assert all("; Secure" in c for c in _sign_in_cookies(team.server, https))
    plain = {"X-Forwarded-For": "192.0.2.242"}
    assert not any("Secure" in c for c in _sign_in_cookies(team.server, plain))

    # Without --proxy the same header is anyone's word and changes nothing.
    alone = make_project(tmp_path / "project", {"farid": TEAM["farid"]})
    direct = Server(alone.root, 0.2)
    try:
        assert not any("Secure" in c for c in _sign_in_cookies(direct, https))
    finally:
        direct.stop()


@pytest.mark.parametrize("headers, status", [
    ({}, 200),
    ({"Host": "review.example.org"}, 200),
    ({"Host": "attacker.example"}, 400),
    ({"X-Forwarded-Host": "attacker.example"}, 400),
])
def test_a_host_outside_allowed_hosts_gets_400(team, headers, status):
    answer = team.server.client().get(team.url + "login", headers=headers, timeout=10)
    assert answer.status_code == status


def test_approvals_are_in_the_audit_trail_printed_since_a_date(team):
    maya, csrf = team.maintainer()
    farid, farid_csrf = team.server.session("farid", PASSWORD)
    entry = maya.get(team.url + "api/letter/fa/entries", timeout=10).json()[0]
    written = farid.put(f"{team.url}api/letter/fa/entries/{entry['id']}", timeout=10,
                        json={"translation": PERSIAN, "state": "translated",
                              "version": entry["version"]}, headers={"X-CSRFToken": farid_csrf})
    saved = maya.put(f"{team.url}api/letter/fa/entries/{entry['id']}", timeout=10,
                     json={"translation": PERSIAN, "state": "approved",
                           "version": written.json()["version"]}, headers={"X-CSRFToken": csrf})
    assert saved.status_code == 200, saved.text
    approvals = [e for e in team.audit() if e["event"] == "approved"]
    assert approvals[-1]["account"] == "maya" and entry["id"] in approvals[-1]["detail"]
    assert approvals[-1]["address"] == "192.0.2.250"
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert team.audit("--since", tomorrow) == []
    assert team.audit("--since", "2000-01-01") == team.audit()
    text = team.project.ok("audit").output
    assert "approved" in text and "maya" in text
    bad = team.project.run("audit", "--since", "last tuesday")
    assert bad.exit_code == 2 and "--since 'last tuesday'" in bad.stderr
    assert len(bad.stderr.splitlines()) == 1
