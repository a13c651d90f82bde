"""The review web app: a Flask application factory over the review workspace, served by
waitress."""

from __future__ import annotations

import os
import secrets
import signal
import socket
from collections.abc import Callable
from pathlib import Path

import waitress
from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from ..core.config import load_settings
from ..core.errors import UserError
from ..reading.room import WAIT as READING_WAIT
from ..review.suggestions import offered_engines
from ..storage import instance_path
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
from .services import Review, services

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
    room = Review().init_app(app, settings, instance, app.config["READING_WAIT"]).reading_room
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
        services(app).close()
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
        url = f"http://{shown}:{listening.getsockname()[1]}/"
        services(app).lock.announce(url)
        services(app).start()
        announce(url)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        services(app).close()
