"""Quality checks on translated catalogs.

Each check is a small function registered with an id, a level (``error`` blocks approval,
``warning`` informs) and a description; :data:`CHECKS` lists them in the order they run.
A reviewer marks a finding as intended with a ``# qa-intended: CHECK_ID`` translator comment
(:func:`mark_intended`), which ``msgmerge`` and ``update`` keep.
"""

from __future__ import annotations

# The check modules register their checks on import.
from . import completeness, content, punctuation, script, spacing, terms  # noqa: F401
from .context import CheckContext, NamesIndex, TranslationsIndex
from .registry import CHECKS, ERROR, LEVELS, WARNING, Check
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
]
