"""What the review app changes: a save, the sign-off of many entries, a QA finding marked
intended, a comment.

The :class:`~.policy.Policy` holds the rules of each change and records it through the
store and the journal; a command adds what follows from it: the audit trail, the effect
on what the public reads (:class:`~.publishing.Publishing`), and the answer, the entry as
it now is (:class:`~.views.EntryView`).  A save whose PO file cannot be written yet is
kept and answered with :class:`~.errors.SaveKept`.

**Sign-off.**  Only what a person wrote is approved many at a time: translated entries,
never drafts (a draft is approved by someone who opens it), and under four eyes never the
reviewer's own texts.  Each entry passes the approval rules on its own (QA, roles, the
version read); the approvals are kept in one journal transaction and the audit trail holds
one event with their count.
"""

from __future__ import annotations

from ..accounts import Account, audit
from ..accounts.audit import saved as audit_save
from ..catalog.states import APPROVED, State, comment_values
from ..core.errors import N_
from .errors import ReviewError, SaveKept, Unavailable
from .store import CatalogState, StoredEntry
from .views import EntryView, SignOffResult
from .workspace import Workspace

MAX_SIGNOFF = 20_000


class Commands:
    """The review's changes over one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def save(self, account: Account, doc: str, lang: str, eid: str, translation: str,
             state: str, version: int, origin: str | None = None) -> EntryView:
        """Save a translation durably; returns the entry with its new version."""
        workspace = self.workspace
        with workspace.public:
            before = workspace.entry_state(doc, lang, eid)
            cat, saved = workspace.policy.save(account, doc, lang, eid, translation, state,
                                               version, origin)
            seq = audit_save(workspace.db, account.name, doc, lang, eid, saved.state)
            if saved.state != before or seq is not None:
                self._settle(doc, lang, account, saved.state, eid, seq)
        return self._kept(cat, saved)

    def sign_off(self, account: Account, doc: str, lang: str,
                 items: list[tuple[str, int]]) -> list[SignOffResult]:
        """Approve each ``(id, version)`` of ``items`` with its current translation, if the
        rules let ``account`` (see the module's docstring).  One result per item, in order:
        the entry as it now is, and why it was not approved (or why the approvals' PO file
        is late)."""
        if len(items) > MAX_SIGNOFF:
            raise ReviewError(N_("at most %(count)s entries are approved at once"),
                              count=MAX_SIGNOFF)
        workspace = self.workspace
        with workspace.public:
            cat, results = workspace.policy.approve_many(account, doc, lang, items)
            approved = [r for r in results if r.refusal is None]
            publishing = workspace.publishing
            fields = publishing.fields(publishing.edition(doc, lang))
            seq = audit.record(workspace.db, "bulk-approved", account.name,
                               f"{doc}/{lang}: {len(approved)} of {len(results)} approved",
                               fields | {"asked": len(results), "approved": len(approved)})
            if approved:
                self._settle(doc, lang, account, str(State.APPROVED), None, seq, len(approved))
        for result in approved:
            # An approval changes a text's findings only through an earlier approval it
            # replaces (one left over from another text is a finding): with none, the
            # findings judged for the approval stay the entry's.
            if not comment_values(result.judged.message, APPROVED):
                result.entry._findings = result.judged._findings
        late = _late(cat)
        view = workspace.view
        return [SignOffResult(r.id, r.refusal is None,
                              late if r.refusal is None else r.refusal,
                              None if r.entry is None else view(cat, r.entry))
                for r in results]

    def mark_intended(self, account: Account, doc: str, lang: str, eid: str, check: str,
                      intended: bool, version: int) -> EntryView:
        """Mark a QA finding on an entry as intended, or withdraw the mark."""
        return self._kept(*self.workspace.policy.mark_intended(
            account, doc, lang, eid, check, intended, version))

    def add_comment(self, account: Account, doc: str, lang: str, eid: str, text: str) -> dict:
        """Keep a comment on an entry: ``{id, user, at, text}``."""
        return self.workspace.policy.add_comment(account, doc, lang, eid, text)

    def _settle(self, doc: str, lang: str, account: Account, state: str, eid: str | None,
                seq: int | None, entries: int = 1) -> None:
        """Record what a change made of the public state: an approval (the audit event
        ``seq``) that completes a language, a save that takes one below the rule.  Such a
        change reaches the PO file, which the public pages are made of, at once."""
        workspace = self.workspace
        if state == State.APPROVED:
            approval = {"audit": seq, "account": account.name} | (
                {"entry": eid} if eid else {"entries": entries})
            changed = workspace.publishing.settle(
                doc, lang, account.name, {"cause": "approval", "approval": approval},
                f"after the approval #{seq} by {account.name}")
        else:
            changed = workspace.publishing.settle(
                doc, lang, account.name,
                {"cause": "save", "save": {"account": account.name, "entry": eid,
                                           "state": state}},
                f"after {account.name} saved entry {eid} as {state}")
        if changed is not None:
            try:
                workspace.flush(doc, lang)
            except Unavailable:
                pass  # kept in the journal; the flusher writes it as soon as it can

    def _kept(self, cat: CatalogState, entry: StoredEntry) -> EntryView:
        """The saved entry; a :class:`SaveKept` when its PO file cannot be written now."""
        view = self.workspace.view(cat, entry)
        late = _late(cat, view)
        if late is not None:
            raise late
        return view


def _late(cat: CatalogState, view: EntryView | None = None) -> SaveKept | None:
    """Why the saves of ``cat`` are not in its PO file yet, when they are not."""
    if cat.write_error is None:
        return None
    return SaveKept(N_("the save is kept in the review journal and will be written to "
                       "%(file)s as soon as it can be (%(reason)s)"), view,
                    file=cat.path.name, reason=cat.write_error)
