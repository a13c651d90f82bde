"""Strangers who hammer a name, in the app itself (each client with its own address, as
REMOTE_ADDR): the owner still gets in, and the audit trail stays small."""

from __future__ import annotations

import re
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from translate_letter.accounts import add_account, name_key, throttle
from translate_letter.accounts.schema import open_accounts
from translate_letter.accounts.throttle import ADDRESS, NAME, Client
from translate_letter.accounts.twofactor import begin_enrolment, confirm_enrolment
from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.databases("sqlite", "postgresql")]

ATTEMPTS = 10_000
ADDRESSES = 100


@pytest.fixture
def app(catalogs) -> Iterator[Flask]:
    # The review database on tmpfs: ten thousand refusals are bound by the app, not fsync.
    with tempfile.TemporaryDirectory(dir="/dev/shm") as instance:
        application = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 0.05,
                                  "INSTANCE_PATH": instance})
        db = services(application).db
        add_account(db, "admin", "maintainer", [], ["fa", "fr", "ar"], PASSWORD)
        add_account(db, "maryam", "translator", ["fa"], ["fa", "fr", "ar"], PASSWORD)
        yield application
        services(application).workspace.close()
        db.close()


class Visitor:
    """A browser at one address, with the sign-in form's token."""

    def __init__(self, app: Flask, address: str) -> None:
        self.client: FlaskClient = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = address
        self.token = self._token("/login")

    def _token(self, path: str) -> str:
        page = self.client.get(path).text
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]

    def sign_in(self, name: str, password: str):
        return self.client.post("/login", data={"username": name, "password": password,
                                                "csrf_token": self.token})

    def code(self, code: str):
        self.token = self._token("/login/code") if self.client.get(
            "/login/code").status_code == 200 else self.token
        return self.client.post("/login/code", data={"code": code, "csrf_token": self.token})

    def sign_out(self) -> None:
        self.client.post("/logout", data={"csrf_token": self._token("/account/")})
        self.token = self._token("/login")


