"""The review web app: a Flask application factory over the review workspace."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect
from werkzeug.serving import make_server

from ..config import load_settings
from ..errors import UserError
from ..reading.room import ReadingRoom
from ..review.document import segment_sources
from ..review.journal import instance_path, open_database
from ..review.publishing import PublishingDecisions
from ..review.suggestions import offered_engines
from ..review.workspace import Workspace
from . import accounts, api, auth, dashboard, downloads, editor, publishing, reading

MAX_BODY_BYTES = 1024 * 1024
SECRET_KEY_FILE = "secret_key"

csrf = CSRFProtect()

_SECURITY_HEADERS = {
    # User text is only ever inserted as text; this forbids inline script as a second wall.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the review app for the project in ``PROJECT_ROOT`` (default: the current folder).

    ``INSTANCE_PATH`` (default ``<project>/instance``) holds the review database and the
    session key.
    """
    config = dict(test_config or {})
    settings = load_settings(config.get("PROJECT_ROOT", "."))
    offered_engines(settings)  # a bad setting stops the app before it starts
    instance = instance_path(settings.root, config.get("INSTANCE_PATH"))
    app = Flask(__name__, instance_path=str(instance))
    app.config.from_mapping(
        SECRET_KEY=None,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Reviewers work for hours: the token lives as long as the session.
        WTF_CSRF_TIME_LIMIT=None,
        FLUSH_DELAY=0.5,
    )
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_FLUSH_DELAY, …
    app.config.update(config)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(instance)

    db = open_database(instance)
    app.extensions["review_db"] = db
    app.extensions["review"] = Workspace(settings, db, flush_delay=app.config["FLUSH_DELAY"])
    app.extensions["review_settings"] = settings
    threading.Thread(target=segment_sources, args=(settings,), name="segment-sources",
                     daemon=True).start()
    app.extensions["publishing"] = decisions = PublishingDecisions(db)
    app.extensions["reading_room"] = ReadingRoom(settings, decisions.current)

    csrf.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(reading.bp)
    app.register_blueprint(publishing.bp)
    auth.register_error_pages(app)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def _secret_key(instance: Path) -> str:
    """The session key of this instance, made once and kept so sessions survive restarts."""
    path = instance / SECRET_KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def serve(app: Flask, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve ``app`` until interrupted, then write every pending save to the PO files."""
    # Bind here rather than in werkzeug, which prints and exits when the port is taken.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        listening = socket.create_server((host, port), family=family)
    except OSError as exc:
        app.extensions["review"].close()
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    with listening:
        server = make_server(host, listening.getsockname()[1], app, threaded=True,
                             fd=listening.fileno())

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    announce(f"http://{host}:{server.port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        app.extensions["review"].close()
