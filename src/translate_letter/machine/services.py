"""Engines over deep-translator's translators, with its gaps worked around.

deep-translator builds each request and reads each answer; this module adds what it lacks:
timeouts and pooled connections (see :mod:`.http`), one translator object per thread (its
translators keep the text of the current request in instance state, so one object cannot
serve two threads), language codes each service really accepts (its LibreTranslate table
lacks Persian, MyMemory wants ``fa-IR``, Papago's table is inverted), keys read when the
engine starts rather than when deep-translator is imported, and answers it passes through
although they are not translations (an empty text, MyMemory's quota warning).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import deep_translator
from deep_translator.constants import (
    BAIDU_LANGUAGE_TO_CODE,
    DEEPL_LANGUAGE_TO_CODE,
    GOOGLE_LANGUAGES_TO_CODES,
    MY_MEMORY_LANGUAGES_TO_CODES,
    PAPAGO_LANGUAGE_TO_CODE,
    QCRI_LANGUAGE_TO_CODE,
)
from deep_translator.exceptions import (
    ApiKeyException,
    AuthorizationException,
    BaiduAPIerror,
    BaseError,
    MicrosoftAPIerror,
    RequestError,
    ServerException,
    TooManyRequests,
)

from ..errors import UserError
from .engines import (
    EngineBusy,
    EngineConfig,
    EngineError,
    EngineRefused,
    EngineRejected,
    MachineTranslator,
    engine_code,
    unsupported,
)
from .http import HttpClient, install_transport

# What deep-translator raises for an answer it cannot use: its own exception types, and the
# errors of reading a JSON or HTML answer that does not have the expected shape.
_BAD_ANSWER = (BaseError, RequestError, ServerException, MicrosoftAPIerror, BaiduAPIerror,
               ValueError, KeyError, IndexError, TypeError, AttributeError, StopIteration)


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text[:120]}" if text else name


class DeepTranslatorEngine(MachineTranslator):
    """A translator of deep-translator driven through an :class:`HttpClient`."""

    translator_name: ClassVar[str]
    hosts: ClassVar[tuple[str, ...]] = ()
    languages: ClassVar[Mapping[str, str]] = GOOGLE_LANGUAGES_TO_CODES
    takes_url: ClassVar[bool] = True
    key_variables: ClassVar[tuple[str, ...]] = ()  # where the key is when --api-key is not

    def __init__(self, config: EngineConfig) -> None:
        install_transport()
        if config.url and not self.takes_url:
            raise UserError(f"engine {self.name} does not take --url")
        super().__init__(config)
        self.options = self.translator_options(config)
        self.http = HttpClient(config.timeout, self.base_url(config), self.hosts)
        self.codes: dict[str, str] = {}
        self._local = threading.local()

    @classmethod
    def url_variable(cls) -> str:
        return f"TRANSLATE_LETTER_{cls.name.upper()}_URL"

    def base_url(self, config: EngineConfig) -> str | None:
        """Where to send requests instead of the address deep-translator has built in."""
        return config.setting(config.url, self.url_variable())

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        """Keyword arguments of the deep-translator class (keys, URLs)."""
        if not self.key_variables:
            return {}
        key = config.setting(config.api_key, *self.key_variables)
        if not key:
            raise UserError(f"engine {self.name} needs --api-key or {self.key_variables[0]}")
        return {"api_key": key}

    def call_options(self) -> dict[str, Any]:
        return {}

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

    def new_translator(self, source: str, target: str) -> Any:
        # deep-translator checks codes against its own tables when a translator is built, and
        # they lack Persian for LibreTranslate and map Papago's backwards: build it with "auto",
        # which passes that check, then set the codes :meth:`prepare` checked.
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

    def translate(self, text: str, source: str, target: str) -> str:
        with self.http.bound():
            try:
                result = self._translator(source, target).translate(text, **self.call_options())
                self.check_answer()
            except EngineError:
                raise
            except (ApiKeyException, AuthorizationException) as exc:
                raise EngineRefused(_describe(exc)) from None
            except TooManyRequests:
                raise EngineBusy(429) from None
            except _BAD_ANSWER as exc:
                raise EngineRejected(_describe(exc)) from None
        if not isinstance(result, str) or not result.strip():
            raise EngineRejected("empty answer")
        return result

    def check_answer(self) -> None:
        """Raise :class:`EngineError` for an answer that parses but is not a translation."""

    def close(self) -> None:
        self.http.close()


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
    title = "Google Translate (web)"
    translator_name = "GoogleTranslator"
    hosts = ("translate.google.com",)
    max_chars = 4999  # deep-translator refuses 5,000 characters and more
    settings = "TRANSLATE_LETTER_GOOGLE_URL"


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


class LibreTranslateEngine(DeepTranslatorEngine):
    name = "libretranslate"
    title = "LibreTranslate (public or self-hosted)"
    translator_name = "LibreTranslator"
    needs_key = "public server only"
    settings = "--url / LIBRETRANSLATE_URL, --api-key / LIBRE_API_KEY"
    PUBLIC = "https://libretranslate.com/"

    def __init__(self, config: EngineConfig) -> None:
        self.server = _with_slash(config.setting(config.url, "LIBRETRANSLATE_URL") or self.PUBLIC)
        self.key = config.setting(config.api_key, "LIBRE_API_KEY")
        if self.server == self.PUBLIC and not self.key:
            raise UserError("engine libretranslate: the public server needs --api-key (or "
                            "LIBRE_API_KEY); give a self-hosted server with --url")
        super().__init__(config)

    def base_url(self, config: EngineConfig) -> str | None:
        return None  # the server is deep-translator's custom_url

    @property
    def where(self) -> str:
        return self.server

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        # deep-translator will not start without a key, even for a server that needs none.
        return {"api_key": self.key or "none", "custom_url": self.server}

    def new_translator(self, source: str, target: str) -> Any:
        translator = super().new_translator(source, target)
        translator.api_key = self.key  # None: no key is sent
        return translator

    def prepare(self, source: str, targets: Sequence[str]) -> None:
        # Ask the server which languages it has: deep-translator's fixed list lacks Persian.
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


def _with_slash(url: str) -> str:
    """deep-translator appends ``translate`` to the server address as it is."""
    return url if url.endswith("/") else url + "/"


class DeeplEngine(DeepTranslatorEngine):
    name = "deepl"
    title = "DeepL API"
    translator_name = "DeeplTranslator"
    hosts = ("api.deepl.com", "api-free.deepl.com")
    languages = DEEPL_LANGUAGE_TO_CODE
    needs_key = "yes"
    key_variables = ("DEEPL_API_KEY",)
    settings = "--api-key / DEEPL_API_KEY, TRANSLATE_LETTER_DEEPL_URL"

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        options = super().translator_options(config)
        options["use_free_api"] = options["api_key"].endswith(":fx")  # DeepL's free-key suffix
        return options


class MicrosoftEngine(DeepTranslatorEngine):
    name = "microsoft"
    title = "Microsoft Translator"
    translator_name = "MicrosoftTranslator"
    hosts = ("api.cognitive.microsofttranslator.com",)
    needs_key = "yes"
    key_variables = ("MICROSOFT_API_KEY",)
    settings = "--api-key / MICROSOFT_API_KEY, MICROSOFT_REGION, TRANSLATE_LETTER_MICROSOFT_URL"

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        options = super().translator_options(config)
        if config.environ.get("MICROSOFT_REGION"):
            options["region"] = config.environ["MICROSOFT_REGION"]
        return options

    def prepare(self, source: str, targets: Sequence[str]) -> None:
        # The service lists its languages; deep-translator fetches them when it starts.
        with self.http.bound():
            try:
                table = getattr(deep_translator, self.translator_name)(
                    **self.options).get_supported_languages(as_dict=True)
            except EngineError:
                raise
            except _BAD_ANSWER as exc:
                raise UserError(f"engine {self.name}: cannot list languages "
                                f"({_describe(exc)})") from None
        self.set_codes(table, source, targets)


class ChatGptEngine(DeepTranslatorEngine):
    name = "chatgpt"
    title = "ChatGPT (OpenAI API)"
    translator_name = "ChatGptTranslator"
    needs_key = "yes"
    takes_url = False
    key_variables = ("OPENAI_API_KEY", "OPEN_API_KEY")  # the second is deep-translator's name
    settings = "--api-key / OPENAI_API_KEY; needs the openai package (before 1.0)"

    def translator_options(self, config: EngineConfig) -> dict[str, Any]:
        if importlib.util.find_spec("openai") is None:
            raise UserError("engine chatgpt needs the openai package: pip install 'openai<1'")
        return super().translator_options(config)


class YandexEngine(DeepTranslatorEngine):
    name = "yandex"
    title = "Yandex Translate"
    translator_name = "YandexTranslator"
    hosts = ("translate.yandex.net",)
    needs_key = "yes"
    key_variables = ("YANDEX_API_KEY",)
    settings = "--api-key / YANDEX_API_KEY, TRANSLATE_LETTER_YANDEX_URL"


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


# deep-translator's Pons and Linguee are word dictionaries (50 characters at most), not
# sentence translators, so they are not offered.
SERVICES: tuple[type[DeepTranslatorEngine], ...] = (
    GoogleEngine, MyMemoryEngine, LibreTranslateEngine, DeeplEngine, MicrosoftEngine,
    ChatGptEngine, YandexEngine, PapagoEngine, QcriEngine, BaiduEngine,
)
