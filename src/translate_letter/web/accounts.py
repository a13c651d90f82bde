"""Account management for maintainers: who works on which language in which role, sign-in
standing (locks, passwords, two-factor, disabled) and the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..accounts import (
    ROLES,
    invite,
    list_accounts,
    name_key,
    reset_password,
    reset_two_factor,
    set_disabled,
    unlock,
)
from ..accounts.audit import events
from ..accounts.throttle import locked_until
from ..core.errors import UserError
from ..review.errors import Forbidden
from .auth import account
from .i18n import ROLE_LABELS, language, sentence
from .services import database, services

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

AUDIT_SHOWN = 200
# Of those, rows of counted failures: a flood of them never hides the other events.
FAILURES_SHOWN = 50

# Actions on one account: (function, message); each ends in the audit trail.
_ACTIONS: dict[str, tuple[Callable, str]] = {
    "unlock": (unlock, _l("Unlocked %(name)s.")),
    "disable": (lambda db, name, actor: set_disabled(db, name, True, actor),
                _l("Disabled %(name)s: every session ended.")),
    "enable": (lambda db, name, actor: set_disabled(db, name, False, actor),
               _l("Enabled %(name)s.")),
    "reset-2fa": (reset_two_factor, _l("Two-factor sign-in of %(name)s turned off.")),
}


class AccountForm(FlaskForm):
    name = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    role = SelectField(_l("Role"),
                       choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])
    languages = SelectMultipleField(_l("Languages"))
    every_language = BooleanField(_l("Every language, and any added later"))


@bp.before_request
def maintainers_only() -> None:
    if not account().is_maintainer:
        raise Forbidden(_("Only a maintainer manages accounts."))


def _form(configured: list[str]) -> AccountForm:
    form = AccountForm()
    form.languages.choices = [SelectChoice(lang, language(lang)["name"]) for lang in configured]
    return form


def _page(form: AccountForm, one_time: tuple[str, str] | None = None) -> str:
    db = database()
    people = list_accounts(db)
    locked = {a.name for a in people if locked_until(db, name_key(a.name))}
    return render_template("accounts.html", form=form, accounts=people, locked=locked,
                           events=events(db, limit=AUDIT_SHOWN, failures=FAILURES_SHOWN)[::-1],
                           one_time=one_time)


@bp.route("/", methods=["GET", "POST"])
def index() -> str | tuple[str, int] | Response:
    configured = list(services().settings.languages)
    form = _form(configured)
    if not form.validate_on_submit():
        return (_page(form), 400) if form.is_submitted() else _page(form)
    name = form.name.data
    try:
        password = invite(database(), name, form.role.data, list(form.languages.data or []),
                          configured, account().name, every=form.every_language.data)
    except UserError as exc:
        flash(sentence(exc))
        return _page(form), 400
    if password is None:
        flash(_("Updated the account %(name)s.", name=name))
        return redirect(url_for("accounts.index"))
    flash(_("Created the account %(name)s.", name=name))
    return _page(_form(configured), one_time=(name, password))


@bp.post("/<name>/reset-password")
def reset(name: str) -> str:
    password = reset_password(database(), name, account().name)
    form = _form(list(services().settings.languages))
    return _page(form, one_time=(name, password))


@bp.post("/<name>/<action>")
def act(name: str, action: str) -> Response:
    if action not in _ACTIONS:
        abort(404)
    function, message = _ACTIONS[action]
    flash(message % {"name": function(database(), name, account().name)})
    return redirect(url_for("accounts.index"))
