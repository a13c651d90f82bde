"""The editor page for one document and language; it works through the JSON API."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..review.errors import Forbidden
from .auth import account
from .i18n import language
from .services import workspace

bp = Blueprint("editor", __name__)


@bp.get("/edit/<doc>/<lang>")
def edit(doc: str, lang: str) -> str:
    workspace().catalog(doc, lang)
    who = account()
    if not who.can_edit(lang):
        raise Forbidden(_("%(name)s has no role for the language %(lang)s.",
                          name=who.name, lang=lang))
    view = "document" if request.args.get("view") == "document" else "segment"
    return render_template("editor.html", doc=doc, lang=language(lang), view=view,
                           can_review=who.can_review(lang), role=who.role_for(lang),
                           four_eyes=workspace().policy.four_eyes)
