"""The engine interface: what every machine translator and the translation memory offer."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..catalog.states import mt_origin
from ..core.config import OPTIONS
from ..core.errors import UserError
from ..languages import profile

DEFAULT_TIMEOUT = 10.0
DEFAULT_THRESHOLD = float(OPTIONS["memory-threshold"].default)  # type: ignore[arg-type]


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
    """Everything an engine may take from the command line, the settings or the environment."""

    url: str | None = None
    api_key: str | None = None
    model: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    source_language: str = "en"
    locales_dir: Path | None = None
    memory_files: tuple[Path, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    instructions: str | None = None  # the llm engine's instructions, replacing its own

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

    @classmethod
    def open(cls, config: EngineConfig) -> Engine:
        """The engine set up from ``config`` (an engine may hand over to a variant)."""
        return cls(config)

    @abstractmethod
    def prepare(self, source: str, targets: Sequence[str]) -> None:
        """Check that the engine translates ``source`` into ``targets`` and load what it needs;
        bad input or an unsupported language is a :class:`UserError`."""

    def close(self) -> None:
        """Release connections and files (an engine that holds none has nothing to do)."""
        return


@dataclass(frozen=True)
class Passage:
    """Where segments stand in their document: their paragraph and its neighbours."""

    paragraph: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Request:
    """Texts sent to an engine together, all from ``source`` into ``target``.

    The texts are masked: protected tokens are placeholders ``{1}``, ``{2}``… that must come
    back.  An engine that reads context gets the paragraph the texts come from and the
    glossary entries that occur in them ((English, rendering) pairs).
    """

    source: str
    target: str
    texts: tuple[str, ...]
    passage: Passage | None = None
    terms: tuple[tuple[str, str], ...] = ()


class MachineTranslator(Engine):
    """An engine that translates text by requests to a service."""

    # Longest text one item may be; longer segments are cut at sentence boundaries.
    max_chars: ClassVar[int | None] = None
    # How many texts and characters one request may carry (the service's own limits).
    batch_items: ClassVar[int] = 1
    batch_chars: ClassVar[int | None] = None
    # Whether requests should group the segments of a paragraph and carry its neighbours.
    reads_context: ClassVar[bool] = False
    # Whether glossary terms are masked (and restored as the glossary writes them) rather
    # than given to the engine as terms to use.
    masks_terms: ClassVar[bool] = True

    @abstractmethod
    def translate(self, request: Request) -> list[str | None]:
        """One translation per text of ``request``, in order (None for a text the answer
        left out); raises :class:`EngineError` when the request fails or its answer cannot
        be read."""

    @property
    def origin(self) -> str:
        """The provenance of its drafts: ``mt:ENGINE``."""
        return mt_origin(self.name)

    def suspect_context(self, text: str, passage: Passage | None) -> str | None:
        """The text that a request for ``text`` (in ``passage``) would carry and that the
        engine might take for instructions to it, or None.  Only a language model reads its
        input as instructions; a translation engine translates whatever it gets."""
        return None

    @property
    def cache_name(self) -> str:
        """Whose answers these are in the cache: the engine, and whatever changes them."""
        return self.name

    @property
    def where(self) -> str:
        """The service address, for messages."""
        return self.name


def engine_code(lang: str, table: Mapping[str, str]) -> str | None:
    """The code an engine uses for ``lang``, looked up in its language-name → code table.

    Engines spell languages their own way (MyMemory ``fa-IR``, Baidu ``fra``), so try the
    code itself, then the English name, then a regional variant of the code.
    """
    codes = set(table.values())
    if lang in codes:
        return lang
    lowered = {name.lower(): code for name, code in table.items()}
    name = profile(lang).english_name.lower()
    if name in lowered:
        return lowered[name]
    regional = sorted(c for c in codes if c.lower().split("-")[0] == lang.lower())
    return regional[0] if regional else None


def unsupported(engine: str, lang: str) -> UserError:
    return UserError(f"engine {engine} does not translate {profile(lang).english_name} ({lang})")
