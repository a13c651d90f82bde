"""Account management for maintainers: who works on which language in which role, sign-in
standing (locks, passwords, two-factor, disabled) and the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts import (
    ROLES,
    add_account,
    list_accounts,
    name_key,
    reset_password,
    reset_two_factor,
    set_disabled,
    unlock,
)
from ..accounts.audit import events
from ..accounts.throttle import locked_until
from ..errors import UserError
from ..review.errors import Forbidden
from .auth import account, database

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

AUDIT_SHOWN = 200

# Actions on one account: (function, message); each ends in the audit trail.
_ACTIONS: dict[str, tuple[Callable, str]] = {
    "unlock": (unlock, "unlocked {}"),
    "disable": (lambda db, name, actor: set_disabled(db, name, True, actor),
                "disabled {}: every session ended"),
    "enable": (lambda db, name, actor: set_disabled(db, name, False, actor), "enabled {}"),
    "reset-2fa": (reset_two_factor, "two-factor sign-in of {} turned off"),
}


class AccountForm(FlaskForm):
    name = StringField("User name", validators=[DataRequired(), Length(max=64)])
    role = SelectField("Role", choices=list(ROLES))
    languages = SelectMultipleField("Languages (none: all)")
    password = PasswordField("Password (new accounts)", validators=[Length(max=1024)])


@bp.before_request
def maintainers_only() -> None:
    if not account().is_maintainer:
        raise Forbidden("only a maintainer manages accounts")


def _page(form: AccountForm, one_time: tuple[str, str] | None = None) -> str:
    db = database()
    people = list_accounts(db)
    locked = {a.name for a in people if locked_until(db, name_key(a.name))}
    return render_template("accounts.html", form=form, accounts=people, locked=locked,
                           events=events(db, limit=AUDIT_SHOWN)[::-1], one_time=one_time)


@bp.route("/", methods=["GET", "POST"])
def index() -> str | Response:
    configured = list(current_app.extensions["review_settings"].languages)
    form = AccountForm()
    form.languages.choices = configured
    if form.validate_on_submit():
        try:
            created = add_account(database(), form.name.data, form.role.data,
                                  list(form.languages.data or []), configured,
                                  form.password.data or None, actor=account().name)
        except UserError as exc:
            flash(str(exc))
        else:
            flash(f"{'created' if created else 'updated'} account {form.name.data}")
            return redirect(url_for("accounts.index"))
    return _page(form)


@bp.post("/<name>/reset-password")
def reset(name: str) -> str:
    password = reset_password(database(), name, account().name)
    form = AccountForm()
    form.languages.choices = list(current_app.extensions["review_settings"].languages)
    return _page(form, one_time=(name, password))


@bp.post("/<name>/<action>")
def act(name: str, action: str) -> Response:
    if action not in _ACTIONS:
        abort(404)
    function, message = _ACTIONS[action]
    flash(message.format(function(database(), name, account().name)))
    return redirect(url_for("accounts.index"))
