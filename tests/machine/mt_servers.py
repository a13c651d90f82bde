"""Machine translation services on 127.0.0.1 that speak the real protocols.

LibreTranslate (``POST /translate``, ``q`` a text or a list; ``GET /languages``), MyMemory
(``GET /get?q=…&langpair=en-GB|fa-IR``), Google's mobile page (``GET /m``) and its Cloud
Translation API (``POST /language/translate/v2``), DeepL (``POST /v2/translate``), Microsoft
(``POST /translate?api-version=3.0``, ``GET /languages``), Yandex, Papago, QCRI, Baidu, and an
OpenAI-compatible chat-completions server (``POST /v1/chat/completions``) that can be told to
misbehave as language models do.  Each records the requests it receives and how many were in
flight at once, and can be told to answer slowly, to fail, to hang, to trickle, or to die.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Translate = Callable[[str, str, str], str]

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_TO_ARABIC = str.maketrans(_LATIN + _LATIN.upper(), "ابپتثجچحخدذرزژسشصضطظعغفقکگ" * 2)
_ARABIC_SCRIPT = {"fa", "ar", "ara", "per"}


def tagged(text: str, source: str, target: str) -> str:
    """A recognisable stand-in for a translation, in the target's script: Latin letters
    become Arabic ones for Persian and Arabic; digits, signs and placeholders stay."""
    if target.split("-")[0].lower() in _ARABIC_SCRIPT:
        text = text.translate(_TO_ARABIC)
    return f"[{target}] {text}"


@dataclass
class Fault:
    """What to do instead of (or before) answering one translate request."""

    status: int | None = None  # answer this status instead of a translation
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # sleep this long first
    drop: bool = False  # close the connection without an answer
    trickle: float = 0.0  # send the answer one byte every this many seconds


@dataclass
class Seen:
    method: str
    path: str
    params: dict[str, str]
    at: float
    body: Any = None  # the JSON body, as sent
    headers: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # the texts to translate

    @property
    def text(self) -> str:
        return self.texts[0] if self.texts else ""


class Service:
    """A threaded HTTP server on 127.0.0.1 speaking one translation protocol."""

    route: tuple[str, str] = ("", "")  # method and path of a translate request
    list_field = ""  # the JSON field that carries a list of texts, where there is one

    def __init__(self, translate: Translate = tagged, latency: float = 0.0, port: int = 0,
                 die_after: int | None = None, key: str = "") -> None:
        self.key = key
        self.translate = translate
        self.latency = latency
        self.die_after = die_after
        self.faults: dict[str, list[Fault]] = {}  # per text: faults for its next requests
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.answered = 0
        self.answered_texts = 0
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
        """Every text sent for translation, in the order of the requests."""
        return [text for s in self.translations() for text in s.texts]

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
        return (seen.method, seen.path) == self.route

    def texts_of(self, seen: Seen) -> list[str]:
        """The texts a translate request carries."""
        if self.list_field:
            return list((seen.body or {}).get(self.list_field, []))
        return [seen.params.get("q", seen.params.get("text", ""))]

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        """(status, content type, body) for a request."""
        raise NotImplementedError

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        content_type = handler.headers.get("Content-Type", "")
        data = None
        if body and "json" in content_type:
            data = json.loads(body)
            if isinstance(data, dict):
                params.update({k: v for k, v in data.items() if isinstance(v, str)})
        elif body:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            params.update({k: v[0] for k, v in form.items()})
        seen = Seen(method, parts.path, params, time.monotonic(), data,
                    {k.lower(): v for k, v in handler.headers.items()})
        if self.is_translate(seen):
            seen.texts = self.texts_of(seen)
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
        fault = None
        if self.is_translate(seen):
            with self._lock:
                for text in seen.texts:
                    queue = self.faults.get(text) or []
                    if queue:
                        fault = queue.pop(0)
                        break
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
                self.answered_texts += len(seen.texts)
        if fault and fault.trickle:
            self._trickle(handler, status, content_type, body, fault.trickle)
            return
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

    def _trickle(self, handler: BaseHTTPRequestHandler, status: int, content_type: str,
                 body: str, pause: float) -> None:
        """The whole answer, headers included, one byte at a time (until stopped)."""
        data = body.encode("utf-8")
        head = (f"HTTP/1.1 {status} OK\r\nContent-Type: {content_type}; charset=utf-8\r\n"
                f"Content-Length: {len(data)}\r\n\r\n").encode("ascii")
        handler.close_connection = True
        try:
            for byte in head + data:
                if not self.alive:
                    return
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass  # the client gave up at its deadline

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

    route = ("POST", "/translate")

    def __init__(self, *args, api_key: str | None = None,
                 languages: dict[str, str] | None = None, **kwargs) -> None:
        self.api_key = api_key
        self.languages = LANGUAGES if languages is None else languages
        super().__init__(*args, **kwargs)

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if seen.path == "/languages" and seen.method == "GET":
            codes = list(self.languages)
            return 200, "application/json", json.dumps(
                [{"code": c, "name": n, "targets": codes} for c, n in self.languages.items()])
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"error": "Not Found"})
        if not seen.texts or not all(seen.texts):
            return 400, "application/json", json.dumps(
                {"error": "Invalid request: missing q parameter"})
        if self.api_key is not None and seen.params.get("api_key") != self.api_key:
            return 403, "application/json", json.dumps({"error": "Invalid API key"})
        for name in ("source", "target"):
            if not seen.params.get(name):
                return 400, "application/json", json.dumps(
                    {"error": f"Invalid request: missing {name} parameter"})
        source, target = seen.params["source"], seen.params["target"]
        for code in (source, target):
            if code not in self.languages:
                return 400, "application/json", json.dumps({"error": f"{code} is not supported"})
        translated = [self.translate(text, source, target) for text in seen.texts]
        if isinstance(seen.body, dict) and isinstance(seen.body.get("q"), list):
            return 200, "application/json", json.dumps({"translatedText": translated})
        return 200, "application/json", json.dumps({"translatedText": translated[0]})

    def texts_of(self, seen: Seen) -> list[str]:
        if isinstance(seen.body, dict) and isinstance(seen.body.get("q"), list):
            return list(seen.body["q"])
        return super().texts_of(seen)


class MyMemoryServer(Service):
    """MyMemory's ``GET /get?q=…&langpair=SOURCE|TARGET``."""

    route = ("GET", "/get")

    quota_left: int | None = None  # answers before "YOU USED ALL AVAILABLE FREE TRANSLATIONS"

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

    route = ("GET", "/m")

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "text/html", "Not Found"
        translated = self.translate(seen.params.get("q", ""), seen.params.get("sl", ""),
                                    seen.params.get("tl", ""))
        page = ('<html><body><div class="result-container">'
                f"{html.escape(translated)}</div></body></html>")
        return 200, "text/html", page


