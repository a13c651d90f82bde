"""The engine interface: what every machine translator and the translation memory offer."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from babel import Locale

from ..errors import UserError

DEFAULT_TIMEOUT = 10.0
DEFAULT_THRESHOLD = 75.0


class EngineError(Exception):
    """One request to an engine failed; subclasses say whether trying again can help."""

    retry_after: float | None = None
    transient = False


class EngineTimeout(EngineError):
    """The engine did not answer within the request timeout."""

    transient = True


class EngineBusy(EngineError):
    """The engine answered 429 or 5xx: try again later (``retry_after`` seconds if it said)."""

    transient = True

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class EngineUnreachable(EngineError):
    """No connection to the engine (refused, unknown host, no network)."""


class EngineRefused(EngineError):
    """The engine refused the credentials: no request can succeed."""


class EngineRejected(EngineError):
    """The engine could not translate this text (bad answer, text refused)."""


@dataclass(frozen=True)
class EngineConfig:
    """Everything an engine may take from the command line or the environment."""

    url: str | None = None
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    source_language: str = "en"
    locales_dir: Path | None = None
    memory_files: tuple[Path, ...] = ()
    threshold: float = DEFAULT_THRESHOLD

    def setting(self, option: str | None, *variables: str) -> str | None:
        """The command-line value if given, else the first environment variable that is set."""
        if option:
            return option
        return next((self.environ[v] for v in variables if self.environ.get(v)), None)


class Engine(ABC):
    """An engine turns English segments into drafts for the target languages."""

    name: ClassVar[str]
    title: ClassVar[str]
    needs_key: ClassVar[str] = "no"
    offline: ClassVar[bool] = False
    settings: ClassVar[str] = ""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config

    @abstractmethod
    def prepare(self, source: str, targets: Sequence[str]) -> None:
        """Check that the engine translates ``source`` into ``targets`` and load what it needs;
        bad input or an unsupported language is a :class:`UserError`."""

    def close(self) -> None:
        """Release connections and files (an engine that holds none has nothing to do)."""
        return


class MachineTranslator(Engine):
    """An engine that translates text by requests to a service."""

    # Longest text one request may carry; longer segments are cut at sentence boundaries.
    max_chars: ClassVar[int | None] = None

    @abstractmethod
    def translate(self, text: str, source: str, target: str) -> str:
        """Translate one piece of text; raises :class:`EngineError` when the request fails."""

    @property
    def where(self) -> str:
        """The service address, for messages."""
        return self.name


def language_name(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).english_name or code
    except (ValueError, TypeError):
        return code


def engine_code(lang: str, table: Mapping[str, str]) -> str | None:
    """The code an engine uses for ``lang``, looked up in its language-name → code table.

    Engines spell languages their own way (MyMemory ``fa-IR``, Baidu ``fra``), so try the
    code itself, then the English name, then a regional variant of the code.
    """
    codes = set(table.values())
    if lang in codes:
        return lang
    lowered = {name.lower(): code for name, code in table.items()}
    name = language_name(lang).lower()
    if name in lowered:
        return lowered[name]
    regional = sorted(c for c in codes if c.lower().split("-")[0] == lang.lower())
    return regional[0] if regional else None


def unsupported(engine: str, lang: str) -> UserError:
    return UserError(f"engine {engine} does not translate {language_name(lang)} ({lang})")
