"""Engines over deep-translator's translators, with its gaps worked around.

deep-translator builds each request and reads each answer; this module adds what it lacks:
a deadline per request and pooled connections (see :mod:`.http`), one translator object per
thread (its translators keep the text of the current request in instance state, so one
object cannot serve two threads), language codes each service really accepts (MyMemory wants
``fa-IR``, Papago's table is inverted), keys read when the engine starts rather than when
deep-translator is imported, and answers it passes through although they are not
translations (an empty text, MyMemory's quota warning, Yandex's list of texts).

Its Pons and Linguee are word dictionaries (50 characters at most), not sentence
translators, so they are not offered; its ChatGPT translator needs an openai package before
1.0 and skips timeouts and retries: the llm engine replaces it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, ClassVar

import deep_translator
from deep_translator.constants import (
    BAIDU_LANGUAGE_TO_CODE,
    MY_MEMORY_LANGUAGES_TO_CODES,
    PAPAGO_LANGUAGE_TO_CODE,
    QCRI_LANGUAGE_TO_CODE,
)
from deep_translator.exceptions import (
    ApiKeyException,
    AuthorizationException,
    BaiduAPIerror,
    BaseError,
    RequestError,
    ServerException,
    TooManyRequests,
)

from ..core.errors import UserError
from .engines import (
    EngineBusy,
    EngineConfig,
    EngineError,
    EngineRefused,
    EngineRejected,
    Request,
)
from .http import install_transport
from .services import GoogleCloudEngine, ServiceEngine

# What deep-translator raises for an answer it cannot use: its own exception types, and the
# errors of reading a JSON or HTML answer that does not have the expected shape.
_BAD_ANSWER = (BaseError, RequestError, ServerException, BaiduAPIerror,
               ValueError, KeyError, IndexError, TypeError, AttributeError, StopIteration)


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text[:120]}" if text else name


class DeepTranslatorEngine(ServiceEngine):
    """A translator of deep-translator driven through an :class:`HttpClient`, one text per
    request."""

    translator_name: ClassVar[str]

    def __init__(self, config: EngineConfig) -> None:
        install_transport()
        super().__init__(config)
        self.options = self.translator_options(config)
        self._local = threading.local()

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        """Keyword arguments of the deep-translator class (keys, URLs)."""
        return {"api_key": self.key} if self.key else {}

    def call_options(self) -> dict[str, Any]:
        return {}

    def new_translator(self, source: str, target: str) -> Any:
        # deep-translator checks codes against its own tables when a translator is built, and
        # they map Papago's backwards: build it with "auto", which passes that check, then set
        # the codes :meth:`prepare` checked.
        translator = getattr(deep_translator, self.translator_name)(
            source="auto", target="auto", **self.options)
        translator.source = self.codes[source]
        translator.target = self.codes[target]
        return translator

    def _translator(self, source: str, target: str) -> Any:
        translators = self._local.__dict__.setdefault("translators", {})
        if (source, target) not in translators:
            translators[(source, target)] = self.new_translator(source, target)
        return translators[(source, target)]

    def translate(self, request: Request) -> list[str | None]:
        return [self.translate_text(text, request.source, request.target)
                for text in request.texts]

    def translate_text(self, text: str, source: str, target: str) -> str:
        """One text through deep-translator."""
        with self.http.bound():
            try:
                result = self.answer(
                    self._translator(source, target).translate(text, **self.call_options()))
                self.check_answer()
            except EngineError:
                raise
            except (ApiKeyException, AuthorizationException) as exc:
                raise EngineRefused(_describe(exc)) from None
            except TooManyRequests:
                raise EngineBusy(429) from None
            except _BAD_ANSWER as exc:
                raise EngineRejected(_describe(exc)) from None
        if not isinstance(result, str):
            raise EngineRejected("no translation in the answer")
        return result

    def answer(self, result: Any) -> Any:
        """The translation in what deep-translator returned."""
        return result

    def check_answer(self) -> None:
        """Raise :class:`EngineError` for an answer that parses but is not a translation."""


def _credentials(config: EngineConfig, engine: str, first: str, second: str) -> tuple[str, str]:
    """Two-part credentials: ``--api-key ID:SECRET`` or two environment variables."""
    if config.api_key:
        one, sep, two = config.api_key.partition(":")
        if sep and one and two:
            return one, two
        raise UserError(f"engine {engine}: --api-key must be ID:SECRET")
    one, two = config.environ.get(first), config.environ.get(second)
    if not (one and two):
        raise UserError(f"engine {engine} needs --api-key ID:SECRET or {first} and {second}")
    return one, two


class GoogleEngine(DeepTranslatorEngine):
    name = "google"
    title = "Google Translate (web page; Cloud Translation API with a key)"
    translator_name = "GoogleTranslator"
    hosts = ("translate.google.com",)
    max_chars = 4999  # deep-translator refuses 5,000 characters and more
    settings = "--api-key / GOOGLE_API_KEY (batched requests), TRANSLATE_LETTER_GOOGLE_URL"

    @classmethod
    def open(cls, config: EngineConfig) -> ServiceEngine:
        """The Cloud Translation API when a key is given, else the web page."""
        if config.setting(config.api_key, *GoogleCloudEngine.key_variables):
            return GoogleCloudEngine(config)
        return cls(config)


class MyMemoryEngine(DeepTranslatorEngine):
    name = "mymemory"
    title = "MyMemory"
    translator_name = "MyMemoryTranslator"
    hosts = ("api.mymemory.translated.net",)
    languages = MY_MEMORY_LANGUAGES_TO_CODES
    max_chars = 499  # deep-translator refuses 500 characters and more
    settings = "MYMEMORY_EMAIL (larger quota), TRANSLATE_LETTER_MYMEMORY_URL"

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        email = config.environ.get("MYMEMORY_EMAIL")
        return {"email": email} if email else {}

    def check_answer(self) -> None:
        # MyMemory answers HTTP 200 with its quota warning as the "translation" and the real
        # status in the body; deep-translator returns that warning as the translation.
        response = self.http.last_response
        if response is None:
            return
        try:
            body = response.json()
            status = int(body.get("responseStatus", 200))
        except (ValueError, TypeError, AttributeError):
            return
        if status == 429:
            raise EngineBusy(429)
        if status != 200:
            raise EngineRejected(f"MyMemory status {status}: {body.get('responseDetails', '')}")


class YandexEngine(DeepTranslatorEngine):
    name = "yandex"
    title = "Yandex Translate"
    translator_name = "YandexTranslator"
    hosts = ("translate.yandex.net",)
    needs_key = "yes"
    key_variables = ("YANDEX_API_KEY",)
    settings = "--api-key / YANDEX_API_KEY, TRANSLATE_LETTER_YANDEX_URL"

    def answer(self, result: Any) -> Any:
        # The service answers a list of texts (one per text sent); deep-translator passes
        # the list on as if it were the translation.
        if isinstance(result, list) and len(result) == 1:
            return result[0]
        return result


class PapagoEngine(DeepTranslatorEngine):
    name = "papago"
    title = "Naver Papago"
    translator_name = "PapagoTranslator"
    hosts = ("openapi.naver.com",)
    languages: ClassVar[Mapping[str, str]] = {  # deep-translator stores this table inverted
        name: code for code, name in PAPAGO_LANGUAGE_TO_CODE.items()}
    max_chars = 4999
    needs_key = "yes"
    settings = ("--api-key ID:SECRET / PAPAGO_CLIENT_ID and PAPAGO_SECRET_KEY, "
                "TRANSLATE_LETTER_PAPAGO_URL")

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        client_id, secret = _credentials(config, self.name, "PAPAGO_CLIENT_ID",
                                         "PAPAGO_SECRET_KEY")
        return {"client_id": client_id, "secret_key": secret}


class QcriEngine(DeepTranslatorEngine):
    name = "qcri"
    title = "QCRI Machine Translation"
    translator_name = "QcriTranslator"
    hosts = ("mt.qcri.org",)
    languages = QCRI_LANGUAGE_TO_CODE
    needs_key = "yes"
    key_variables = ("QCRI_API_KEY",)
    settings = "--api-key / QCRI_API_KEY, QCRI_DOMAIN (general), TRANSLATE_LETTER_QCRI_URL"

    def call_options(self) -> dict[str, Any]:
        return {"domain": self.config.environ.get("QCRI_DOMAIN", "general")}


class BaiduEngine(DeepTranslatorEngine):
    name = "baidu"
    title = "Baidu Translate"
    translator_name = "BaiduTranslator"
    hosts = ("fanyi-api.baidu.com",)
    languages = BAIDU_LANGUAGE_TO_CODE
    max_chars = 2000  # Baidu limits a request to 6,000 bytes
    needs_key = "yes"
    settings = "--api-key APPID:APPKEY / BAIDU_APPID and BAIDU_APPKEY, TRANSLATE_LETTER_BAIDU_URL"

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        appid, appkey = _credentials(config, self.name, "BAIDU_APPID", "BAIDU_APPKEY")
        return {"appid": appid, "appkey": appkey}