def stranger(app: Flask, n: int) -> Visitor:
    return Visitor(app, f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")


def locked(app: Flask, name: str) -> bool:
    return throttle.locked_until(services(app).db, name_key(name)) is not None


def age_failures(app: Flask, seconds: float) -> None:
    """Move every last failure back in time (not the end of a lockout), as if the attack
    went on for longer and every delay had run out."""
    with services(app).db.transaction() as conn:
        conn.execute(text("UPDATE signin_failures SET last = last - :s"), {"s": seconds})


@pytest.mark.databases("sqlite")  # ten thousand sign-ins: once is enough for the suite's time
def test_ten_thousand_attempts_from_strangers_leave_the_owner_in_and_the_trail_small(app):
    db = services(app).db
    laptop = Visitor(app, "203.0.113.10")
    assert laptop.sign_in("admin", PASSWORD).headers["Location"] == "/dashboard"
    laptop.sign_out()
    before = db.query("SELECT COUNT(*) AS n FROM audit")[0]["n"]

    strangers = [stranger(app, n) for n in range(ADDRESSES)]
    statuses: Counter[int] = Counter()
    for n in range(ATTEMPTS):
        if n % ADDRESSES == 0:
            age_failures(app, 600)  # each round ten minutes after the last
        statuses[strangers[n % ADDRESSES].sign_in("admin", f"guess {n}").status_code] += 1
    assert set(statuses) == {400, 429} and statuses[400] < 20, statuses
    assert locked(app, "admin")  # locked for strangers ...
    newcomer = stranger(app, ADDRESSES + 1).sign_in("admin", PASSWORD)
    assert newcomer.status_code == 429 and "locked" in newcomer.text

    # ... but the owner's known device is checked, and signing in ends the lockout.
    assert laptop.sign_in("admin", PASSWORD).headers["Location"] == "/dashboard"
    assert not locked(app, "admin")

    # One row per name, address and minute; the addresses of one minute past the third share one.
    rows = [dict(r) for r in db.query("SELECT * FROM audit WHERE seq > :seq ORDER BY seq",
                                          {"seq": before})]
    per_minute = Counter(r["bucket"] for r in rows if r["bucket"])
    assert max(per_minute.values()) <= 8, per_minute
    assert len(rows) <= 8 * len(per_minute) + 4, len(rows)
    counted = sum(r["count"] for r in rows if r["event"].startswith("signin-"))
    assert counted == ATTEMPTS + 1  # and the newcomer's
    assert [r["event"] for r in rows if not r["bucket"]] == ["locked", "signed-in"]

    # The Accounts page's newest events still show the lockout.
    laptop.client.get("/dashboard")
    page = laptop.client.get("/accounts/").text.split('id="audit"')[1]
    assert ">locked<" in page and "too many failed sign-ins" in page


def test_an_address_the_owner_signed_in_from_is_checked_while_strangers_hammer(app):
    office = Visitor(app, "198.51.100.20")
    assert office.sign_in("maryam", PASSWORD).headers["Location"] == "/dashboard"
    for round_ in range(12):
        age_failures(app, 3600)
        for n in range(5):
            stranger(app, 10 * round_ + n).sign_in("maryam", "a wrong password")
    assert locked(app, "maryam")
    # Another browser at the same address (no device cookie): the address has a good history.
    colleague = Visitor(app, "198.51.100.20")
    assert colleague.sign_in("maryam", PASSWORD).headers["Location"] == "/dashboard"


def test_a_maintainers_unlock_is_not_undone_by_the_next_ten_strangers(app, catalogs):
    for round_ in range(12):
        age_failures(app, 3600)
        for n in range(5):
            stranger(app, 10 * round_ + n).sign_in("maryam", "a wrong password")
    assert locked(app, "maryam")
    catalogs.ok("user", "unlock", "maryam", "--instance", app.instance_path)
    for n in range(10):  # ten strangers at once, each from its own address
        stranger(app, 500 + n).sign_in("maryam", f"guess {n}")
    assert not locked(app, "maryam")
    owner = Visitor(app, "192.0.2.77")  # a new device, at an address never used
    answer = owner.sign_in("maryam", PASSWORD)
    if answer.status_code == 429:  # the name's short delay after the strangers' failures
        assert int(answer.headers["Retry-After"]) <= 2 and "locked" not in answer.text
        time.sleep(int(answer.headers["Retry-After"]))
        answer = owner.sign_in("maryam", PASSWORD)
    assert answer.headers["Location"] == "/dashboard"


def test_wrong_two_factor_codes_are_no_lever_against_the_owners_device(app):
    db = services(app).db
    secret = begin_enrolment(db, "maryam")
    recovery = confirm_enrolment(db, "maryam", pyotp.TOTP(secret).now())
    phone = Visitor(app, "203.0.113.30")
    assert phone.sign_in("maryam", PASSWORD).headers["Location"].startswith("/login/code")
    # The first code was spent by the enrolment: the next step's code signs in.
    assert phone.code(pyotp.TOTP(secret).at(time.time() + 30)).headers["Location"] == "/dashboard"

    # Someone who has the password tries codes from many addresses, round after round.
    for round_ in range(12):
        age_failures(app, 3600)
        for n in range(5):
            thief = stranger(app, 1000 + 10 * round_ + n)
            if thief.sign_in("maryam", PASSWORD).status_code == 302:
                for guess in range(6):
                    thief.code(f"{guess:06}")
    assert locked(app, "maryam")
    trail = [r["event"] for r in db.query("SELECT event FROM audit WHERE account = 'maryam'")]
    assert "2fa-failed" in trail

    phone.sign_out()
    assert phone.sign_in("maryam", PASSWORD).headers["Location"].startswith("/login/code")
    # A recovery code, typed with Persian digits and spaces as a phone keyboard gives them.
    typed = " ".join(recovery[0].replace("-", "")).translate(str.maketrans("0123456789",
                                                                           "۰۱۲۳۴۵۶۷۸۹"))
    assert phone.code(typed).headers["Location"] == "/dashboard"
    assert not locked(app, "maryam")


def test_a_pending_step_takes_five_wrong_codes_then_the_password_again(app):
    db = services(app).db
    confirm_enrolment(db, "maryam", pyotp.TOTP(begin_enrolment(db, "maryam")).now())
    visitor = Visitor(app, "203.0.113.40")
    assert visitor.sign_in("maryam", PASSWORD).headers["Location"].startswith("/login/code")
    answers = []
    for _ in range(5):
        age_failures(app, 3600)  # each try after the delays ran out
        answers.append(visitor.code("000000").status_code)
    assert answers == [400] * 5
    assert visitor.client.get("/login/code").headers["Location"].startswith("/login")


def test_failures_counted_at_once_by_two_processes_are_all_kept(app, catalogs):
    """Two connections to one database (as the app and a command have), four threads
    each: every failure is counted."""
    db = services(app).db
    databases = [db, open_accounts(db.location)]
    who = Client("198.51.100.99")

    def fail(db) -> None:
        for _ in range(25):
            throttle.failed(db, "nobody", who)

    threads = [threading.Thread(target=fail, args=(db,)) for db in databases for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = {row["scope"]: row for row in databases[0].query(
        "SELECT * FROM signin_failures WHERE key IN ('nobody', '198.51.100.99')")}
    assert rows[ADDRESS.scope]["failures"] == 200
    # Every tenth failure of the name locked it and started its count again.
    name = rows[NAME.scope]
    assert name["lockouts"] * NAME.lock_after + name["failures"] == 200
    databases[1].close()
