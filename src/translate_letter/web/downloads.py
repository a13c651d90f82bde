"""Downloads: the localized letters in every format the build offers, built on demand
from the current catalogs and cached until a catalog changes."""

from __future__ import annotations

import mimetypes
from io import BytesIO

from flask import Blueprint, render_template, request, send_file
from werkzeug.wrappers import Response

from ..catalog.states import INCLUDE_LEVELS
from ..render import BILINGUAL_WRITERS, WRITERS
from .auth import account
from .services import queries

bp = Blueprint("downloads", __name__, url_prefix="/downloads")

DEFAULT_INCLUDE = "translated"


@bp.get("/")
def index() -> str:
    include = request.args.get("include", DEFAULT_INCLUDE)
    if include not in INCLUDE_LEVELS:
        include = DEFAULT_INCLUDE
    return render_template("downloads.html", rows=queries().progress(account()),
                           formats=list(WRITERS), bilingual_formats=list(BILINGUAL_WRITERS),
                           include=include, levels=list(INCLUDE_LEVELS))


@bp.get("/<doc>/<lang>/bilingual/<fmt>")
def bilingual_letter(doc: str, lang: str, fmt: str) -> Response:
    """The side-by-side edition: ``<doc>.bilingual.<ext>``."""
    return letter(doc, lang, fmt, bilingual=True)


@bp.get("/<doc>/<lang>/<fmt>")
def letter(doc: str, lang: str, fmt: str, bilingual: bool = False) -> Response:
    include = request.args.get("include", DEFAULT_INCLUDE)
    name, data = queries().download(account(), doc, lang, fmt, include, bilingual)
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    return send_file(BytesIO(data), mimetype=kind, as_attachment=True, download_name=name,
                     max_age=0)
