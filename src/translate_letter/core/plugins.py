"""Parts a site adds without editing the package, registered in entry-point groups as Babel
registers its extractors: language profiles (``translate_letter.languages``), machine
engines (``translate_letter.engines``) and QA checks (``translate_letter.checks``).

A site's part of a name replaces the package's own; two sites registering one name is an
error naming both.  A part that cannot be loaded is a one-line :class:`UserError` naming
it, its group and why.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points

from .errors import UserError

LANGUAGES = "translate_letter.languages"
ENGINES = "translate_letter.engines"
CHECKS = "translate_letter.checks"
PACKAGE = "translate-letter"
_KINDS = {LANGUAGES: "language profile", ENGINES: "engine", CHECKS: "check module"}


def _distribution(point: EntryPoint) -> str:
    return point.dist.name if point.dist is not None else ""


@cache
def registered(group: str) -> dict[str, EntryPoint]:
    """Each name of ``group`` with the entry point that provides it: a site's before the
    package's own (in the order the package lists its own)."""
    chosen: dict[str, EntryPoint] = {}
    for point in entry_points(group=group):
        other = chosen.get(point.name)
        if other is None or _distribution(other) == PACKAGE:
            chosen[point.name] = point
        elif _distribution(point) != PACKAGE:
            raise UserError(f"two {_KINDS[group]}s {point.name!r}: {other.value} and "
                            f"{point.value} (uninstall one)")
    return chosen


def load(group: str, point: EntryPoint, base: type | None = None) -> object:
    """What ``point`` names, loaded; with ``base``, it must be a subclass of it."""
    where = f"{_KINDS[group]} {point.name!r} ({point.value})"
    try:
        loaded = point.load()
    except Exception as exc:  # a site's module may fail in any way: say which and why
        raise UserError(f"{where} cannot be loaded: {type(exc).__name__}: {exc}") from None
    if base is not None and not (isinstance(loaded, type) and issubclass(loaded, base)):
        raise UserError(f"{where} is not a subclass of {base.__module__}.{base.__qualname__}")
    return loaded
