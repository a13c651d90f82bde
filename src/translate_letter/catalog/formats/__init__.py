"""The file formats a catalog's translations travel in, behind one registry chosen by the
file's extension: PO (:mod:`.po`), MO (:mod:`.mo`) and TMX (:mod:`.tmx`).

Every format reads a file as :class:`TranslationUnit` values (source, target, language,
state), the shape a translation memory and an import take in. A format that can also write
says so (``write_units`` for exchange formats, ``write_catalog`` for catalog formats). A new
format (XLIFF) is one module that registers itself here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ...core.errors import UserError
from ..states import State

MAX_BYTES = 64 * 1024 * 1024  # a file read as translations is refused above this size


@dataclass(frozen=True)
class TranslationUnit:
    """One source sentence and its translation into ``lang``, in ``state``."""

    source: str
    target: str
    lang: str
    state: State = State.TRANSLATED


class Format(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def units(self, path: Path, source_language: str) -> Iterator[TranslationUnit]:
        """The file's units, a one-line :class:`UserError` for a file that cannot be read."""
        ...


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    for suffix in fmt.suffixes:
        FORMATS[suffix] = fmt
    return fmt


def format_for(path: Path) -> Format:
    """The format of ``path`` by its extension; an unknown one is a one-line error."""
    _load()
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UserError(f"{path}: unknown file format {path.suffix or '(no extension)'!r} "
                        f"(known: {known})")
    return fmt


def read_units(path: Path, source_language: str) -> list[TranslationUnit]:
    """Every unit of the file at ``path``, read by its format after the size check."""
    fmt = format_for(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    if not path.is_file():
        raise UserError(f"{path}: not a file")
    if size > MAX_BYTES:
        raise UserError(f"{path}: {size // (1024 * 1024)} MB is more than the "
                        f"{MAX_BYTES // (1024 * 1024)} MB a file of translations may hold")
    return list(fmt.units(path, source_language))


def primary(lang: str) -> str:
    """``fa_IR`` and ``fa-IR`` → ``fa``."""
    return lang.replace("_", "-").split("-")[0].lower()


def language_from_path(path: Path) -> str | None:
    """``…/fa/LC_MESSAGES/letter.po`` → ``fa``."""
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    return None


def _load() -> None:
    """Register the formats this package holds (imported when first asked for)."""
    from . import mo, po, tmx, xliff  # noqa: F401


def same_language(units: Iterable[TranslationUnit], targets: Iterable[str]
                  ) -> Iterator[TranslationUnit]:
    """The units whose language is one of ``targets`` (by primary language)."""
    wanted = {primary(t) for t in targets}
    return (u for u in units if primary(u.lang) in wanted)
