"""What the review core answers with: plain values, made once and never changed.

The commands (:mod:`.commands`) and queries (:mod:`.queries`) return these; ``web/``
turns them into JSON and pages (``web/serializers.py``), so the core knows no wire format.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.states import INCLUDE_LEVELS
from ..core.document import Place
from ..core.errors import UserError
from ..machine.memory import MemoryMatch
from ..publish import Counts


@dataclass(frozen=True)
class EntryView:
    """One entry as the editor shows it: its text, state and provenance, with the QA
    findings it was judged to have and the checks marked intended."""

    id: str
    source: str
    context: str | None
    translation: str | tuple[str, ...]  # the forms of a plural entry
    state: str
    version: int
    author: str | None  # who saved the current version in the review app
    origin: str | None  # where a draft came from
    translator: str | None
    places: tuple[Place, ...]
    locations: list[str]
    previous_source: str | None
    diff: list[tuple[str, str]] | None  # from the previous source to this one
    plural: bool
    findings: list[dict]
    intended: tuple[str, ...]


@dataclass(frozen=True)
class EntryDetail:
    """An entry with what the editor's side panel shows: history (newest first, each with
    its word diff), comments, the glossary's terms in its source and the memory's matches."""

    entry: EntryView
    history: list[dict]
    comments: list[dict]
    glossary: list[dict]
    memory: list[MemoryMatch]


@dataclass(frozen=True)
class SignOffResult:
    """What a sign-off made of one entry: ``entry`` as it now is (None when there is no such
    entry); ``refusal`` why it was not approved, or, when it was, why its PO file is late."""

    id: str
    approved: bool
    refusal: UserError | None  # a ReviewError, or the SaveKept of a late PO file
    entry: EntryView | None


@dataclass(frozen=True)
class Progress:
    """One document in one language the account works on: counts by state, QA errors, the
    account's role, and the counts the publishing rule judges."""

    doc: str
    lang: str
    total: int
    counts: dict[str, int]
    percent: dict[str, float]
    qa_errors: int
    role: str | None
    rule_counts: Counts

    def done(self, include: str) -> int:
        """How many entries a letter built at ``include`` level takes in."""
        return sum(self.counts[str(state)] for state in INCLUDE_LEVELS[include])


@dataclass(frozen=True)
class Block:
    """A block of the source (paragraph, heading, list item) that has sentences: its list
    marker as the source writes it and as the translation shows it, whether a blank line
    comes before it, and the ids of its sentences' entries, in order."""

    kind: str
    marker: str | None
    translated_marker: str | None
    numbered: bool
    gap: bool
    entries: tuple[str, ...]


@dataclass(frozen=True)
class Stale:
    """The source changed since the catalog was made: ``count`` sentences have no entry,
    the first at ``place``."""

    count: int
    place: Place


@dataclass(frozen=True)
class DocumentView:
    """The document view: the source's blocks in order, and whether the catalog is stale."""

    blocks: tuple[Block, ...]
    stale: Stale | None
