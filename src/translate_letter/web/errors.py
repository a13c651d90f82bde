"""The one place where the core's errors become HTTP statuses: JSON ``{"error": …}`` under
/api/, a short page elsewhere."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from ..accounts.signin import Throttled
from ..core.errors import UserError
from ..render import RenderFailed
from ..review.errors import Conflict, Forbidden, NotFound, ReviewError, Unavailable
from ..storage import DatabaseUnavailable
from .i18n import localized
from .serializers import entry_json

STATUS: dict[type[UserError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    Unavailable: 503,
    DatabaseUnavailable: 503,
    RenderFailed: 422,  # the file cannot be made from the text as it is; the others can
}
BAD_INPUT = 400


def wants_json() -> bool:
    """Whether the request is the JSON API's."""
    return request.path.startswith("/api/")


def status_of(exc: UserError) -> int:
    """The HTTP status for a domain error: 400 unless it is one of :data:`STATUS`."""
    return next((status for kind, status in STATUS.items() if isinstance(exc, kind)),
                BAD_INPUT)


def answer(status: int, message: str, explanation: str | None = None,
           **extra: object) -> tuple:
    """An error response in the form the request expects: JSON with ``error`` (English, for
    programs) and ``message`` (``explanation`` in the interface language, for people), or a
    page that names the status in the interface language and gives ``explanation`` (else
    ``message``)."""
    if wants_json():
        return jsonify(error=message, message=explanation or message, **extra), status
    return render_template("error.html", status=status, explanation=explanation,
                           detail=message if explanation is None else None), status


def register_error_pages(app: Flask) -> None:
    """Answer every domain error, CSRF failure and HTTP error with :func:`answer`."""

    @app.errorhandler(UserError)
    def refused(exc: UserError) -> tuple:
        entry = exc.entry if isinstance(exc, ReviewError) else None
        return answer(status_of(exc), str(exc), localized(exc),
                      **({"entry": entry_json(entry)} if entry is not None else {}))

    @app.errorhandler(Throttled)
    def throttled(exc: Throttled) -> tuple:
        body, status = answer(429, str(exc), localized(exc))
        return body, status, {"Retry-After": str(exc.retry_after)}

    @app.errorhandler(CSRFError)
    def csrf_failed(exc: CSRFError) -> tuple:
        return answer(BAD_INPUT, f"refused: {exc.description} Reload the page and try again.",
                      _("The form came from a page that has expired. Reload the page and "
                        "try again."))

    @app.errorhandler(SecurityError)
    def untrusted_host(exc: SecurityError) -> Response:
        # No page can be drawn: URLs cannot be built for a host outside allowed-hosts.
        return Response(f"{exc.description}\n", 400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple:
        return answer(exc.code or 500, exc.description or exc.name, "")
