"""Odd input to every form and JSON route of the review app, signed out and signed in as each
role: every answer is a 4xx that says what is wrong (or a redirect to the sign-in form for
someone signed out), never a 500.

The routes come from the app's own URL map and the forms from its own pages, so a route or
field added later is fuzzed without a change here.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from translate_letter.web import create_app
from translate_letter.web.services import services

from .conftest import PASSWORD, add_people

pytestmark = pytest.mark.slow

ODD_TEXT = [
    "", " ", "\x00", "a\x00b", "۱۲۳۴۵۶", "١٢٣٤٥٦", "۱۲۳ ۴۵۶", "x" * 100_000, "-1", "0",
    "99999999999999999999999", "NaN", "true", "null", "[]", "{}", "<script>alert(1)</script>",
    "../../../etc/passwd", "%00", "\u202eevil", "\ufffe", "\r\nSet-Cookie: x=1", "😀" * 50,
    "' OR 1=1 --", "fa\nfr",
]
ODD_PATH = ["x", "..", "%00", "۱", "\u202e", "a" * 2000, "letter.po", "*", "-"]
ODD_JSON: list[object] = [
    None, [], "text", 12, True, {"translation": None}, {"translation": 5, "state": [],
                                                         "version": "۱"},
    {"translation": "x" * 100_000, "state": "approved", "version": 1},
    {"translation": "\x00", "state": "translated", "version": -1},
    {"translation": "ok", "state": "bogus", "version": 10**30},
    {"translation": "ok", "state": "translated", "version": 1.5},
    {"translation": "ok", "state": "translated", "version": True},
    {"entries": "all"}, {"entries": [1, "x", None, {"id": []}]},
    {"entries": [{"id": "x" * 5000, "version": "1"}]}, {"entries": [{}] * 300},
    {"text": ["a"]}, {"text": "\ud800"}, {"check": None, "intended": "yes", "version": 1},
    {"check": "numbers", "intended": True, "version": "١"}, {"unknown": 1},
    {"origin": {"nested": [[[[]]]]}, "translation": "a", "state": "translated", "version": 1},
]
ODD_BODIES = [b"{", b"\xff\xfe\x00", b"[" * 5000 + b"]" * 5000, b'{"a": 1}' * 10, b""]
# Endpoints whose only input is the token: a valid one does what they are for (sign out).
ENDS_SESSION = {"auth.logout", "profile.everywhere"}
ROLES = {"maintainer": "maya", "reviewer": "roya", "translator": "farid", "signed out": None}


class _Forms(HTMLParser):
    """The post forms of a page: {action: field names}."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, set[str]] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method", "get").lower() == "post":
            self._current = attributes.get("action") or ""
            self.forms.setdefault(self._current, set())
        elif tag in ("input", "select", "textarea", "button") and self._current is not None:
            if attributes.get("name"):
                self.forms[self._current].add(attributes["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


@pytest.fixture
def app(catalogs) -> Iterator[Flask]:
    with tempfile.TemporaryDirectory(dir="/dev/shm") as instance:
        application = create_app({"PROJECT_ROOT": catalogs.root, "FLUSH_DELAY": 0.05,
                                  "INSTANCE_PATH": instance})
        add_people(application)
        yield application
        services(application).close()


class Fuzzer:
    """One role's browser, signing in again whenever an answer ended its session."""

    def __init__(self, app: Flask, name: str | None) -> None:
        self.app = app
        self.name = name
        self.client: FlaskClient = app.test_client()
        self.csrf = ""
        self.sign_in()

    def sign_in(self) -> None:
        self.client = self.app.test_client()
        # Each role from its own address: the odd sign-ins of one do not throttle the next.
        number = list(ROLES.values()).index(self.name) + 1
        self.client.environ_base["REMOTE_ADDR"] = f"192.0.2.{number}"
        page = self.client.get("/login").text
        self.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        if self.name:
            signed = self.client.post("/login", data={
                "username": self.name, "password": PASSWORD, "csrf_token": self.csrf})
            assert signed.status_code == 302, signed.text
            dashboard = self.client.get("/dashboard").text
            self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', dashboard)[1]

    def forms(self) -> dict[str, set[str]]:
        parser = _Forms()
        for page in ("/login", "/dashboard", "/account/", "/account/two-factor", "/accounts/",
                     "/edit/letter/fa", "/edit/letter/fa?view=document", "/downloads/"):
            answer = self.client.get(page)
            if answer.status_code == 200:
                parser.feed(answer.text)
        return parser.forms


def _valid_params(app: Flask) -> dict[str, str]:
    maya = Fuzzer(app, "maya")
    eid = maya.client.get("/api/letter/fa/entries").json[0]["id"]
    return {"doc": "letter", "lang": "fa", "eid": eid, "name": "nobody", "action": "disable",
            "fmt": "txt"}


def _paths(rule, valid: dict[str, str]) -> list[str]:
    """The rule's address with valid values, then with each parameter odd in turn."""
    def build(values: dict[str, str]) -> str:
        path = rule.rule
        for arg in rule.arguments:
            path = re.sub(rf"<(?:\w+:)?{arg}>", quote(values[arg], safe=""), path)
        return path

    paths = [build({arg: valid.get(arg, "x") for arg in rule.arguments})]
    for arg in sorted(rule.arguments):
        paths += [build({**{a: valid.get(a, "x") for a in rule.arguments}, arg: odd})
                  for odd in ODD_PATH]
    return paths


def _has_message(answer) -> bool:
    if answer.is_json:
        body = answer.get_json(silent=True)
        return isinstance(body, dict) and bool(body.get("error")) and bool(body.get("message"))
    text = answer.get_data(as_text=True)
    return any(mark in text for mark in ('class="error"', 'class="flashes"',
                                         'class="form-errors"', "No published letter"))


def _judge(answer, who: Fuzzer, where: str, seen: Counter, odd: bool = True) -> None:
    """Never a 500; a 4xx says why; odd input is never taken (no 2xx); a signed-in role is
    never sent to sign in again."""
    seen[answer.status_code] += 1
    assert answer.status_code < 500, f"{who.name}: {where} answered {answer.status_code}"
    assert not (odd and answer.status_code < 300), f"{who.name}: {where} took odd input"
    if 400 <= answer.status_code < 500:
        assert _has_message(answer), f"{who.name}: {where}: {answer.status_code} says nothing"
    elif answer.status_code in (302, 303, 308):
        signed_out = answer.headers["Location"].startswith("/login")
        # A signed-in role is sent to sign in only from the sign-in pages themselves.
        assert who.name is None or not signed_out or where.split()[1].startswith("/log"), where


def _fuzz_json(who: Fuzzer, path: str, method: str, seen: Counter) -> int:
    """Odd JSON bodies, bodies that are not JSON, and a forged token; returns how many."""
    for body in ODD_JSON:
        answer = who.client.open(path, method=method, json=body,
                                 headers={"X-CSRFToken": who.csrf})
        _judge(answer, who, f"{method} {path} {str(body)[:60]}", seen)
    for raw in ODD_BODIES:
        answer = who.client.open(path, method=method, data=raw, content_type="application/json",
                                 headers={"X-CSRFToken": who.csrf})
        _judge(answer, who, f"{method} {path} {raw[:20]!r}", seen)
    forged = who.client.open(path, method=method, json={}, headers={"X-CSRFToken": "forged"})
    _judge(forged, who, f"{method} {path} forged token", seen)
    return len(ODD_JSON) + len(ODD_BODIES) + 1


def _fuzz_form(who: Fuzzer, path: str, fields: set[str], seen: Counter) -> int:
    """Every field of the form odd at once, then each field given several times."""
    for odd in ODD_TEXT:
        data = {field: odd for field in fields or {"value"}}
        answer = who.client.post(path, data={**data, "csrf_token": who.csrf})
        _judge(answer, who, f"POST {path} {odd[:20]!r}", seen)
    repeated = MultiDict([(field, odd) for field in fields for odd in ODD_TEXT[:4]]
                         + [("csrf_token", who.csrf)])
    _judge(who.client.post(path, data=repeated), who, f"POST {path} repeated fields", seen)
    return len(ODD_TEXT) + 1


def test_odd_input_to_every_form_and_json_route_never_answers_500(app):
    valid = _valid_params(app)
    seen: Counter[int] = Counter()
    odd_inputs = 0
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    for name in ROLES.values():
        who = Fuzzer(app, name)
        discovered = who.forms()
        every_field = set().union(*discovered.values()) - {"csrf_token"}
        for rule in rules:
            path, *odd_paths = _paths(rule, valid)
            for odd_path in odd_paths:
                method = "GET" if "GET" in rule.methods else sorted(rule.methods - {
                    "HEAD", "OPTIONS"})[0]
                if rule.endpoint not in ENDS_SESSION:
                    answer = who.client.open(odd_path, method=method,
                                             data={"csrf_token": who.csrf},
                                             headers={"X-CSRFToken": who.csrf})
                    _judge(answer, who, f"{method} {odd_path[:80]}", seen)
            if "GET" in rule.methods:
                _judge(who.client.get(path), who, f"GET {path}", seen, odd=False)
            if rule.rule.startswith("/api/") and rule.methods & {"POST", "PUT"}:
                odd_inputs += _fuzz_json(who, path, "PUT" if "PUT" in rule.methods else "POST",
                                         seen)
            elif "POST" in rule.methods:
                bad_token = who.client.post(path, data={"csrf_token": "forged"})
                _judge(bad_token, who, f"POST {path} forged token", seen)
                if rule.endpoint not in ENDS_SESSION:
                    fields = discovered.get(path, every_field) - {"csrf_token"}
                    odd_inputs += _fuzz_form(who, path, fields, seen)
        # What ends the session comes last, with a valid token.
        for endpoint in sorted(ENDS_SESSION):
            path = next(r.rule for r in rules if r.endpoint == endpoint)
            answer = who.client.post(path, data={"csrf_token": who.csrf, "x": "\x00"})
            _judge(answer, who, f"POST {path}", seen)
    assert odd_inputs >= 200, odd_inputs
    # The odd input reached the app's own checks, not only the sign-in gate.
    assert seen[400] > 500 and seen[403] > 100 and seen[404] > 100, seen
