"""HTTP for every engine: a deadline per request, pooled connections, a base URL override.

A timeout in ``requests`` (and in ``httpx``) bounds each read of the socket, not the request:
a server that sends one byte a second never times out.  :class:`HttpClient` gives every
request a deadline: a timer shuts the request's socket down when it passes, which ends
whatever read is waiting, and the request fails with :class:`EngineTimeout`.

deep-translator calls the module-level ``requests.get``/``requests.post`` with no timeout,
a new connection per request, addresses it hard-codes, and turns 429 and 5xx answers into
exceptions that drop the ``Retry-After`` header.  Rather than copying its translators, its
modules get :data:`TRANSPORT` as their ``requests``: while an :class:`HttpClient` is bound to
the calling thread, requests go through that client's session with its deadline, are sent to
its base URL, and 429/5xx become :class:`EngineBusy` with the delay the server asked for.
Unbound calls behave exactly as before.
"""

from __future__ import annotations

import importlib
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .engines import EngineBusy, EngineRejected, EngineTimeout, EngineUnreachable

_DEEP_TRANSLATOR_MODULES = (
    "google", "mymemory", "libre", "deepl", "microsoft", "yandex", "papago", "qcri", "baidu",
)
_bound = threading.local()
_install_lock = threading.Lock()


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Deadline:
    """The connections one request uses, shut down if the request outlives its deadline."""

    def __init__(self) -> None:
        self.connections: list = []
        self.expired = False
        self._over = False
        self._lock = threading.Lock()

    def expire(self) -> None:
        with self._lock:
            if self._over:
                return
            self.expired = True
            for connection in self.connections:
                sock = getattr(connection, "sock", None)
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass  # already closed

    def finish(self) -> None:
        with self._lock:
            self._over = True


_current = threading.local()  # the _Deadline of the request this thread is sending


class _WatchedHTTPPool(HTTPConnectionPool):
    def _get_conn(self, timeout: float | None = None):  # type: ignore[no-untyped-def]
        connection = super()._get_conn(timeout)
        deadline: _Deadline | None = getattr(_current, "deadline", None)
        if deadline is not None:
            deadline.connections.append(connection)
        return connection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    _get_conn = _WatchedHTTPPool._get_conn


class _DeadlineAdapter(HTTPAdapter):
    """Connection pools that let a request's deadline find the socket it reads from."""

    def init_poolmanager(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool,
                                                   "https": _WatchedHTTPSPool}


class HttpClient:
    """Sessions (one per thread), a timeout and an optional base URL for one engine."""

    def __init__(self, timeout: float, base_url: str | None = None,
                 hosts: Iterable[str] = ()) -> None:
        self.timeout = timeout
        self.base_url = base_url
        self.hosts = frozenset(hosts)
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def rewrite(self, url: str) -> str:
        """Send what deep-translator addresses to the service's own host to ``base_url``."""
        if not self.base_url:
            return url
        parts = urlsplit(url)
        if self.hosts and parts.netloc not in self.hosts:
            return url
        base = urlsplit(self.base_url)
        path = base.path.rstrip("/") + parts.path
        return urlunsplit((base.scheme, base.netloc, path, parts.query, parts.fragment))

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = _DeadlineAdapter()
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def request(self, method: str, url: str, limit: int | None = None,
                **kwargs) -> requests.Response:
        """Send one request and read its answer within the timeout, counted from the start;
        connection problems, timeouts, 429 and 5xx become engine errors.  With ``limit``, an
        answer longer than ``limit`` bytes is refused (:class:`EngineRejected`) as soon as
        it is known to be, having read at most that much of it."""
        url = self.rewrite(url)
        kwargs["timeout"] = self.timeout
        deadline = _Deadline()
        timer = threading.Timer(self.timeout, deadline.expire)
        timer.daemon = True
        _current.deadline = deadline
        timer.start()
        try:
            response = self._session().request(method, url, stream=limit is not None, **kwargs)
            if limit is not None:
                _read_within(response, limit)
        except requests.exceptions.ConnectTimeout:
            raise EngineUnreachable(f"{_site(url)}: no answer to connect") from None
        except requests.exceptions.RequestException as exc:
            if deadline.expired or isinstance(exc, requests.exceptions.Timeout):
                raise EngineTimeout(f"{_site(url)}: no answer within {self.timeout:g} s") \
                    from None
            if isinstance(exc, requests.exceptions.ConnectionError):
                raise EngineUnreachable(f"{_site(url)}: {_reason(exc)}") from None
            raise EngineUnreachable(f"{url}: {type(exc).__name__}") from None  # a bad URL
        finally:
            deadline.finish()
            timer.cancel()
            _current.deadline = None
        if deadline.expired:  # an answer without a length, cut short at the deadline
            raise EngineTimeout(f"{_site(url)}: no answer within {self.timeout:g} s")
        self._local.response = response
        if response.status_code == 429 or response.status_code >= 500:
            raise EngineBusy(response.status_code, retry_after(response.headers.get("Retry-After")))
        return response

    @property
    def last_response(self) -> requests.Response | None:
        """The response this thread received last."""
        return getattr(self._local, "response", None)

    @contextmanager
    def bound(self) -> Iterator[HttpClient]:
        """Route deep-translator's requests from this thread through this client."""
        previous = getattr(_bound, "client", None)
        _bound.client = self
        try:
            yield self
        finally:
            _bound.client = previous

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()


def _read_within(response: requests.Response, limit: int) -> None:
    """Read the body of a streamed ``response`` into it, refusing one over ``limit`` bytes
    (decoded) before reading more than that."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise EngineRejected(f"the answer has {int(declared)} bytes; at most {limit} are read")
    body = bytearray()
    for chunk in response.iter_content(64 * 1024):
        body += chunk
        if len(body) > limit:
            response.close()
            raise EngineRejected(f"the answer is longer than {limit} bytes, the most read for "
                                 "this request")
    response._content = bytes(body)  # where requests itself keeps a body it has read
    response.close()  # read to the end: the connection goes back to the pool


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "NameResolution" in text or "Name or service not known" in text:
        return "host name not resolved (no network?)"
    if "Connection refused" in text:
        return "connection refused"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "connection closed by the server"
    return "connection failed"


def _send(method: str, url: str, **kwargs) -> requests.Response:
    client: HttpClient | None = getattr(_bound, "client", None)
    if client is None:
        return requests.request(method, url, **kwargs)
    return client.request(method, url, **kwargs)


class _Transport:
    """What deep-translator's modules see as ``requests``."""

    exceptions = requests.exceptions

    @staticmethod
    def get(url: str, params=None, **kwargs) -> requests.Response:
        return _send("GET", url, params=params, **kwargs)

    @staticmethod
    def post(url: str, data=None, json=None, **kwargs) -> requests.Response:
        return _send("POST", url, data=data, json=json, **kwargs)


TRANSPORT = _Transport()


def install_transport() -> None:
    """Give deep-translator's translator modules :data:`TRANSPORT` (once; idempotent)."""
    with _install_lock:
        for name in _DEEP_TRANSLATOR_MODULES:
            module = importlib.import_module(f"deep_translator.{name}")
            module.requests = TRANSPORT
