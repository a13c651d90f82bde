"""The check registry: every QA check with its id, level and what it looks for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import CheckContext
    from .entry import CheckedEntry, Pair

ERROR = "error"
WARNING = "warning"
LEVELS = (ERROR, WARNING)
# The order checks are listed and run in: what must survive translation first.
GROUPS = ("numbers", "symbols", "format", "glossary", "script", "punctuation", "whitespace",
          "completeness")

EntryFunction = Callable[["CheckedEntry", "CheckContext"], "str | None"]
PairFunction = Callable[["Pair", "CheckedEntry", "CheckContext"], "str | None"]


@dataclass(frozen=True)
class Check:
    """One QA check: ``run`` returns a one-line message naming what is wrong, or None.

    ``restates_state``: the finding only says what the entry's state already says (a
    draft is unreviewed); ``check`` lists it, the editor shows the state instead."""

    id: str
    level: str
    group: str
    description: str
    run: EntryFunction
    restates_state: bool = False

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "level": self.level, "group": self.group,
                "description": self.description}


CHECKS: dict[str, Check] = {}


def _register(check: Check) -> None:
    if check.id in CHECKS:
        raise ValueError(f"check {check.id!r} registered twice")
    if check.level not in LEVELS:
        raise ValueError(f"check {check.id!r}: level must be one of {', '.join(LEVELS)}")
    ordered = sorted([*CHECKS.values(), check], key=_place)
    CHECKS.clear()
    CHECKS.update((c.id, c) for c in ordered)


def _place(check: Check) -> int:
    """Where a check runs: by its group, a site's own group after the package's."""
    return GROUPS.index(check.group) if check.group in GROUPS else len(GROUPS)


def entry_check(id: str, level: str, group: str, description: str,
                restates_state: bool = False) -> Callable[[EntryFunction], EntryFunction]:
    """Register a check that looks at the whole entry (state, plural forms, other entries)."""

    def register(function: EntryFunction) -> EntryFunction:
        _register(Check(id, level, group, description, function, restates_state))
        return function

    return register


def pair_check(id: str, level: str, group: str, description: str
               ) -> Callable[[PairFunction], PairFunction]:
    """Register a check that compares each translated form with its source text.

    For a plural entry the first form found wrong is reported, named by its index.
    """

    def register(function: PairFunction) -> PairFunction:
        def run(entry: CheckedEntry, context: CheckContext) -> str | None:
            for pair in entry.pairs:
                message = function(pair, entry, context)
                if message:
                    return f"form {pair.index}: {message}" if entry.plural else message
            return None

        _register(Check(id, level, group, description, run))
        return function

    return register
