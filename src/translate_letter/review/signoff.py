"""Sign-off of many entries at once: a paragraph, or everything a reviewer has read.

Only what a person wrote is approved this way: translated entries, never drafts (a draft is
approved by someone who opens it), and under four eyes never the reviewer's own texts.  Each
entry passes the approval rules on its own (QA, roles, the version read); the approvals are
kept in one journal transaction and the audit trail holds one event with their count.
"""

from __future__ import annotations

from ..accounts import Account
from ..core.errors import N_
from .errors import ReviewError
from .workspace import Workspace

MAX_SIGNOFF = 20_000


def approve_entries(workspace: Workspace, account: Account, doc: str, lang: str,
                    wanted: list) -> list[dict]:
    """Approve each ``{"id", "version"}`` of ``wanted`` with its current translation.

    Returns ``{id, approved, refusal, entry}`` per item, in order: ``entry`` is the entry as
    it now is (its new version when approved), ``refusal`` the :class:`ReviewError` that
    says why it was not approved (or why an approval's PO file is late), else None.
    """
    return workspace.approve_many(account, doc, lang, _items(wanted))


def _items(wanted: list) -> list[tuple[str, int]]:
    """``(id, version)`` pairs from the request, or a :class:`ReviewError` naming the fault."""
    if len(wanted) > MAX_SIGNOFF:
        raise ReviewError(N_("at most %(count)s entries are approved at once"),
                          count=MAX_SIGNOFF)
    items = []
    for item in wanted:
        if (not isinstance(item, dict) or set(item) != {"id", "version"}
                or not isinstance(item["id"], str) or type(item["version"]) is not int):
            raise ReviewError('each entry to approve is {"id": string, "version": integer}')
        items.append((item["id"], item["version"]))
    return items
