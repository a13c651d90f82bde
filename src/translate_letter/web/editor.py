"""The editor page for one document and language; it works through the JSON API."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from ..locales import is_rtl, language_name, name_in
from ..review.errors import Forbidden
from .auth import account, workspace

bp = Blueprint("editor", __name__)


def language(lang: str) -> dict:
    """Name (in the interface language), own name and writing direction of a language."""
    return {
        "code": lang,
        "name": name_in(lang, str(get_locale())),
        "native": language_name(lang),
        "dir": "rtl" if is_rtl(lang) else "ltr",
    }


@bp.app_context_processor
def language_helper() -> dict:
    return {"language": language}


@bp.get("/edit/<doc>/<lang>")
def edit(doc: str, lang: str) -> str:
    workspace().catalog(doc, lang)
    who = account()
    if not who.can_edit(lang):
        raise Forbidden(_("%(name)s has no role for the language %(lang)s.",
                          name=who.name, lang=lang))
    view = "document" if request.args.get("view") == "document" else "segment"
    return render_template("editor.html", doc=doc, lang=language(lang), view=view,
                           can_review=who.can_review(lang), role=who.role_for(lang))
