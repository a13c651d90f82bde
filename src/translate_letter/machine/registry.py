"""Every engine by name, as ``pretranslate --engine`` and ``--list-engines`` know them."""

from __future__ import annotations

from ..core.errors import UserError
from .deep import DEEP_SERVICES, GoogleEngine
from .engines import Engine, EngineConfig
from .llm import LlmEngine
from .memory import MemoryEngine
from .services import BATCH_SERVICES

DEFAULT_ENGINE = "google"
ENGINES: dict[str, type[Engine]] = {
    engine.name: engine
    for engine in (GoogleEngine, *BATCH_SERVICES, *DEEP_SERVICES, LlmEngine, MemoryEngine)
}


def open_engine(name: str, config: EngineConfig) -> Engine:
    """The engine called ``name``, set up from ``config``; an unknown name is a user error."""
    try:
        engine = ENGINES[name]
    except KeyError:
        raise UserError(f"unknown engine {name!r} (one of {', '.join(ENGINES)}; "
                        "see --list-engines)") from None
    return engine.open(config)


def engine_table() -> list[dict[str, str]]:
    """One row per engine: name, what it is, whether it needs a key, whether it works offline."""
    return [
        {"name": name, "title": engine.title, "key": engine.needs_key,
         "offline": "yes" if engine.offline else "no", "settings": engine.settings}
        for name, engine in ENGINES.items()
    ]
