"""The public reading room: published letters for anyone, no account needed.

Every answer carries an ETag and Last-Modified and must be revalidated, so a repeat
request is a 304 and a withdrawn language disappears at once.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from ..publish import NotPublished
from ..reading.pages import verify_language
from ..reading.room import ReadingRoom, Rendered
from ..render import RenderFailed
from .i18n import current_language, localized

bp = Blueprint("reading", __name__)


def room() -> ReadingRoom:
    return current_app.extensions["reading_room"]


def answer(rendered: Rendered) -> Response:
    """``rendered`` as a conditional response (304 when the reader's copy is current)."""
    response = Response(rendered.data, content_type=rendered.media_type)
    response.set_etag(rendered.etag)
    response.last_modified = rendered.last_modified
    response.cache_control.no_cache = True
    if rendered.localized:
        response.vary.update(("Accept-Language", "Cookie"))
    if rendered.download:
        response.headers.set("Content-Disposition", "attachment", filename=rendered.download)
    return response.make_conditional(request)


@bp.get("/")
def index() -> Response:
    return answer(room().index(current_language()))


@bp.get("/read/<doc>/<lang>")
def letter_folder(doc: str, lang: str) -> Response:
    """The page's own address ends in a slash: its links are relative to it."""
    return redirect(url_for("reading.letter", doc=doc, lang=lang), 308)


@bp.get("/read/<doc>/<lang>/")
def letter(doc: str, lang: str) -> Response:
    return answer(room().page(doc, lang, current_language()))


@bp.get("/read/<doc>/<lang>/<name>")
def download(doc: str, lang: str, name: str) -> Response:
    return answer(room().file(doc, lang, name))


@bp.get("/verify/")
def verify_default() -> Response:
    """The Verify page in the reader's interface language."""
    lang = verify_language(room().settings.source_language, current_language())
    return redirect(url_for("reading.verify", lang=lang), 303)


@bp.get("/verify/<lang>")
def verify_folder(lang: str) -> Response:
    return redirect(url_for("reading.verify", lang=lang), 308)


@bp.get("/verify/<lang>/")
def verify(lang: str) -> Response:
    return answer(room().get(f"verify/{lang}/index.html"))


@bp.get("/releases/<version>/<path:name>")
def release_file(version: str, name: str) -> Response:
    """A file of a signed release, under a stable address."""
    return answer(room().get(f"releases/{version}/{name}"))


@bp.get("/assets/<name>")
def asset(name: str) -> Response:
    return answer(room().asset(name))


@bp.app_errorhandler(NotPublished)
def not_published(exc: NotPublished) -> tuple[str, int]:
    return render_template("reading_missing.html"), 404


@bp.errorhandler(RenderFailed)
def cannot_be_made(exc: RenderFailed) -> tuple[str, int]:
    """One file of a letter cannot be made from its text (the others can): say which and
    why, in the reader's language."""
    return render_template("reading_failed.html", reason=localized(exc)), 422
