"""Sign-in, sign-out and the rule that every page but the sign-in form needs a session."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
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
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts import Account, authenticate, load_account
from ..errors import UserError
from ..review.journal import Database
from ..review.workspace import Conflict, ReviewError, Workspace

bp = Blueprint("auth", __name__)

PUBLIC_ENDPOINTS = {
    "auth.login", "static",
    # The reading room: published letters are for anyone (see web/reading.py).
    "reading.index", "reading.letter_folder", "reading.letter", "reading.download",
    "reading.asset",
}


class LoginForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


def workspace() -> Workspace:
    return current_app.extensions["review"]


def database() -> Database:
    return current_app.extensions["review_db"]


def account() -> Account:
    """The signed-in account (every view but the sign-in form has one)."""
    return g.account


def _wants_json() -> bool:
    return request.path.startswith("/api/")


@bp.before_app_request
def require_session() -> Response | tuple | None:
    name = session.get("user")
    g.account = load_account(database(), name) if name else None
    if g.account is None and name:
        session.clear()  # the account was removed
    if g.account is not None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if _wants_json():
        return jsonify(error="sign in first"), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _safe_next(target: str | None) -> str:
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
        found = authenticate(database(), form.username.data, form.password.data)
        if found is not None:
            session.clear()
            session["user"] = found.name
            return redirect(_safe_next(request.args.get("next")))
        flash("Wrong user name or password.")
    return render_template("login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    session.clear()
    return redirect(url_for("auth.login"))


def register_error_pages(app: Flask) -> None:
    """Errors as JSON ``{"error": …}`` under /api/, as a short page elsewhere."""

    def answer(status: int, message: str, **extra: object) -> tuple:
        if _wants_json():
            return jsonify(error=message, **extra), status
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(Conflict)
    def conflict(exc: Conflict) -> tuple:
        return answer(exc.status, str(exc), entry=exc.entry)

    @app.errorhandler(ReviewError)
    def refused(exc: ReviewError) -> tuple:
        return answer(exc.status, str(exc))

    @app.errorhandler(UserError)
    def bad_input(exc: UserError) -> tuple:
        return answer(400, str(exc))

    @app.errorhandler(CSRFError)
    def csrf_failed(exc: CSRFError) -> tuple:
        return answer(400, f"refused: {exc.description} Reload the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple:
        return answer(exc.code or 500, exc.description or exc.name)
