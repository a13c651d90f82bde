"""Machine translation services on 127.0.0.1 that speak the real protocols.

LibreTranslate (``POST /translate`` with query, form or JSON parameters, ``GET /languages``),
MyMemory (``GET /get?q=…&langpair=en-GB|fa-IR``) and Google's mobile page (``GET /m``).
Each records the requests it receives and how many were in flight at once, and can be told
to answer slowly, to fail, to hang, or to die.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Translate = Callable[[str, str, str], str]


def tagged(text: str, source: str, target: str) -> str:
    """A recognisable stand-in for a translation."""
    return f"[{target}] {text}"


@dataclass
class Fault:
    """What to do instead of (or before) answering one translate request."""

    status: int | None = None  # answer this status instead of a translation
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # sleep this long first
    drop: bool = False  # close the connection without an answer


@dataclass
class Seen:
    method: str
    path: str
    params: dict[str, str]
    at: float

    @property
    def text(self) -> str:
        return self.params.get("q", self.params.get("text", ""))


class Service:
    """A threaded HTTP server on 127.0.0.1 speaking one translation protocol."""

    def __init__(self, translate: Translate = tagged, latency: float = 0.0, port: int = 0,
                 die_after: int | None = None) -> None:
        self.translate = translate
        self.latency = latency
        self.die_after = die_after
        self.faults: dict[str, list[Fault]] = {}  # per text: faults for its next requests
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.answered = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.alive = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def translations(self) -> list[Seen]:
        """The translate requests received, in order."""
        with self._lock:
            return [s for s in self.seen if self.is_translate(s)]

    def texts(self) -> list[str]:
        return [s.text for s in self.translations()]

    def fail(self, text: str, *faults: Fault) -> None:
        """The next requests for ``text`` meet ``faults`` in order, then normal answers."""
        self.faults.setdefault(text, []).extend(faults)

    def stop(self) -> None:
        if self.alive:
            self.alive = False
            self._server.shutdown()
            self._server.server_close()

    # Protocol details, one subclass per service.
    def is_translate(self, seen: Seen) -> bool:
        raise NotImplementedError

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        """(status, content type, body) for a request."""
        raise NotImplementedError

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        content_type = handler.headers.get("Content-Type", "")
        if body and "json" in content_type:
            params.update({k: str(v) for k, v in json.loads(body).items()})
        elif body:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            params.update({k: v[0] for k, v in form.items()})
        seen = Seen(method, parts.path, params, time.monotonic())
        with self._lock:
            self.seen.append(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._respond(handler, seen)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _respond(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if self.is_translate(seen):
            with self._lock:
                queue = self.faults.get(seen.text) or []
                fault = queue.pop(0) if queue else None
                dying = self.die_after is not None and self.answered >= self.die_after
            if dying:
                handler.close_connection = True
                threading.Thread(target=self.stop, daemon=True).start()
                return
            time.sleep(self.latency + (fault.delay if fault else 0.0))
            if fault and fault.drop:
                handler.close_connection = True
                return
            if fault and fault.status:
                self._send(handler, fault.status, "application/json",
                           json.dumps({"error": f"status {fault.status}"}), fault.headers)
                return
        status, content_type, body = self.answer(seen)
        if self.is_translate(seen) and status == 200:
            with self._lock:
                self.answered += 1
        self._send(handler, status, content_type, body)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: str,
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", f"{content_type}; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real services
            disable_nagle_algorithm = True  # headers and body go out without delay

            def do_GET(self) -> None:
                service._handle(self, "GET")

            def do_POST(self) -> None:
                service._handle(self, "POST")

            def log_message(self, *args: object) -> None:
                pass

        return Handler


LANGUAGES = {"en": "English", "fa": "Persian", "fr": "French", "ar": "Arabic"}


class LibreTranslateServer(Service):
    """LibreTranslate's API: ``POST /translate`` and ``GET /languages``."""

    def __init__(self, *args, api_key: str | None = None,
                 languages: dict[str, str] | None = None, **kwargs) -> None:
        self.api_key = api_key
        self.languages = LANGUAGES if languages is None else languages
        super().__init__(*args, **kwargs)

    def is_translate(self, seen: Seen) -> bool:
        return seen.method == "POST" and seen.path == "/translate"

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if seen.path == "/languages" and seen.method == "GET":
            codes = list(self.languages)
            return 200, "application/json", json.dumps(
                [{"code": c, "name": n, "targets": codes} for c, n in self.languages.items()])
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"error": "Not Found"})
        if self.api_key is not None and seen.params.get("api_key") != self.api_key:
            return 403, "application/json", json.dumps({"error": "Invalid API key"})
        for name in ("q", "source", "target"):
            if not seen.params.get(name):
                return 400, "application/json", json.dumps(
                    {"error": f"Invalid request: missing {name} parameter"})
        source, target = seen.params["source"], seen.params["target"]
        for code in (source, target):
            if code not in self.languages:
                return 400, "application/json", json.dumps({"error": f"{code} is not supported"})
        translated = self.translate(seen.params["q"], source, target)
        return 200, "application/json", json.dumps({"translatedText": translated})


