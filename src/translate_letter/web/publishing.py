"""A maintainer publishes or withdraws a language from the dashboard; publishing one the
rule leaves out asks for two confirmations on a page of its own."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..interface import translate
from ..publish import PARTIAL_NOTICE
from ..review.publishing import Confirmation, NeedsConfirmation, Publishing
from .auth import account
from .i18n import language, localized
from .services import services

bp = Blueprint("publishing", __name__, url_prefix="/publishing")


def publishing() -> Publishing:
    return services().workspace.publishing


@bp.post("/<doc>/<lang>")
def choose(doc: str, lang: str) -> Response | tuple[str, int]:
    form = request.form
    confirmation = Confirmation(form.get("understood") == "yes", form.get("code", "")) \
        if "code" in form else None
    try:
        publishing().choose(account(), doc, lang, form.get("choice", ""), confirmation)
    except NeedsConfirmation as exc:
        edition = publishing().edition(doc, lang)
        total = sum((edition.counts or {}).values())
        page = render_template(
            "publish_confirm.html", edition=edition, lang=language(lang), total=total,
            english=round(total * (100 - edition.complete) / 100),
            notice=translate(lang, PARTIAL_NOTICE),
            error=localized(exc) if confirmation is not None else None)
        return page, 400 if confirmation is not None else 200
    return redirect(url_for("dashboard.index"))
