"""One's own account: a new password, two-factor sign-in, signing out everywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..accounts import change_own_password, enrol_two_factor, sign_out_everywhere
from ..accounts.passwords import MIN_PASSWORD_LENGTH
from ..accounts.twofactor import (
    begin_enrolment,
    pending_secret,
    provisioning_qr_svg,
    recovery_codes_left,
)
from ..core.errors import UserError
from .auth import account, begin_session, setup_due
from .i18n import localized, number, sentence
from .services import database

bp = Blueprint("profile", __name__, url_prefix="/account")


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"),
                            validators=[DataRequired(), Length(max=1024)])
    new = PasswordField(validators=[DataRequired(), Length(max=1024)])
    repeat = PasswordField(_l("New password again"),
                           validators=[EqualTo("new",
                                               message=_l("the two new passwords differ"))])


class EnrolForm(FlaskForm):
    code = StringField(_l("Code shown by the app"), validators=[DataRequired(), Length(max=16)])


@bp.get("/")
def index() -> str:
    return _page(PasswordForm())


def _page(form: PasswordForm) -> str:
    me = account()
    form.new.label.text = _("New password (at least %(count)s characters)",
                            count=number(MIN_PASSWORD_LENGTH))
    return render_template("profile.html", form=form, due=setup_due(me),
                           codes_left=recovery_codes_left(database(), me.name))


@bp.post("/password")
def password() -> tuple[str, int] | Response:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(database(), account().name, form.current.data, form.new.data)
        except UserError as exc:
            flash(_("Password not changed: %(reason)s.", reason=localized(exc)))
        else:
            begin_session(account().name)  # every other session has just ended
            flash(_("Password changed; every other session is signed out."))
            return redirect(url_for("profile.index"))
    for errors in form.errors.values():
        flash(_("Password not changed: %(reason)s.", reason=errors[0]))
    return _page(PasswordForm(formdata=None)), 400


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor() -> str | tuple[str, int] | Response:
    me = account()
    if me.two_factor:
        return redirect(url_for("profile.index"))
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            codes = enrol_two_factor(database(), me.name, form.code.data)
        except UserError as exc:
            flash(sentence(exc))
        else:
            return render_template("recovery_codes.html", codes=codes)
    secret = pending_secret(database(), me.name) or begin_enrolment(database(), me.name)
    page = render_template("two_factor.html", form=form, secret=secret,
                           qr=provisioning_qr_svg(me.name, secret))
    return (page, 400) if form.is_submitted() else page


@bp.post("/sign-out-everywhere")
def everywhere() -> Response:
    sign_out_everywhere(database(), account().name)
    session.clear()
    return redirect(url_for("auth.login"))
