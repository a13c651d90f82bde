"""Sign-in, sign-out and the rule that every page but the sign-in form needs a session.

The browser's signed cookie holds only a random session token; the session itself lives in
the database, so ending it there (sign-out, a new password, a role change, deactivation)
shuts every copy of the cookie out at once.

A full sign-in also leaves a long-lived, signed "known device" cookie (OWASP's device
cookies): its holder's attempts on that name are throttled on their own, so strangers who
hammer the name cannot lock its owner out.
"""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts import Account, load_account, sessions
from ..accounts.audit import record, set_client_address
from ..accounts.signin import (
    SignInRefused,
    check_code,
    check_password,
    name_key_of,
    pending_name,
    second_step,
)
from ..core.errors import N_
from .errors import answer, wants_json
from .i18n import sentence
from .navigation import safe_next
from .services import database, services

bp = Blueprint("auth", __name__)

# Pages anyone may open; add an endpoint here to make it public.
PUBLIC_ENDPOINTS = {
    "auth.login", "auth.code", "static", "i18n.choose", "i18n.stylesheet",
    # The reading room: published letters are for anyone (see web/reading.py).
    "reading.index", "reading.letter_folder", "reading.letter", "reading.download",
    "reading.asset", "reading.verify_default", "reading.verify_folder", "reading.verify",
    "reading.release_file",
}
# While a password must be changed or a second factor enrolled, only these open.
SETUP_ENDPOINTS = {"profile.index", "profile.password", "profile.two_factor", "auth.logout"}
DEVICE_COOKIE = "known_device"
DEVICE_COOKIE_DAYS = 365
# Names one browser is remembered for (a shared computer), the most recent kept.
DEVICES_PER_BROWSER = 8


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=256)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class CodeForm(FlaskForm):
    code = StringField(_l("Code from the app, or a recovery code"),
                       validators=[DataRequired(), Length(max=64)])


def account() -> Account:
    """The signed-in account (every view but the sign-in form has one)."""
    return g.account


def _session_account() -> Account | None:
    """The account of the browser's live session, if any (an ended one clears the cookie)."""
    token = session.get("sid")
    if not token:
        return None
    name = sessions.resolve(database(), token, services().session_lifetimes)
    found = load_account(database(), name) if name else None
    if found is None or found.disabled:
        session.clear()
        return None
    return found


def setup_due(found: Account) -> str | None:
    """What the account must do before anything else, if anything."""
    if found.must_change_password:
        return N_("choose a new password first")
    if found.must_enrol(services().require_2fa):
        return N_("set up two-factor sign-in first")
    return None


@bp.before_app_request
def require_session() -> Response | tuple | None:
    set_client_address(request.remote_addr)
    g.account = _session_account()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if g.account is None:
        if wants_json():
            return answer(401, "sign in first", _("Sign in first"))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    due = setup_due(g.account)
    if due and request.endpoint not in SETUP_ENDPOINTS:
        if wants_json():
            return answer(403, due, _(due))
        return redirect(url_for("profile.index"))  # which says what is due
    return None


def begin_session(name: str) -> None:
    """Sign this browser in as ``name`` with a new session."""
    session.clear()
    session["sid"] = sessions.start(database(), name, request.remote_addr)


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def known_devices() -> dict[str, str]:
    """The devices this browser is known as: {name key: device id}, from its signed cookie."""
    try:
        value = _devices().loads(request.cookies.get(DEVICE_COOKIE, ""),
                                 max_age=DEVICE_COOKIE_DAYS * 86400)
    except BadData:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def remember_device(response: Response, name: str) -> Response:
    """Keep (or renew) this browser as a known device of ``name``."""
    devices = known_devices()
    key = name_key_of(name)
    devices[key] = devices.pop(key, None) or secrets.token_urlsafe(16)
    kept = dict(list(devices.items())[-DEVICES_PER_BROWSER:])
    response.set_cookie(DEVICE_COOKIE, _devices().dumps(kept),
                        max_age=DEVICE_COOKIE_DAYS * 86400, path=url_for("auth.login"),
                        httponly=True, samesite="Strict", secure=request.is_secure)
    return response


def _form_page(template: str, form: FlaskForm) -> str | tuple[str, int]:
    """The form's page: 400 when it was sent and refused (its messages on the page)."""
    page = render_template(template, form=form)
    return (page, 400) if request.method == "POST" else page


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | tuple[str, int] | Response:
    form = LoginForm()
    if form.validate_on_submit():
        try:
            found = check_password(database(), form.username.data, form.password.data,
                                   request.remote_addr, known_devices())
        except SignInRefused as exc:
            flash(sentence(exc))
        else:
            if found.two_factor:
                session.clear()
                session["pending"] = second_step(database(), found.name)
                return redirect(url_for("auth.code", next=request.args.get("next")))
            return _signed_in(found.name)
    return _form_page("login.html", form)


def _signed_in(name: str) -> Response:
    begin_session(name)
    return remember_device(redirect(safe_next(request.args.get("next"))), name)


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> str | tuple[str, int] | Response:
    token = session.get("pending")
    if pending_name(database(), token) is None:
        session.pop("pending", None)  # spent or expired; a signed-in browser stays so
        return redirect(url_for("auth.login", next=request.args.get("next")))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            name = check_code(database(), token, form.code.data, request.remote_addr,
                              known_devices())
        except SignInRefused as exc:
            flash(sentence(exc))
        else:
            return _signed_in(name)
    return _form_page("code.html", form)


@bp.post("/logout")
def logout() -> Response:
    # Signing out ends the account's sessions on every device, as a lost phone or a
    # shared computer needs.
    sessions.end_all(database(), account().name)
    record(database(), "signed-out", account().name)
    session.clear()
    return redirect(url_for("auth.login"))
