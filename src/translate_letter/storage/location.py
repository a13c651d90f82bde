"""Where the review database is: ``review.sqlite3`` in the instance folder, by default.

A project may keep it elsewhere: ``database = "postgresql://…"`` (or ``"sqlite:///…"``) in
``[tool.translate-letter]``, or the environment's ``TRANSLATE_LETTER_DATABASE``, which wins;
:func:`configured` is the one place that reads them.

Nothing here opens a database (or imports SQLAlchemy): a command asks whether there is one
before it pays for opening it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import UserError

if TYPE_CHECKING:
    from ..core.config import Settings

DATABASE_FILE = "review.sqlite3"
INSTANCE_DIR = "instance"
DATABASE_SETTING = "database"
DATABASE_ENV = "TRANSLATE_LETTER_DATABASE"
# PostgreSQL is spoken through psycopg 3, whatever driver a URL names or leaves out.
_POSTGRESQL_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


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

    @classmethod
    def parse(cls, url: str, base: Path | None = None) -> Location:
        """The database at ``url``: ``sqlite:///path`` (relative to ``base``, default the
        current folder) or ``postgresql://user:password@host:port/name``."""
        scheme, sep, rest = url.strip().partition("://")
        scheme = scheme.lower()
        if sep and scheme == "sqlite" and rest.startswith("/") and rest[1:]:
            return cls.sqlite((base or Path.cwd()) / rest[1:])
        if sep and scheme in _POSTGRESQL_SCHEMES and rest:
            return cls(f"postgresql+psycopg://{rest}")
        raise UserError(f"{_without_password(url)}: not a database URL translate-letter can "
                        "use (sqlite:///PATH or postgresql://USER@HOST:PORT/NAME)")

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "sqlite" if self.path is not None else "postgresql"

    def exists(self) -> bool:
        """Whether there is a database to open (a server is assumed to have one)."""
        return self.path is None or self.path.is_file()

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else _without_password(self.url)


def locate(instance: Path) -> Location:
    """The review database of the instance folder ``instance``."""
    return Location.sqlite(Path(instance) / DATABASE_FILE)


def configured(settings: Settings, instance: Path) -> Location:
    """The review database of a project whose instance folder is ``instance``: the
    environment's ``TRANSLATE_LETTER_DATABASE``, else the project's ``database`` setting,
    else ``review.sqlite3`` in the instance folder."""
    url = os.environ.get(DATABASE_ENV) or settings.setting(DATABASE_SETTING)
    if url:
        return Location.parse(str(url), settings.root)
    return locate(instance)


def _without_password(url: str) -> str:
    """``url`` as it may be shown: a password in it replaced by ``***``."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
