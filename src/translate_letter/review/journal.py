"""The journal: what the review keeps besides the PO files, as the rest of the review sees it.

Every save is kept in the journal before it is acknowledged: once that commits, it survives a
crash of the process or the machine.  The history of every change doubles as the journal of
saves: saves not yet in the PO file are "unwritten", and the review app and every command of
the CLI write them into the PO files before anything else.  The journal also knows the files
those writes made (by digest), so that an old copy of a file coming back is told from a
change a person made.

:class:`Journal` is the interface the review works through; :class:`.sql_journal.SqlJournal`
implements it on the review database (:mod:`translate_letter.storage`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

WRITTEN_KEPT = 1000  # files written per catalog that an old copy is recognised as


@dataclass(frozen=True)
class Save:
    """One acknowledged change of an entry: a text and state, or a new set of QA checks
    marked intended (``intended`` not None).  ``seq`` orders the journal (0: not yet kept)."""

    doc: str
    lang: str
    entry: str
    msgid: str
    msgctxt: str | None
    version: int
    user: str
    at: str
    state: str
    before: str
    after: str
    intended: str | None = None
    origin: str | None = None  # the suggestion the text was taken from
    seq: int = 0


class VersionMoved(Exception):
    """Saves refused as a whole: the database holds another version of ``entries`` than the
    one each save was made on (another review process saved them meanwhile)."""

    def __init__(self, entries: set[str]) -> None:
        super().__init__(f"{len(entries)} entries have a newer version")
        self.entries = entries


@dataclass(frozen=True)
class Version:
    """The version of an entry as the review app last published it."""

    version: int
    author: str | None  # None: the text came from the PO file itself
    translation: str
    state: str


@dataclass(frozen=True)
class OutsideText:
    """A text found in a PO file that the review app did not write there.

    ``superseded``: an acknowledged save replaced it (both changed the entry); otherwise it
    became the entry's new ``version``.  ``provenance``: who or what wrote it, as the file's
    comments say (``translated leila 2026-12-05 import:letter-fa.xlf``), the file's word and
    not an account's save.
    """

    entry: str
    msgid: str
    msgctxt: str | None
    version: int
    state: str
    before: str
    after: str
    superseded: bool = False
    provenance: str | None = None


class Journal(Protocol):
    """What the review keeps besides the PO files: versions, the history of every change
    (the journal of saves) and comments."""

    def versions(self, doc: str, lang: str) -> dict[str, Version]:
        """The published version of every entry of a catalog that the journal knows."""

    def record_save(self, save: Save) -> Save:
        """Keep ``save`` durably (history and version); returns it with its ``seq``."""

    def record_saves(self, saves: list[Save]) -> list[Save]:
        """Keep ``saves`` durably in one transaction; returns them with their ``seq``.  Each
        is made on the version before its own: when the database holds another one for any
        of their entries, none is kept and :class:`VersionMoved` names those entries."""

    def latest(self, doc: str, lang: str) -> int:
        """The ``seq`` of the last change of a catalog the journal holds (0: none)."""

    def saves_since(self, doc: str, lang: str, seq: int) -> list[Save]:
        """The saves of a catalog made in the review app after ``seq``, in order."""

    def record_outside(self, doc: str, lang: str, versions: dict[str, Version],
                       texts: list[OutsideText]) -> None:
        """Publish ``versions`` and keep the outside ``texts`` in the history."""

    def unwritten_catalogs(self) -> list[tuple[str, str]]:
        """(doc, lang) of every catalog with saves not yet in its PO file."""

    def unwritten(self, doc: str, lang: str) -> list[Save]:
        """The saves of a catalog not yet in its PO file, oldest first."""

    def mark_written(self, doc: str, lang: str, seq: int, clashes: list[OutsideText],
                     digest: bytes) -> None:
        """The saves up to ``seq`` are in the PO file, whose bytes have the SHA-256
        ``digest`` now; ``clashes`` are the outside texts they replaced."""

    def written_with(self, doc: str, lang: str, digest: bytes) -> int | None:
        """The last save a PO file holds whose bytes have the SHA-256 ``digest``, when
        a write of saves made that very file; else None."""

    def unwrite_after(self, doc: str, lang: str, seq: int) -> list[Save]:
        """Mark the saves after ``seq`` as not yet written, on entries whose current
        version is a person's save; returns the catalog's unwritten saves, oldest first."""

    def changed_outside(self, doc: str, lang: str) -> set[str]:
        """The entries of a catalog whose text was ever changed in the PO file outside the
        app."""

    def history(self, doc: str, lang: str, entry: str) -> list[dict]:
        """Every change of an entry, newest first."""

    def comments(self, doc: str, lang: str, entry: str) -> list[dict]:
        """The comments on an entry, oldest first."""

    def add_comment(self, doc: str, lang: str, entry: str, user: str, at: str,
                    text: str) -> int:
        """Keep a comment; returns its id."""


def now() -> str:
    """The journal's timestamp for this moment (UTC, ISO 8601, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
