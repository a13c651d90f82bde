"""Where the review database is: ``review.sqlite3`` in the instance folder, by default.

Nothing here opens a database (or imports SQLAlchemy): a command asks whether there is one
before it pays for opening it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATABASE_FILE = "review.sqlite3"
INSTANCE_DIR = "instance"


def instance_path(project_root: Path, given: Path | str | None = None) -> Path:
    """The instance folder: ``given``, or ``instance/`` in the project."""
    return Path(given).resolve() if given else project_root / INSTANCE_DIR


@dataclass(frozen=True)
class Location:
    """The address of a review database (an SQLAlchemy URL); ``path`` is its file when it
    is an SQLite database."""

    url: str
    path: Path | None = None

    @classmethod
    def sqlite(cls, path: Path) -> Location:
        path = Path(path).resolve()
        return cls(f"sqlite:///{path}", path)

    def exists(self) -> bool:
        """Whether there is a database to open (a server is assumed to have one)."""
        return self.path is None or self.path.is_file()

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else _without_password(self.url)


def locate(instance: Path) -> Location:
    """The review database of the instance folder ``instance``."""
    return Location.sqlite(Path(instance) / DATABASE_FILE)


def _without_password(url: str) -> str:
    """``url`` as it may be shown: a password in it replaced by ``***``."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