class MyMemoryServer(Service):
    """MyMemory's ``GET /get?q=…&langpair=SOURCE|TARGET``."""

    quota_left: int | None = None  # answers before "YOU USED ALL AVAILABLE FREE TRANSLATIONS"

    def is_translate(self, seen: Seen) -> bool:
        return seen.method == "GET" and seen.path == "/get"

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "text/html", "Not Found"
        source, _, target = seen.params.get("langpair", "").partition("|")
        if self.quota_left is not None:
            if self.quota_left <= 0:
                warning = ("MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR "
                           "TODAY. NEXT AVAILABLE IN  10 HOURS 20 MINUTES 01 SECONDS")
                return 200, "application/json", json.dumps({
                    "responseData": {"translatedText": warning, "match": 1},
                    "quotaFinished": True, "responseDetails": warning, "responseStatus": 429,
                    "matches": []})
            self.quota_left -= 1
        if not source or not target:
            return 200, "application/json", json.dumps({
                "responseData": {"translatedText": None}, "responseStatus": 403,
                "responseDetails": "INVALID LANGUAGE PAIR SPECIFIED", "matches": []})
        translated = self.translate(seen.params.get("q", ""), source, target)
        return 200, "application/json", json.dumps({
            "responseData": {"translatedText": translated, "match": 0.85},
            "quotaFinished": False, "responseDetails": "", "responseStatus": 200,
            "matches": [{"id": "1", "segment": seen.params.get("q", ""),
                         "translation": translated, "quality": "74", "match": 0.85}]})


class GoogleServer(Service):
    """Google Translate's mobile page: ``GET /m?sl=…&tl=…&q=…`` answered with HTML."""

    def is_translate(self, seen: Seen) -> bool:
        return seen.method == "GET" and seen.path == "/m"

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "text/html", "Not Found"
        translated = self.translate(seen.params.get("q", ""), seen.params.get("sl", ""),
                                    seen.params.get("tl", ""))
        page = ('<html><body><div class="result-container">'
                f"{html.escape(translated)}</div></body></html>")
        return 200, "text/html", page


class DeeplServer(Service):
    """DeepL's API v2 as deep-translator calls it: ``GET /v2/translate?auth_key=…&text=…``."""

    def __init__(self, *args, auth_key: str = "key:fx", **kwargs) -> None:
        self.auth_key = auth_key
        super().__init__(*args, **kwargs)

    def is_translate(self, seen: Seen) -> bool:
        return seen.path == "/v2/translate"

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"message": "Not found"})
        if seen.params.get("auth_key") != self.auth_key:
            return 403, "application/json", json.dumps({"message": "Wrong auth key"})
        translated = self.translate(seen.params.get("text", ""), seen.params["source_lang"],
                                    seen.params["target_lang"])
        return 200, "application/json", json.dumps({"translations": [
            {"detected_source_language": "EN", "text": translated}]})
