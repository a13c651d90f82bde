"""The one exception type that means "the user gave bad input"."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


class UserError(Exception):
    """Bad input or bad usage: reported as one line, exit status 2, nothing written.

    A message marked with :func:`N_` may name values as ``%(name)s``, given as keywords:
    ``str(exc)`` is the English text, and the review app shows ``template`` from its own
    catalogs, in the interface language, with the same values.
    """

    exit_code = 2
    template = ""
    params: Mapping[str, object] = MappingProxyType({})

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.template = message
        self.params = params

    def __reduce__(self) -> tuple:
        # Raised in a worker process, the error reaches its caller whole: its template and
        # values (and a subclass's own attributes) besides its English text.
        return _unpickled, (type(self), self.args), self.__dict__


def _unpickled(kind: type[UserError], args: tuple) -> UserError:
    return kind.__new__(kind, *args)


class Percent(float):
    """A share in percent (0 to 100) given to a marked message as ``%(name)s``: "46%" in
    English, and as the interface language writes a percentage in the review app ("۴۶٪")."""

    def __str__(self) -> str:
        return f"{float(self):g}%"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for a message marked, not translated
    """Mark ``message`` for the review app's catalogs; it stays English here."""
    return message
