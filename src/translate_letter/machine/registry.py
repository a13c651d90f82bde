"""Every engine by name, as ``pretranslate --engine`` and ``--list-engines`` know them: the
``translate_letter.engines`` entry-point group (the package registers its own there, and a
site adds one from its own package, see :mod:`translate_letter.core.plugins`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from ..core.errors import UserError
from ..core.plugins import ENGINES as GROUP
from ..core.plugins import load, registered
from .engines import Engine, EngineConfig

DEFAULT_ENGINE = "google"


class _Engines(Mapping[str, type[Engine]]):
    """The registered engines, each loaded when first asked for (an engine's module may
    import a client library a command does not need)."""

    def __getitem__(self, name: str) -> type[Engine]:
        return _engine(name)

    def __iter__(self) -> Iterator[str]:
        return iter(registered(GROUP))

    def __len__(self) -> int:
        return len(registered(GROUP))

    def __contains__(self, name: object) -> bool:
        return name in registered(GROUP)


@cache
def _engine(name: str) -> type[Engine]:
    point = registered(GROUP)[name]  # KeyError for an unknown name, as a mapping says
    engine = load(GROUP, point, Engine)
    if engine.name != name:  # type: ignore[attr-defined]
        raise UserError(f"engine {name!r} ({point.value}) calls itself "
                        f"{engine.name!r}")  # type: ignore[attr-defined]
    return engine  # type: ignore[return-value]


ENGINES: Mapping[str, type[Engine]] = _Engines()


def open_engine(name: str, config: EngineConfig) -> Engine:
    """The engine called ``name``, set up from ``config``; an unknown name is a user error."""
    if name not in ENGINES:
        raise UserError(f"unknown engine {name!r} (one of {', '.join(ENGINES)}; "
                        "see --list-engines)")
    return ENGINES[name].open(config)


def engine_table() -> list[dict[str, str]]:
    """One row per engine: name, what it is, whether it needs a key, whether it works offline."""
    return [
        {"name": name, "title": engine.title, "key": engine.needs_key,
         "offline": "yes" if engine.offline else "no", "settings": engine.settings}
        for name, engine in ENGINES.items()
    ]
