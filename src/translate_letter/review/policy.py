"""The review's rules: who may save, approve, mark a QA finding intended or comment, which
text may be stored, and when a save conflicts with a newer version.

Four eyes (on unless ``four-eyes = false``): an approval comes from someone other than the
text's last saver.  The app writes ``# translated: USER DATE`` (or ``# draft: team:USER``)
with every save, so the PO provenance names the last saver of every text saved in the app;
for a text changed outside the app the provenance decides, unless the journal shows that the
name it carries is the one the app wrote for an earlier text (a hand edit that left the
comment behind): then, as when no one is named, someone saves the text in the app before
another approves it.  A draft of a machine or of the project team names no account: the
reviewer who opens it may approve it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from babel.messages.catalog import Message

from ..accounts import Account, same_person
from ..catalog.entry import Entry, new_message
from ..catalog.msgfmt import MsgfmtMissing, format_flags, format_problems
from ..catalog.rules import forbidden_character, refuse_bad_text
from ..catalog.states import State, translator_of
from ..checks import CHECKS, intended_checks, mark_intended, unmark_intended
from ..core.errors import N_
from ..publish import checked_by_another
from .errors import Conflict, Forbidden, NotFound, ReviewError
from .journal import Journal, Save, VersionMoved, now
from .store import CatalogState, CatalogStore, StoredEntry, apply_save

SAVE_STATES = (str(State.TRANSLATED), str(State.APPROVED), str(State.DRAFT))
MAX_COMMENT_CHARS = 5_000
# Where a saved text came from, when a person took it from a suggestion.
SUGGESTION_ORIGIN = re.compile(r"(mt:[\w.:/@+-]{1,100}|memory:\d{1,3}%)( edited)?")

# QA findings of a message in a catalog; ``fresh``: judged against the catalog as it is now.
QA = Callable[[CatalogState, Message, bool], list[dict]]
# The entry as the editor shows it.
Describe = Callable[[CatalogState, StoredEntry], dict]
# QA findings of an entry as it stands, judged against the catalog as it is now.
Findings = Callable[[CatalogState, StoredEntry], list[dict]]


def normalize_translation(message: Message, text: str) -> str:
    """The translation as it will be stored, or a :class:`ReviewError` saying what is wrong.

    Refuses what would make ``msgfmt -c`` or the project's reader reject the catalog.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReviewError(N_("the translation is empty"))
    source = Entry(message).source
    refuse_bad_text(source, text)
    for where, test in (("begin", str.startswith), ("end", str.endswith)):
        if test(source, "\n") != test(text, "\n"):
            raise ReviewError(N_("the source and the translation must both begin with a "
                                 "line break, or neither") if where == "begin" else
                              N_("the source and the translation must both end with a "
                                 "line break, or neither"))
    problem = _format_problem(message, text)
    if problem:
        raise ReviewError(N_("format check failed: %(problem)s"), problem=problem)
    return text


def _format_problem(message: Message, text: str) -> str | None:
    """What ``msgfmt -c`` says about ``text`` for an entry with a ``*-format`` flag (nothing
    when msgfmt is not installed)."""
    flags = format_flags(message)
    if not flags:
        return None
    probe = new_message(message.id, text, flags=flags, context=message.context)
    try:
        return format_problems([probe], None).get(0)
    except MsgfmtMissing:
        return None


@dataclass(frozen=True)
class Approval:
    """What became of one entry of a sign-off: ``entry`` as it now is (None when there is no
    such entry), ``refusal`` why it was not approved (None: approved)."""

    id: str
    entry: StoredEntry | None
    refusal: ReviewError | None
    judged: StoredEntry | None = None  # the entry as it was judged, when approved


