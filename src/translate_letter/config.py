"""Project settings from ``pyproject.toml`` ``[tool.translate-letter]``, with defaults."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .errors import UserError

DEFAULT_LANGUAGES = ("fa", "fr", "ar")
_KINDS = {int: "an integer", str: "a string", bool: "true or false", list: "a list of strings",
          dict: "a table"}


@dataclass(frozen=True)
class Settings:
    """Where the sources and catalogs of a project live and which languages it targets."""

    root: Path
    source_dir: Path
    locales_dir: Path
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    source_language: str = "en"
    extra: dict = field(default_factory=dict, compare=False)

    def setting(self, key: str, kind: type, default: object) -> object:
        """The value of ``[tool.translate-letter] key`` (``default`` when absent), checked to be
        a ``kind``; a list's items must be strings."""
        if key not in self.extra:
            return default
        value = self.extra[key]
        wrong = (not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool)
                 or (isinstance(value, list) and not all(isinstance(v, str) for v in value)))
        if wrong:
            raise UserError(f"[tool.translate-letter] {key} must be {_KINDS[kind]}, "
                            f"not {value!r}")
        return value

    def template_path(self, doc: str) -> Path:
        return self.locales_dir / f"{doc}.pot"

    def catalog_path(self, doc: str, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{doc}.po"

    def source_path(self, doc: str) -> Path:
        return self.source_dir / f"{doc}.txt"

    def documents(self) -> list[str]:
        """Names of the documents that have a template (``locales/<doc>.pot``)."""
        if not self.locales_dir.is_dir():
            return []
        return sorted(p.stem for p in self.locales_dir.glob("*.pot"))

    def sources(self) -> list[Path]:
        """Every ``source/*.txt``; a missing source folder is a user error."""
        if not self.source_dir.is_dir():
            raise UserError(f"{self.source_dir}: source folder not found")
        return sorted(self.source_dir.glob("*.txt"))

    def select_languages(self, requested: tuple[str, ...] | list[str] | None) -> list[str]:
        """The languages a command works on: the requested ones, validated, or all configured."""
        if not requested:
            return list(self.languages)
        chosen: list[str] = []
        for item in requested:
            for code in filter(None, (c.strip() for c in item.split(","))):
                chosen.append(validate_language(code))
        return chosen


def validate_language(code: str) -> str:
    """Return ``code`` if Babel knows it as a locale, else raise a user error."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise UserError(f"unknown language code: {code!r}") from None
    return code


# The type of each setting this module reads; the review app's settings are checked where
# they are read.
_TYPES: dict[str, tuple[type, str]] = {
    "source-dir": (str, "a string"),
    "locales-dir": (str, "a string"),
    "source-language": (str, "a string"),
    "languages": (list, "a list of language codes"),
}


def _line_of(pyproject: Path, key: str) -> int:
    """The line of ``key = …`` in ``pyproject`` (1 when it cannot be told)."""
    lines = pyproject.read_text(encoding="utf-8").splitlines()
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), 1)


def _check_types(pyproject: Path, table: object) -> None:
    """A setting of the wrong type is a one-line error naming the file and line."""
    if not isinstance(table, dict):
        raise UserError(f"{pyproject}:{_line_of(pyproject, 'translate-letter')}: "
                        "[tool.translate-letter] must be a table")
    for key, (kind, described) in _TYPES.items():
        value = table.get(key)
        wrong = value is not None and (not isinstance(value, kind) or (
            kind is list and not all(isinstance(item, str) for item in value)))
        if wrong:
            raise UserError(f"{pyproject}:{_line_of(pyproject, key)}: {key} must be {described}, "
                            f"not {value!r}")


def load_settings(root: Path | str = ".") -> Settings:
    """Read ``[tool.translate-letter]`` from ``root/pyproject.toml`` (defaults when absent)."""
    root = Path(root).resolve()
    table: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UserError(f"{pyproject}: not valid TOML ({exc})") from None
        table = data.get("tool", {}).get("translate-letter", {})
        _check_types(pyproject, table)
    languages = tuple(table.get("languages", DEFAULT_LANGUAGES))
    for code in languages:
        validate_language(code)
    return Settings(
        root=root,
        source_dir=root / table.get("source-dir", "source"),
        locales_dir=root / table.get("locales-dir", "locales"),
        languages=languages,
        source_language=table.get("source-language", "en"),
        extra={k: v for k, v in table.items() if k not in {
            "source-dir", "locales-dir", "languages", "source-language"}},
    )