class DeeplServer(Service):
    """DeepL's API v2: ``POST /v2/translate`` with up to 50 ``text`` values in JSON and the
    key in ``Authorization: DeepL-Auth-Key …``."""

    route = ("POST", "/v2/translate")
    list_field = "text"

    def __init__(self, *args, key: str = "key:fx", **kwargs) -> None:
        super().__init__(*args, key=key, **kwargs)

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"message": "Not found"})
        if seen.headers.get("authorization") != f"DeepL-Auth-Key {self.key}":
            return 403, "application/json", json.dumps({"message": "Wrong auth key"})
        if not 1 <= len(seen.texts) <= 50:
            return 400, "application/json", json.dumps({"message": "Too many texts"})
        return 200, "application/json", json.dumps({"translations": [
            {"detected_source_language": "EN",
             "text": self.translate(text, seen.params["source_lang"], seen.params["target_lang"])}
            for text in seen.texts]})


class GoogleCloudServer(Service):
    """Google's Cloud Translation API v2: ``POST /language/translate/v2?key=…``, ``q`` a list
    of at most 128 texts."""

    route = ("POST", "/language/translate/v2")
    list_field = "q"

    def __init__(self, *args, key: str = "g-key", **kwargs) -> None:
        super().__init__(*args, key=key, **kwargs)

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"error": {"message": "Not found"}})
        if seen.params.get("key") != self.key:
            return 403, "application/json", json.dumps(
                {"error": {"code": 403, "message": "API key not valid"}})
        if len(seen.texts) > 128:
            return 400, "application/json", json.dumps(
                {"error": {"code": 400, "message": "Too many text segments"}})
        return 200, "application/json", json.dumps({"data": {"translations": [
            {"translatedText": self.translate(text, seen.params["source"],
                                              seen.params["target"])}
            for text in seen.texts]}})


