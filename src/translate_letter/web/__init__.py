"""The review web app: a Flask application factory over the review workspace, served by
waitress."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import waitress
from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from ..accounts import required_two_factor_roles, sessions
from ..accounts.schema import prepare
from ..core.config import load_settings
from ..core.errors import UserError
from ..reading.room import WAIT as READING_WAIT
from ..reading.room import ReadingRoom, stop_workers
from ..review.sources import segment_sources
from ..review.suggestions import offered_engines
from ..review.workspace import Workspace
from ..storage import configured, instance_path, open_database
from . import (
    accounts,
    api,
    auth,
    dashboard,
    downloads,
    editor,
    exchange,
    i18n,
    profile,
    publishing,
    reading,
)
from .dispatch import READER_RATE, EditorFirst
from .errors import register_error_pages

MAX_BODY_BYTES = 1024 * 1024
SECRET_KEY_FILE = "secret_key"
ALLOWED_HOSTS_SETTING = "allowed-hosts"
DEFAULT_THREADS = 8

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


class LowercaseHost:
    """Host names are case-insensitive, werkzeug's check of ``TRUSTED_HOSTS`` is not: the
    app sees the Host (after a proxy's ``X-Forwarded-Host``) in lower case."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> object:
        for key in ("HTTP_HOST", "SERVER_NAME"):
            if key in environ:
                environ[key] = environ[key].lower()
        return self.app(environ, start_response)


def _public(endpoint: str | None) -> bool:
    """Whether a response is for anyone (the reading room, the stylesheets and scripts)."""
    return endpoint == "static" or (endpoint or "").startswith("reading.")


class SessionCookies(SecureCookieSessionInterface):
    """Session cookies marked Secure whenever the request arrived over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the review app for the project in ``PROJECT_ROOT`` (default: the current folder).

    ``INSTANCE_PATH`` (default ``<project>/instance``) holds the review database and the
    session key; ``PROXY`` trusts one reverse proxy's ``X-Forwarded-*`` headers.
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
        READING_WAIT=READING_WAIT,  # seconds a reader waits for a file made the first time
        PROXY=False,
    )
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_FLUSH_DELAY, …
    app.config.update(config)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(instance)

    hosts = settings.setting(ALLOWED_HOSTS_SETTING)
    if hosts is not None:
        # Any other Host header is a 400.
        app.config["TRUSTED_HOSTS"] = [host.lower() for host in hosts]
    app.session_interface = SessionCookies()
    app.extensions["session_lifetimes"] = sessions.lifetimes(settings)
    app.extensions["require_2fa"] = required_two_factor_roles(settings)

    db = prepare(open_database(configured(settings, instance)))
    app.extensions["review_db"] = db
    workspace = Workspace(settings, db, flush_delay=app.config["FLUSH_DELAY"])
    app.extensions["review"] = workspace
    app.extensions["review_settings"] = settings
    threading.Thread(target=segment_sources, args=(settings,), name="segment-sources",
                     daemon=True).start()
    app.extensions["publishing"] = workspace.publishing
    app.extensions["reading_room"] = room = ReadingRoom(
        settings, workspace.publishing.current, wait=app.config["READING_WAIT"],
        changed=workspace.settle_outside)
    threading.Thread(target=room.prepare, name="reading-room", daemon=True).start()
    app.wsgi_app = reading.SharedFiles(app.wsgi_app, room, _SECURITY_HEADERS, app.config)
    app.wsgi_app = LowercaseHost(app.wsgi_app)
    if app.config["PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1,
                                x_prefix=1)

    @app.before_request
    def refuse_unknown_host() -> None:
        # Before anything else runs: no URL can be built for a host outside allowed-hosts.
        if isinstance(request.routing_exception, SecurityError):
            raise request.routing_exception

    csrf.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(exchange.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(profile.bp)
    app.register_blueprint(reading.bp)
    app.register_blueprint(publishing.bp)
    register_error_pages(app)
    i18n.init_app(app)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not _public(request.endpoint):
            # Pages, codes, one-time passwords and the API stay out of every cache.
            response.headers["Cache-Control"] = "no-store"
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
    os.chmod(path, 0o600)  # owner only, whatever made it
    return path.read_text().strip()


def serve(app: Flask, host: str, port: int, announce: Callable[[str], None],
          threads: int = DEFAULT_THREADS) -> None:
    """Serve ``app`` on waitress until interrupted, then write every pending save to the PO
    files."""
    # Bind here so that a taken port is one clear line, whatever the server would print.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        listening = socket.create_server((host, port), family=family)
    except OSError as exc:
        app.extensions["review"].close()
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    # Behind a proxy, its X-Forwarded-* headers go through to ProxyFix; else waitress drops them.
    dispatcher = EditorFirst(reader_threads=max(1, threads // 4), reader_rate=READER_RATE)
    dispatcher.set_thread_count(threads)
    server = waitress.create_server(app, sockets=[listening], threads=threads,
                                    clear_untrusted_proxy_headers=not app.config["PROXY"],
                                    _dispatcher=dispatcher)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    try:
        # A SIGTERM may come as soon as the address is out.
        announce(f"http://{shown}:{listening.getsockname()[1]}/")
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        stop_workers()
        app.extensions["review"].close()
