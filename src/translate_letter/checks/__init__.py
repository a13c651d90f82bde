"""Quality checks on translated catalogs.

Each check is a small function registered with an id, a level (``error`` blocks approval,
``warning`` informs) and a description; :data:`CHECKS` lists them in the order they run.
The modules that register them are found in the ``translate_letter.checks`` entry-point
group, so a site adds a check from its own package.
A reviewer marks a finding as intended with a ``# qa-intended: CHECK_ID`` translator comment
(:func:`mark_intended`), which ``msgmerge`` and ``update`` keep.
"""

from __future__ import annotations

from ..core.plugins import CHECKS as GROUP
from ..core.plugins import load, registered
from .context import CheckContext, NamesIndex, TranslationsIndex
from .registry import CHECKS, ERROR, LEVELS, WARNING, Check, entry_check, pair_check
from .run import (
    Finding,
    catalog_files,
    check_catalog,
    check_entry,
    has_errors,
    intended_checks,
    mark_intended,
    run_checks,
    summary,
    unmark_intended,
)

__all__ = [
    "CHECKS", "ERROR", "LEVELS", "WARNING", "Check", "CheckContext", "Finding", "NamesIndex",
    "TranslationsIndex", "catalog_files", "check_catalog", "check_entry", "has_errors",
    "intended_checks", "mark_intended", "run_checks", "summary", "unmark_intended",
    "entry_check", "pair_check",
]

# The check modules of the translate_letter.checks entry-point group register their checks
# (with entry_check and pair_check) when they are imported: the package's own, and a
# site's from its own package.
for _point in registered(GROUP).values():
    load(GROUP, _point)
