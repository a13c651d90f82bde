"""A maintainer publishes or withdraws a language from the dashboard."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from werkzeug.wrappers import Response

from ..review.publishing import PublishingDecisions
from .auth import account

bp = Blueprint("publishing", __name__, url_prefix="/publishing")


def decisions() -> PublishingDecisions:
    return current_app.extensions["publishing"]


@bp.post("/<doc>/<lang>")
def choose(doc: str, lang: str) -> Response:
    decisions().choose(account(), current_app.extensions["review_settings"], doc, lang,
                       request.form.get("choice", ""))
    return redirect(url_for("dashboard.index"))
