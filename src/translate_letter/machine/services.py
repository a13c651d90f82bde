"""Engines that call a translation service over HTTP, and the services that take lists.

:class:`ServiceEngine` holds what every service engine shares: its key, its address (which
``--url`` or ``TRANSLATE_LETTER_<ENGINE>_URL`` may replace), an :class:`HttpClient` with the
request deadline, and the service's code for each language.

LibreTranslate (a list in ``q``), DeepL (up to 50 ``text`` values), Microsoft (up to 1,000
texts) and Google's Cloud Translation API (up to 128 ``q`` values, with a key) translate many
texts in one request: their protocols are spoken here, as deep-translator sends one request
per text (its ``translate_batch`` is a loop).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import requests
from deep_translator.constants import DEEPL_LANGUAGE_TO_CODE, GOOGLE_LANGUAGES_TO_CODES

from ..core.errors import UserError
from .engines import (
    EngineConfig,
    EngineRefused,
    EngineRejected,
    MachineTranslator,
    Request,
    engine_code,
    unsupported,
)
from .http import HttpClient


class ServiceEngine(MachineTranslator):
    """An engine that sends requests to one service through an :class:`HttpClient`."""

    hosts: ClassVar[tuple[str, ...]] = ()  # the service's own hosts
    languages: ClassVar[Mapping[str, str]] = GOOGLE_LANGUAGES_TO_CODES  # name → code
    key_variables: ClassVar[tuple[str, ...]] = ()  # where the key is when --api-key is not

    def __init__(self, config: EngineConfig) -> None:
        super().__init__(config)
        self.key = self.read_key(config)
        self.http = HttpClient(config.timeout, self.base_url(config), self.hosts)
        self.codes: dict[str, str] = {}

    @classmethod
    def url_variable(cls) -> str:
        return f"TRANSLATE_LETTER_{cls.name.upper()}_URL"

    def base_url(self, config: EngineConfig) -> str | None:
        """Where to send requests instead of the service's own address."""
        return config.setting(config.url, self.url_variable())

    def read_key(self, config: EngineConfig) -> str | None:
        """The key from ``--api-key`` or the engine's environment variables."""
        if not self.key_variables:
            return None
        key = config.setting(config.api_key, *self.key_variables)
        if not key:
            raise UserError(f"engine {self.name} needs --api-key or {self.key_variables[0]}")
        return key

    @property
    def where(self) -> str:
        if self.http.base_url:
            return self.http.base_url
        return f"https://{self.hosts[0]}" if self.hosts else self.name

    def prepare(self, source: str, targets: Sequence[str]) -> None:
        self.set_codes(self.languages, source, targets)

    def set_codes(self, table: Mapping[str, str], source: str, targets: Sequence[str]) -> None:
        """The service's code for each language, from its name → code ``table``."""
        for lang in (source, *targets):
            code = engine_code(lang, table)
            if code is None:
                raise unsupported(self.name, lang)
            self.codes[lang] = code

    def close(self) -> None:
        self.http.close()


class BatchService(ServiceEngine):
    """A service with a JSON API that translates a list of texts in one request."""

    def address(self, path: str) -> str:
        """``path`` on the service (or on the server ``--url`` names)."""
        return self.http.rewrite(f"https://{self.hosts[0]}{path}")

    def call(self, method: str, url: str, **kwargs: Any) -> Any:
        """Send a request and read its JSON answer; refusals and bad answers become engine
        errors (429 and 5xx already are)."""
        response = self.http.request(method, url, **kwargs)
        try:
            body = response.json()
        except requests.exceptions.JSONDecodeError:
            body = None
        if response.status_code in (401, 403, 456):  # 456: DeepL's quota is used up
            raise EngineRefused(f"HTTP {response.status_code}: {_message(body)}")
        if response.status_code != 200:
            raise EngineRejected(f"HTTP {response.status_code}: {_message(body)}")
        if body is None:
            raise EngineRejected("the answer is not JSON")
        return body

    def translate(self, request: Request) -> list[str | None]:
        try:
            answers = self.translations(request, self.send(request))
        except (KeyError, IndexError, TypeError, AttributeError):
            raise EngineRejected("an answer of another shape than the service's") from None
        if len(answers) != len(request.texts) or not all(isinstance(a, str) for a in answers):
            raise EngineRejected(f"{len(answers)} answers for {len(request.texts)} texts")
        return list(answers)

    def send(self, request: Request) -> Any:
        """Post ``request`` in the service's protocol; its JSON answer."""
        raise NotImplementedError

    def translations(self, request: Request, answer: Any) -> list[str]:
        """The translations in the service's answer, in order."""
        raise NotImplementedError


def _message(body: Any) -> str:
    """The error message of a service's JSON answer."""
    if isinstance(body, dict):
        for key in ("error", "message", "detail"):
            value = body.get(key)
            if isinstance(value, dict):
                value = value.get("message")
            if value:
                return " ".join(str(value).split())[:120]
    return "refused"


