"""What the review core refuses, in the domain's words; ``web/`` picks the HTTP status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import UserError

if TYPE_CHECKING:
    from .views import EntryView


class ReviewError(UserError):
    """A review operation refused for what was asked; ``entry`` is the entry as it now is,
    when the person needs to see it."""

    def __init__(self, message: str, entry: EntryView | None = None,
                 **params: object) -> None:
        super().__init__(message, **params)
        self.entry = entry


class NotFound(ReviewError):
    """No such document, language, entry or format."""


class Forbidden(ReviewError):
    """The account's role does not allow it."""


class Conflict(ReviewError):
    """The save was based on an old version; ``entry`` is the current one."""


class Unavailable(ReviewError):
    """The review app cannot do it now; trying again later may work."""


class SaveKept(Unavailable):
    """The save is kept in the journal, but its PO file cannot be written yet."""
