"""The editor page for one document and language; it works through the JSON API."""

from __future__ import annotations

from babel import Locale
from flask import Blueprint, render_template, request

from ..review.workspace import Forbidden
from .auth import account, workspace

bp = Blueprint("editor", __name__)


def language(lang: str) -> dict:
    """Name, native name and writing direction of a language, from Babel's locale data."""
    locale = Locale.parse(lang.replace("-", "_"))
    return {
        "code": lang,
        "name": locale.get_display_name("en"),
        "native": locale.get_display_name(locale),
        "dir": "rtl" if locale.character_order == "right-to-left" else "ltr",
    }


@bp.app_context_processor
def language_helper() -> dict:
    return {"language": language}


@bp.get("/edit/<doc>/<lang>")
def edit(doc: str, lang: str) -> str:
    workspace().catalog(doc, lang)
    who = account()
    if not who.can_edit(lang):
        raise Forbidden(f"{who.name} has no role for language {lang!r}")
    view = "document" if request.args.get("view") == "document" else "segment"
    return render_template("editor.html", doc=doc, lang=language(lang), view=view,
                           can_review=who.can_review(lang), role=who.role_for(lang))
