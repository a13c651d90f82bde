"""Account management for maintainers: who works on which language in which role."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..accounts import ROLES, add_account, list_accounts
from ..errors import UserError
from ..review.workspace import Forbidden
from .auth import account, database
from .editor import language
from .i18n import ROLE_LABELS

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


class AccountForm(FlaskForm):
    name = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    role = SelectField(_l("Role"),
                       choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])
    languages = SelectMultipleField(_l("Languages (none: all)"))
    password = PasswordField(_l("Password (new accounts)"), validators=[Length(max=1024)])


@bp.before_request
def maintainers_only() -> None:
    if not account().is_maintainer:
        raise Forbidden(_("Only a maintainer manages accounts."))


@bp.route("/", methods=["GET", "POST"])
def index() -> str | Response:
    configured = list(current_app.extensions["review_settings"].languages)
    form = AccountForm()
    form.languages.choices = [SelectChoice(lang, language(lang)["name"]) for lang in configured]
    if form.validate_on_submit():
        try:
            created = add_account(database(), form.name.data, form.role.data,
                                  list(form.languages.data or []), configured,
                                  form.password.data or None)
        except UserError as exc:
            flash(str(exc))
        else:
            name = form.name.data
            flash(_("Created the account %(name)s.", name=name) if created
                  else _("Updated the account %(name)s.", name=name))
            return redirect(url_for("accounts.index"))
    return render_template("accounts.html", form=form, accounts=list_accounts(database()))
