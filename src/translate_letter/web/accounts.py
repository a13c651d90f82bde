"""Account management for maintainers: who works on which language in which role."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts import ROLES, add_account, list_accounts
from ..errors import UserError
from ..review.errors import Forbidden
from .auth import account, database

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


class AccountForm(FlaskForm):
    name = StringField("User name", validators=[DataRequired(), Length(max=64)])
    role = SelectField("Role", choices=list(ROLES))
    languages = SelectMultipleField("Languages (none: all)")
    password = PasswordField("Password (new accounts)", validators=[Length(max=1024)])


@bp.before_request
def maintainers_only() -> None:
    if not account().is_maintainer:
        raise Forbidden("only a maintainer manages accounts")


@bp.route("/", methods=["GET", "POST"])
def index() -> str | Response:
    configured = list(current_app.extensions["review_settings"].languages)
    form = AccountForm()
    form.languages.choices = configured
    if form.validate_on_submit():
        try:
            created = add_account(database(), form.name.data, form.role.data,
                                  list(form.languages.data or []), configured,
                                  form.password.data or None)
        except UserError as exc:
            flash(str(exc))
        else:
            flash(f"{'created' if created else 'updated'} account {form.name.data}")
            return redirect(url_for("accounts.index"))
    return render_template("accounts.html", form=form, accounts=list_accounts(database()))
