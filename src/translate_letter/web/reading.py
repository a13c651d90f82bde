"""The public reading room: published letters for anyone, no account needed.

Every answer carries an ETag and Last-Modified and must be revalidated, so a repeat
request is a 304 and a withdrawn language disappears at once.  The files are made off the
request threads (:mod:`..reading.room`); one that is not ready yet answers 503 with
``Retry-After``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_host

from ..core.errors import UserError
from ..publish import NotPublished
from ..reading.pages import verify_language
from ..reading.room import Preparing, ReadingRoom, Rendered
from ..render import RenderFailed
from .i18n import current_language, localized
from .services import services

bp = Blueprint("reading", __name__)


def room() -> ReadingRoom:
    return services().reading_room


def answer(rendered: Rendered, environ: dict[str, Any] | None = None) -> Response:
    """``rendered`` as a conditional response to the request (``environ``, by default
    Flask's): 304 when the reader's copy is current."""
    response = Response(rendered.data, content_type=rendered.media_type)
    response.set_etag(rendered.etag)
    response.last_modified = rendered.last_modified
    response.cache_control.no_cache = True
    if rendered.localized:
        response.vary.update(("Accept-Language", "Cookie"))
    if rendered.download:
        response.headers.set("Content-Disposition", "attachment", filename=rendered.download)
    return response.make_conditional(environ if environ is not None else request.environ)


# The paths of downloads and assets: the same bytes for every reader (a page's words follow
# the reader's interface language, so pages go through the app).
_SHARED_FILE = re.compile(
    r"/(read/[^/]+/[^/]+/(?!index\.html$)[^/]+|releases/[^/]+/.+|assets/[^/]+)")


class SharedFiles:
    """WSGI middleware that serves the reading room's downloads and assets before the app
    is asked: a download made already costs a fraction of a request through Flask (no
    session, interface language or form token to look at), so that readers take as little
    as they can from the server.  A file that cannot be served so at once (not public, not
    made yet, a host not allowed) goes on to the app, which answers (or waits for it) as
    for any other request."""

    def __init__(self, app: Any, reading_room: ReadingRoom, headers: Mapping[str, str],
                 config: Mapping[str, Any]) -> None:
        self.app = app
        self.room = reading_room
        self.headers = headers
        self.config = config  # the app's: its TRUSTED_HOSTS, as Flask checks them

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        found = _SHARED_FILE.fullmatch(environ.get("PATH_INFO", ""))
        if found is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        try:
            get_host(environ, self.config.get("TRUSTED_HOSTS"))  # allowed-hosts
            rendered = self.room.get(found.group(1), wait=False)
        except (SecurityError, UserError):
            return self.app(environ, start_response)  # 400, 404, 422 or 503, as pages say
        response = answer(rendered, environ)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response(environ, start_response)


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


@bp.errorhandler(Preparing)
def preparing(exc: Preparing) -> tuple[str, int, dict[str, str]]:
    """A file made for the first time (or right after a maintainer's decision) that takes
    longer than a reader should wait: come back shortly."""
    return (render_template("reading_preparing.html", retry_after=exc.retry_after), 503,
            {"Retry-After": str(exc.retry_after), "Cache-Control": "no-store"})

