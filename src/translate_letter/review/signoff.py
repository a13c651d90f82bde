"""Sign-off of many entries at once: a paragraph, or everything a reviewer has read.

Each entry is approved through the same save as a single approval, at the version the
reviewer read: its QA, the roles and the conflict rule are judged one entry at a time, and
what is not approved comes back with the reason.
"""

from __future__ import annotations

from ..accounts import Account
from ..catalog.states import State
from ..errors import N_
from .errors import Conflict, Forbidden, NotFound, ReviewError, SaveKept
from .workspace import Workspace

MAX_SIGNOFF = 20_000


def approve_entries(workspace: Workspace, account: Account, doc: str, lang: str,
                    wanted: list) -> list[dict]:
    """Approve each ``{"id", "version"}`` of ``wanted`` with its current translation.

    Returns ``{id, approved, refusal, entry}`` per item, in order: ``entry`` is the entry as
    it now is (its new version when approved), ``refusal`` the :class:`ReviewError` that
    says why it was not approved (or why an approval's PO file is late), else None.
    """
    cat = workspace.policy.readable(account, doc, lang)
    if not account.can_review(lang):
        raise Forbidden(N_("%(name)s may not approve %(lang)s translations"),
                        name=account.name, lang=lang)
    items = _items(wanted)
    results = []
    for eid, version in items:
        entry = cat.entries.get(eid)
        if entry is None:
            results.append({"id": eid, "approved": False, "entry": None, "refusal": NotFound(
                N_("no entry %(id)s in %(doc)s (%(lang)s)"), id=eid, doc=doc, lang=lang)})
            continue
        if not entry.translation:
            results.append({"id": eid, "approved": False, "entry": workspace._data(cat, entry),
                            "refusal": ReviewError(N_("not translated yet"))})
            continue
        try:
            data = workspace.save(account, doc, lang, eid, entry.translation,
                                  str(State.APPROVED), version)
        except SaveKept as exc:  # approved; its PO file is only late
            results.append({"id": eid, "approved": True, "refusal": exc, "entry": exc.entry})
        except Conflict as exc:  # ``entry``: the new text, to be read first
            results.append({"id": eid, "approved": False, "refusal": exc, "entry": exc.entry})
        except ReviewError as exc:
            results.append({"id": eid, "approved": False, "refusal": exc,
                            "entry": workspace._data(cat, entry)})
        else:
            results.append({"id": eid, "approved": True, "refusal": None, "entry": data})
    return results


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
