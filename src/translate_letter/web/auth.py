"""Sign-in, sign-out and the rule that every page but the sign-in form needs a session.

The browser's signed cookie holds only a random session token; the session itself lives in
the database, so ending it there (sign-out, a new password, a role change, deactivation)
shuts every copy of the cookie out at once.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts import Account, load_account, sessions
from ..accounts.audit import record, set_client_address
from ..accounts.signin import SignInRefused, check_code, check_password
from ..errors import N_
from ..review.journal import Database
from ..review.workspace import Workspace
from .errors import wants_json
from .i18n import sentence

bp = Blueprint("auth", __name__)

# Pages anyone may open; add an endpoint here to make it public.
PUBLIC_ENDPOINTS = {
    "auth.login", "auth.code", "static", "i18n.choose",
    # The reading room: published letters are for anyone (see web/reading.py).
    "reading.index", "reading.letter_folder", "reading.letter", "reading.download",
    "reading.asset", "reading.verify_default", "reading.verify_folder", "reading.verify",
    "reading.release_file",
}
# While a password must be changed or a second factor enrolled, only these open.
SETUP_ENDPOINTS = {"profile.index", "profile.password", "profile.two_factor", "auth.logout"}
# Seconds between a right password and the second factor's code.
CODE_STEP_S = 300


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=256)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class CodeForm(FlaskForm):
    code = StringField(_l("Code from the app, or a recovery code"),
                       validators=[DataRequired(), Length(max=64)])


def workspace() -> Workspace:
    return current_app.extensions["review"]


def database() -> Database:
    return current_app.extensions["review_db"]


def account() -> Account:
    """The signed-in account (every view but the sign-in form has one)."""
    return g.account


def _session_account() -> Account | None:
    """The account of the browser's live session, if any (an ended one clears the cookie)."""
    token = session.get("sid")
    if not token:
        return None
    name = sessions.resolve(database(), token, current_app.extensions["session_lifetimes"])
    found = load_account(database(), name) if name else None
    if found is None or found.disabled:
        session.clear()
        return None
    return found


def setup_due(found: Account) -> str | None:
    """What the account must do before anything else, if anything."""
    if found.must_change_password:
        return N_("choose a new password first")
    if found.must_enrol(current_app.extensions["require_2fa"]):
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
            return jsonify(error="sign in first"), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    due = setup_due(g.account)
    if due and request.endpoint not in SETUP_ENDPOINTS:
        if wants_json():
            return jsonify(error=due), 403
        return redirect(url_for("profile.index"))  # which says what is due
    return None


def begin_session(name: str) -> None:
    """Sign this browser in as ``name`` with a new session."""
    session.clear()
    session["sid"] = sessions.start(database(), name, request.remote_addr)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an address elsewhere (open redirect)."""
    if not target:
        return url_for("dashboard.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("dashboard.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        try:
            found = check_password(database(), form.username.data, form.password.data,
                                   request.remote_addr)
        except SignInRefused:
            flash(_("Wrong user name or password."))
        else:
            if found.two_factor:
                session.clear()
                session.update(pending=found.name, pending_at=time.time())
                return redirect(url_for("auth.code", next=request.args.get("next")))
            begin_session(found.name)
            return redirect(safe_next(request.args.get("next")))
    return render_template("login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> str | Response:
    name = session.get("pending")
    if not name or time.time() - session.get("pending_at", 0) > CODE_STEP_S:
        session.clear()
        return redirect(url_for("auth.login", next=request.args.get("next")))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            check_code(database(), name, form.code.data, request.remote_addr)
        except SignInRefused as exc:
            flash(sentence(exc))
        else:
            begin_session(name)
            return redirect(safe_next(request.args.get("next")))
    return render_template("code.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    # Signing out ends the account's sessions on every device, as a lost phone or a
    # shared computer needs.
    sessions.end_all(database(), account().name)
    record(database(), "signed-out", account().name)
    session.clear()
    return redirect(url_for("auth.login"))