class MicrosoftServer(Service):
    """Microsoft Translator v3: ``POST /translate?api-version=3.0&from=…&to=…`` with a JSON
    list of ``{"Text": …}`` (1,000 at most), ``GET /languages``."""

    route = ("POST", "/translate")

    def __init__(self, *args, key: str = "ms-key", **kwargs) -> None:
        super().__init__(*args, key=key, **kwargs)

    def texts_of(self, seen: Seen) -> list[str]:
        return [item["Text"] for item in seen.body or []]

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if seen.params.get("api-version") != "3.0":
            return 400, "application/json", json.dumps({"error": {"code": 400000}})
        if seen.method == "GET" and seen.path == "/languages":
            return 200, "application/json", json.dumps({"translation": {
                code: {"name": name, "nativeName": name, "dir": "ltr"}
                for code, name in LANGUAGES.items()}})
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"error": {"code": 404000}})
        if seen.headers.get("ocp-apim-subscription-key") != self.key:
            return 401, "application/json", json.dumps(
                {"error": {"code": 401000, "message": "The request is not authorized"}})
        if len(seen.texts) > 1000:
            return 400, "application/json", json.dumps({"error": {"code": 400077}})
        target = seen.params["to"]
        return 200, "application/json", json.dumps([
            {"translations": [{"text": self.translate(text, seen.params["from"], target),
                               "to": target}]} for text in seen.texts])


class YandexServer(Service):
    """Yandex Translate v1.5: ``POST /api/v1.5/tr.json/translate`` (form: text, lang, key),
    answering ``{"code": 200, "text": [...]}``."""

    route = ("POST", "/api/v1.5/tr.json/translate")

    def __init__(self, *args, key: str = "y-key", **kwargs) -> None:
        super().__init__(*args, key=key, **kwargs)

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"code": 404})
        if seen.params.get("key") != self.key:
            return 403, "application/json", json.dumps(
                {"code": 401, "message": "API key is invalid"})
        source, _, target = seen.params["lang"].partition("-")
        return 200, "application/json", json.dumps({
            "code": 200, "lang": seen.params["lang"],
            "text": [self.translate(seen.text, source, target)]})


class PapagoServer(Service):
    """Naver Papago: ``POST /v1/papago/n2mt`` (form: source, target, text) with the client id
    and secret in headers."""

    route = ("POST", "/v1/papago/n2mt")

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"errorCode": "404"})
        if (seen.headers.get("x-naver-client-id"), seen.headers.get("x-naver-client-secret")) \
                != ("naver-id", "naver-secret"):
            return 401, "application/json", json.dumps({"errorCode": "024"})
        translated = self.translate(seen.text, seen.params["source"], seen.params["target"])
        return 200, "application/json", json.dumps(
            {"message": {"result": {"srcLangType": seen.params["source"],
                                    "tarLangType": seen.params["target"],
                                    "translatedText": translated}}})


class QcriServer(Service):
    """QCRI's MT API: ``GET /api/v1/translate?key=…&langpair=en-ar&domain=…&text=…``."""

    route = ("GET", "/api/v1/translate")

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"success": False})
        if seen.params.get("key") != "qcri-key" or not seen.params.get("domain"):
            return 200, "application/json", json.dumps({"success": False, "error": "bad key"})
        source, _, target = seen.params["langpair"].partition("-")
        return 200, "application/json", json.dumps(
            {"success": True, "translatedText": self.translate(seen.text, source, target)})


class BaiduServer(Service):
    """Baidu's ``POST /api/trans/vip/translate`` with query parameters signed by the app key
    (md5 of appid + q + salt + key)."""

    route = ("POST", "/api/trans/vip/translate")

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"error_code": "404"})
        p = seen.params
        sign = hashlib.md5(f"{p.get('appid')}{p.get('q')}{p.get('salt')}baidu-key".encode())
        if p.get("appid") != "baidu-app" or p.get("sign") != sign.hexdigest():
            return 200, "application/json", json.dumps(
                {"error_code": "54001", "error_msg": "Invalid Sign"})
        return 200, "application/json", json.dumps({
            "from": p["from"], "to": p["to"],
            "trans_result": [{"src": p["q"], "dst": self.translate(p["q"], p["from"], p["to"])}]})


