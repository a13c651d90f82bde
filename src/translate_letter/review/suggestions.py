"""Machine suggestions for an entry of the editor, from the engines the maintainer offers."""

from __future__ import annotations

from ..accounts import Account
from ..machine.suggest import MachineSuggestions
from .workspace import ReviewError, Workspace


def machine_suggestions(workspace: Workspace, machines: MachineSuggestions, account: Account,
                        doc: str, lang: str, eid: str) -> list[dict]:
    """``{engine, translation, origin, missing, error}`` from each offered engine for the
    source of entry ``eid``."""
    cat = workspace._readable(account, doc, lang)
    entry = workspace._entry(cat, eid)
    if entry.plural:
        raise ReviewError("plural entries are edited in a PO editor, not here")
    return [s.as_dict() for s in machines.suggest(entry.message.id, lang)]