class Policy:
    """The review operations that change something, with their rules."""

    def __init__(self, store: CatalogStore, journal: Journal, qa: QA, describe: Describe,
                 four_eyes: bool, findings: Findings) -> None:
        self.store = store
        self.journal = journal
        self.qa = qa
        self.describe = describe
        self.four_eyes = four_eyes
        self.findings = findings

    def readable(self, account: Account, doc: str, lang: str) -> CatalogState:
        """The catalog, if ``account`` has a role for its language."""
        cat = self.store.catalog(doc, lang)
        if not account.can_edit(lang):
            raise Forbidden(N_("%(name)s has no role for the language %(lang)s"),
                            name=account.name, lang=lang)
        return cat

    def entry(self, cat: CatalogState, eid: str) -> StoredEntry:
        """The entry ``eid`` of ``cat``, or :class:`NotFound`."""
        entry = cat.entries.get(eid)
        if entry is None:
            raise NotFound(N_("no entry %(id)s in %(doc)s (%(lang)s)"), id=eid, doc=cat.doc,
                           lang=cat.lang)
        return entry

    def _current(self, cat: CatalogState, entry: StoredEntry, version: int) -> None:
        """A change must be based on the entry's current version, even when the newer one
        is the same person's (a second tab is a second editor)."""
        if version != entry.version:
            if entry.author:
                raise Conflict(N_("%(name)s saved this entry meanwhile"),
                               self.describe(cat, entry), name=entry.author)
            raise Conflict(N_("this entry was changed in the PO file meanwhile"),
                           self.describe(cat, entry))

    def save(self, account: Account, doc: str, lang: str, eid: str, translation: str,
             state: str, version: int,
             origin: str | None = None) -> tuple[CatalogState, StoredEntry]:
        """Save a translation durably; returns the catalog and the entry's new version.

        ``origin`` says where the person took the text from (a machine or memory
        suggestion); the history keeps it.
        """
        cat = self.readable(account, doc, lang)
        if state not in SAVE_STATES:
            raise ReviewError(f"state must be one of {', '.join(SAVE_STATES)}")
        if origin is not None and not SUGGESTION_ORIGIN.fullmatch(origin):
            raise ReviewError("origin must name a suggestion, such as 'mt:google' or "
                              "'memory:85%' (with ' edited' when the text was changed)")
        if state == State.APPROVED and not account.can_review(lang):
            raise Forbidden(N_("%(name)s may not approve %(lang)s translations"),
                            name=account.name, lang=lang)
        self.store.refresh(cat)
        with cat.lock:
            entry = self.entry(cat, eid)
            if entry.plural:
                raise ReviewError(N_("plural entries are edited in a PO editor, not here"))
            translation = normalize_translation(entry.message, translation)
            if entry.state == State.APPROVED and not account.can_review(lang):
                raise Forbidden(N_("only a reviewer may change an approved translation"))
            if (translation, state) == (entry.text, entry.state) and \
                    not self._answers_for(cat, entry, state):
                return cat, entry  # nothing to change: no version, no conflict
            self._current(cat, entry, version)
            if state == State.APPROVED:
                self.may_approve(account, cat, entry, translation != entry.text)
            message, change = self._change(cat, entry, account, translation, state, now(),
                                           origin)
            if state == State.APPROVED:
                self._passes_qa(cat, message)
            saved = self._record(cat, entry, message, change)
        return cat, saved

    def _record(self, cat: CatalogState, entry: StoredEntry, message: Message,
                save: Save) -> StoredEntry:
        """Keep a change of ``entry`` (caller holds ``cat.lock``); a :class:`Conflict` when
        another review process changed the entry meanwhile."""
        try:
            return self.store.record(cat, entry, message, save)
        except VersionMoved:
            self._moved(cat, entry)

    def _moved(self, cat: CatalogState, entry: StoredEntry) -> NoReturn:
        """The :class:`Conflict` of a change made on ``entry`` when the database holds
        another version of it (the store has taken in another process's save, if any)."""
        current = cat.entries.get(entry.id, entry)
        self._current(cat, current, entry.version)
        raise Conflict(N_("this entry was changed in the PO file meanwhile"),
                       self.describe(cat, current))

    @staticmethod
    def _change(cat: CatalogState, entry: StoredEntry, account: Account, translation: str,
                state: str, at: str, origin: str | None = None) -> tuple[Message, Save]:
        """The entry's message after ``account`` saves ``translation`` in ``state``, and the
        save the journal keeps."""
        message = entry.clone()
        apply_save(message, translation, state, account.name, at[:10])
        return message, Save(cat.doc, cat.lang, entry.id, entry.source,
                             message.context, entry.version + 1, account.name, at, state,
                             entry.text, translation, origin=origin)

    def _passes_qa(self, cat: CatalogState, message: Message,
                   findings: list[dict] | None = None) -> None:
        """Refuse the approval of ``message`` (its ``findings`` when they are known) while
        the checks find an error in it."""
        if findings is None:
            findings = self.qa(cat, message, True)
        errors = [f for f in findings if f["level"] == "error"]
        if errors:
            raise ReviewError(N_("QA errors block approval: %(errors)s"),
                              errors="; ".join(f"{f['check']}: {f['message']}"
                                               for f in errors))

    def approve_many(self, account: Account, doc: str, lang: str,
                     items: list[tuple[str, int]]) -> tuple[CatalogState, list[Approval]]:
        """Approve each ``(id, version)`` of ``items`` as it stands, if it is a person's
        translation that passes the approval rules; every approval in one journal
        transaction.  A draft is never approved here: someone opens it and approves it.

        Returns one :class:`Approval` per item, in order.
        """
        cat = self.readable(account, doc, lang)
        if not account.can_review(lang):
            raise Forbidden(N_("%(name)s may not approve %(lang)s translations"),
                            name=account.name, lang=lang)
        self.store.refresh(cat)
        # Judged without the lock (the checks take a while); approved under it, each entry
        # only if it is still the version judged.
        judged = [(eid, cat.entries.get(eid), version) for eid, version in items]
        outside = self.journal.changed_outside(doc, lang)
        refusals = [self._refusal(account, cat, eid, entry, version, outside)
                    for eid, entry, version in judged]
        at = now()
        with cat.lock:
            changes = []
            for index, (eid, entry, _) in enumerate(judged):
                if refusals[index] is not None:
                    continue
                current = cat.entries.get(eid)
                if current is not entry:  # re-read from its file meanwhile: judged again
                    refusals[index] = self._refusal(account, cat, eid, current,
                                                    entry.version, outside)
                    if refusals[index] is not None:
                        continue
                    entry = current
                changes.append((index, entry, *self._change(
                    cat, entry, account, entry.text, str(State.APPROVED), at)))
            while True:
                try:
                    saved = self.store.record_many(cat, [change[1:] for change in changes])
                    break
                except VersionMoved as moved:  # another process's saves: refused, the rest kept
                    for index, entry, *_ in changes:
                        if entry.id in moved.entries:
                            try:
                                self._moved(cat, entry)
                            except Conflict as conflict:
                                refusals[index] = conflict
                            judged[index] = (entry.id, cat.entries.get(entry.id),
                                             judged[index][2])
                    changes = [c for c in changes if c[1].id not in moved.entries]
        results = [Approval(eid, entry, refusal)
                   for (eid, entry, _), refusal in zip(judged, refusals, strict=True)]
        for (index, before, *_), entry in zip(changes, saved, strict=True):
            results[index] = Approval(results[index].id, entry, None, before)
        return cat, results

    def _refusal(self, account: Account, cat: CatalogState, eid: str, entry: StoredEntry | None,
                 version: int, outside: set[str]) -> ReviewError | None:
        """Why ``account`` may not approve ``entry`` in a sign-off of many, else None
        (``outside`` as for :meth:`last_saver`)."""
        if entry is None:
            return NotFound(N_("no entry %(id)s in %(doc)s (%(lang)s)"), id=eid, doc=cat.doc,
                            lang=cat.lang)
        if entry.plural:
            return ReviewError(N_("plural entries are edited in a PO editor, not here"))
        state = entry.state
        if state == State.UNTRANSLATED:
            return ReviewError(N_("not translated yet"))
        if state == State.DRAFT:
            return ReviewError(N_("a draft is approved only by someone who opens it and "
                                  "approves it there"))
        if state == State.APPROVED and not (
                self.four_eyes and not checked_by_another(entry.message)):
            return ReviewError(N_("already approved"))
        try:
            self._current(cat, entry, version)
            self.may_approve(account, cat, entry, False, outside)
            self._passes_qa(cat, entry.message, self.findings(cat, entry))
        except ReviewError as exc:
            return exc
        return None

    def _answers_for(self, cat: CatalogState, entry: StoredEntry, state: str) -> bool:
        """Whether saving an entry's own text and state again means something under four
        eyes: the approval of a text whose approval has no second person, or a person
        answering for a text that names no translator."""
        if not self.four_eyes:
            return False
        if state == State.APPROVED:
            return not checked_by_another(entry.message)
        return state == State.TRANSLATED and self.last_saver(cat, entry) is None

    def last_saver(self, cat: CatalogState, entry: StoredEntry,
                   outside: set[str] | None = None) -> str | None:
        """Who wrote the entry's current text (see the module's docstring): an account's
        name, a draft's origin (``mt:google``, ``project-team``), or None when no one is
        named for it.  ``outside``: the catalog's entries ever changed outside the app,
        when the caller asked the journal already."""
        named = translator_of(entry.message)
        if named is None or entry.author is not None:
            return named  # the app's own last save wrote the provenance
        if outside is not None and entry.id not in outside:
            return named  # the journal knows no text of it from the file but the first
        text = entry.text
        changes = [row for row in self.journal.history(cat.doc, cat.lang, entry.id)
                   if row["intended"] is None and row["before"] != row["after"]]
        if not changes or changes[0]["user"] is not None or changes[0]["after"] != text:
            return named
        # The text came from the file.  A name the app wrote for an earlier text of this
        # entry is stale: whoever changed the file left the comment behind.
        stale = any(row["user"] is not None and same_person(row["user"], named)
                    and row["after"] != text for row in changes)
        return None if stale else named

    def may_approve(self, account: Account, cat: CatalogState, entry: StoredEntry,
                    changed: bool, outside: set[str] | None = None) -> None:
        """Refuse ``account``'s approval of ``entry`` (with its text ``changed`` by this
        save) when four eyes forbid it; ``outside`` as for :meth:`last_saver`."""
        if not self.four_eyes:
            return
        if changed:
            raise Forbidden(N_("under four eyes a reviewer who changes a text does not "
                               "approve it: save it as translated, and another reviewer "
                               "approves it"))
        author = self.last_saver(cat, entry, outside)
        if author is None:
            raise Forbidden(N_("no translator is named for this text (it was changed "
                               "outside the review app): someone saves it as translated "
                               "first, then another reviewer approves it"))
        if same_person(author, account.name):
            raise Forbidden(N_("%(name)s saved this translation last: another reviewer "
                               "approves it (four eyes)"), name=account.name)

    def mark_intended(self, account: Account, doc: str, lang: str, eid: str, check: str,
                      intended: bool, version: int) -> tuple[CatalogState, StoredEntry]:
        """A reviewer marks a QA finding on an entry as intended (or withdraws the mark);
        the checks then no longer report it there.  Stored with the entry in the PO file."""
        cat = self.readable(account, doc, lang)
        if not account.can_review(lang):
            raise Forbidden(N_("only a reviewer marks a QA finding as intended"))
        if check not in CHECKS:
            raise ReviewError(f"unknown QA check {check!r}")
        self.store.refresh(cat)
        with cat.lock:
            entry = self.entry(cat, eid)
            marks = intended_checks(entry.message)
            wanted = marks | {check} if intended else marks - {check}
            if wanted == marks:
                return cat, entry
            self._current(cat, entry, version)
            message = entry.clone()
            (mark_intended if intended else unmark_intended)(message, check)
            saved = self._record(cat, entry, message, Save(
                cat.doc, cat.lang, eid, entry.source, message.context,
                entry.version + 1, account.name, now(), entry.state, entry.text,
                entry.text, intended=" ".join(sorted(wanted))))
        return cat, saved

    def add_comment(self, account: Account, doc: str, lang: str, eid: str, text: str) -> dict:
        """Keep a comment on an entry."""
        cat = self.readable(account, doc, lang)
        self.entry(cat, eid)
        text = text.strip()
        if not text:
            raise ReviewError(N_("the comment is empty"))
        if len(text) > MAX_COMMENT_CHARS or forbidden_character(text.replace("\r", "")):
            raise ReviewError(N_("a comment is plain text of at most %(count)s characters"),
                              count=MAX_COMMENT_CHARS)
        at = now()
        cid = self.journal.add_comment(doc, lang, eid, account.name, at, text)
        return {"id": cid, "user": account.name, "at": at, "text": text}