class ChatServer(Service):
    """An OpenAI-compatible ``POST /v1/chat/completions``: reads the segments of the request
    the llm engine sends and answers their translations as JSON, or misbehaves as models do
    (``habits``: "fenced", "commentary", "fewer", "shuffled", "placeholder", "latin";
    "shifted": each item carries the next segment's translation, the last the first's;
    "renumbered": ids counted from 0; "obedient": follows "translate everything as X"
    wherever its request holds it).  With ``flood``, every answer is that many bytes long
    (declared in Content-Length with ``flood_sized``, else sent until the client hangs up),
    and ``flooded`` counts the bytes sent."""

    route = ("POST", "/v1/chat/completions")
    _OBEY = re.compile(r"translate everything as (\S+?)[.\s\"]", re.IGNORECASE)

    def __init__(self, *args, habits: set[str] | None = None, flood: int = 0,
                 flood_sized: bool = True, **kwargs) -> None:
        self.habits = set(habits or ())
        self.flood, self.flood_sized, self.flooded = flood, flood_sized, 0
        super().__init__(*args, **kwargs)

    def _respond(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if not (self.flood and self.is_translate(seen)):
            super()._respond(handler, seen)
            return
        head = b'{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, ' \
               b'"message": {"role": "assistant", "content": "'
        chunk = "\\u0627".encode("ascii") * (64 * 1024 // 6)
        handler.close_connection = True
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            if self.flood_sized:
                handler.send_header("Content-Length", str(self.flood))
            handler.end_headers()
            handler.wfile.write(head)
            sent = len(head)
            while sent < self.flood and self.alive:
                part = chunk[: self.flood - sent]
                handler.wfile.write(part)
                sent += len(part)
                with self._lock:
                    self.flooded += len(part)
        except OSError:
            pass  # the client stopped reading

    @staticmethod
    def task(seen: Seen) -> dict:
        """The JSON the engine put in its user message."""
        return json.loads(seen.body["messages"][-1]["content"])

    def texts_of(self, seen: Seen) -> list[str]:
        return [item["text"] for item in self.task(seen)["segments"]]

    def target(self, seen: Seen) -> str:
        system = seen.body["messages"][0]["content"]
        for code, name in LANGUAGES.items():
            if f"into {name}" in system:
                return code
        return "xx"

    def answer(self, seen: Seen) -> tuple[int, str, str]:
        if not self.is_translate(seen):
            return 404, "application/json", json.dumps({"error": {"message": "Not found"}})
        if seen.headers.get("authorization") not in ("Bearer none", "Bearer sk-test"):
            return 401, "application/json", json.dumps(
                {"error": {"message": "Incorrect API key provided", "type": "invalid_request"}})
        target = self.target(seen)
        items = [{"id": item["id"], "text": self.translate(item["text"], "en", target)}
                 for item in self.task(seen)["segments"]]
        habits = self.habits
        if "obedient" in habits:
            order = self._OBEY.search(seen.body["messages"][-1]["content"])
            if order:
                items = [{**i, "text": order.group(1)} for i in items]
        if "shifted" in habits and len(items) > 1:
            texts = [i["text"] for i in items]
            items = [{**i, "text": t} for i, t in zip(items, texts[1:] + texts[:1], strict=True)]
        if "renumbered" in habits:
            items = [{**i, "id": str(int(i["id"]) - 1)} for i in items]
        if "placeholder" in habits:  # the model "translates" the placeholders
            items = [{**i, "text": i["text"].replace("{1}", "(un)")} for i in items]
        if "latin" in habits:  # the model answers in English
            items = [{"id": item["id"], "text": f"Translation: {item['text']}"}
                     for item in self.task(seen)["segments"]]
        if "fewer" in habits and len(items) > 1:
            items = items[:-1]
        if "shuffled" in habits:
            items = list(reversed(items))
            random.Random(7).shuffle(items)
        content = json.dumps({"translations": items}, ensure_ascii=False)
        if "fenced" in habits:
            content = f"```json\n{content}\n```"
        if "commentary" in habits:
            content = f"Here are the translations you asked for:\n{content}\nI hope this helps!"
        return 200, "application/json", json.dumps({
            "id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()),
            "model": seen.body.get("model"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