class LibreTranslateEngine(BatchService):
    name = "libretranslate"
    title = "LibreTranslate (public or self-hosted)"
    needs_key = "public server only"
    settings = "--url / LIBRETRANSLATE_URL, --api-key / LIBRE_API_KEY"
    PUBLIC = "https://libretranslate.com/"
    batch_items = 50
    batch_chars = 10_000

    def __init__(self, config: EngineConfig) -> None:
        super().__init__(config)
        self.server = _with_slash(config.setting(config.url, "LIBRETRANSLATE_URL") or self.PUBLIC)
        if self.server == self.PUBLIC and not self.key:
            raise UserError("engine libretranslate: the public server needs --api-key (or "
                            "LIBRE_API_KEY); give a self-hosted server with --url")

    def read_key(self, config: EngineConfig) -> str | None:
        return config.setting(config.api_key, "LIBRE_API_KEY")

    def base_url(self, config: EngineConfig) -> str | None:
        return None  # the server's address is the whole URL

    @property
    def where(self) -> str:
        return self.server

    def prepare(self, source: str, targets: Sequence[str]) -> None:
        # Ask the server which languages it has: servers differ (and Persian is recent).
        response = self.http.request("GET", self.server + "languages")
        try:
            offered = {item["code"]: set(item.get("targets") or ()) for item in response.json()}
        except (ValueError, TypeError, KeyError):
            raise UserError(f"{self.server}: not a LibreTranslate server "
                            f"(GET /languages answered HTTP {response.status_code})") from None
        if response.status_code != 200:
            raise UserError(f"{self.server}languages: HTTP {response.status_code}")
        if source not in offered:
            raise unsupported(f"{self.name} at {self.server}", source)
        for lang in targets:
            if lang not in offered or (offered[source] and lang not in offered[source]):
                raise unsupported(f"{self.name} at {self.server}", lang)
        self.codes.update({lang: lang for lang in (source, *targets)})

    def send(self, request: Request) -> Any:
        payload: dict[str, Any] = {"q": list(request.texts), "source": self.codes[request.source],
                                   "target": self.codes[request.target], "format": "text"}
        if self.key:
            payload["api_key"] = self.key
        return self.call("POST", self.server + "translate", json=payload)

    def translations(self, request: Request, answer: Any) -> list[str]:
        return list(answer["translatedText"])


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


class DeeplEngine(BatchService):
    name = "deepl"
    title = "DeepL API"
    hosts = ("api.deepl.com", "api-free.deepl.com")
    languages = DEEPL_LANGUAGE_TO_CODE
    needs_key = "yes"
    key_variables = ("DEEPL_API_KEY",)
    settings = "--api-key / DEEPL_API_KEY, TRANSLATE_LETTER_DEEPL_URL"
    batch_items = 50  # DeepL's limit on text values per request
    batch_chars = 60_000  # well within its 128 KiB request body

    def address(self, path: str) -> str:
        free = (self.key or "").endswith(":fx")  # DeepL's free-key suffix
        return self.http.rewrite(f"https://{self.hosts[1 if free else 0]}{path}")

    def send(self, request: Request) -> Any:
        return self.call(
            "POST", self.address("/v2/translate"),
            headers={"Authorization": f"DeepL-Auth-Key {self.key}"},
            json={"text": list(request.texts), "source_lang": self.codes[request.source].upper(),
                  "target_lang": self.codes[request.target].upper()})

    def translations(self, request: Request, answer: Any) -> list[str]:
        return [item["text"] for item in answer["translations"]]


class MicrosoftEngine(BatchService):
    name = "microsoft"
    title = "Microsoft Translator"
    hosts = ("api.cognitive.microsofttranslator.com",)
    needs_key = "yes"
    key_variables = ("MICROSOFT_API_KEY",)
    settings = "--api-key / MICROSOFT_API_KEY, MICROSOFT_REGION, TRANSLATE_LETTER_MICROSOFT_URL"
    batch_items = 1000  # Microsoft's limits per request: 1,000 texts, 50,000 characters
    batch_chars = 50_000

    def headers(self) -> dict[str, str]:
        headers = {"Ocp-Apim-Subscription-Key": self.key or ""}
        region = self.config.environ.get("MICROSOFT_REGION")
        if region:
            headers["Ocp-Apim-Subscription-Region"] = region
        return headers

    def prepare(self, source: str, targets: Sequence[str]) -> None:
        # The service lists its languages (code → names).
        answer = self.call("GET", self.address("/languages"),
                           params={"api-version": "3.0", "scope": "translation"})
        try:
            table = {item["name"]: code for code, item in answer["translation"].items()}
        except (KeyError, TypeError, AttributeError):
            raise UserError(f"engine {self.name}: cannot list languages") from None
        self.set_codes(table, source, targets)

    def send(self, request: Request) -> Any:
        return self.call(
            "POST", self.address("/translate"), headers=self.headers(),
            params={"api-version": "3.0", "from": self.codes[request.source],
                    "to": self.codes[request.target]},
            json=[{"Text": text} for text in request.texts])

    def translations(self, request: Request, answer: Any) -> list[str]:
        return [item["translations"][0]["text"] for item in answer]


class GoogleCloudEngine(BatchService):
    """Google's Cloud Translation API (v2), used by the ``google`` engine when it has a key."""

    name = "google"
    title = "Google Cloud Translation (with a key)"
    hosts = ("translation.googleapis.com",)
    key_variables = ("GOOGLE_API_KEY",)
    max_chars = 5000
    batch_items = 128  # the API's limit on q values per request
    batch_chars = 5000  # the size Google recommends for one request

    def send(self, request: Request) -> Any:
        return self.call(
            "POST", self.address("/language/translate/v2"), params={"key": self.key},
            json={"q": list(request.texts), "source": self.codes[request.source],
                  "target": self.codes[request.target], "format": "text"})

    def translations(self, request: Request, answer: Any) -> list[str]:
        return [item["translatedText"] for item in answer["data"]["translations"]]
