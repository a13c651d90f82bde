"""Project settings from ``pyproject.toml`` ``[tool.translate-letter]``, with defaults."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .errors import UserError

DEFAULT_LANGUAGES = ("fa", "fr", "ar")


@dataclass(frozen=True)
class Option:
    """One setting of ``[tool.translate-letter]``: its type, in words for the error, and its
    default.  ``items`` is the type of a list's items."""

    kind: type | tuple[type, ...]
    described: str
    default: object = None
    items: type | None = None

    def accepts(self, value: object) -> bool:
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        if isinstance(value, bool) and bool not in kinds:
            return False  # TOML's true is no integer
        if not isinstance(value, kinds):
            return False
        return self.items is None or all(isinstance(item, self.items) for item in value)


# Every setting the product reads, with its type and default: checked once, when the
# settings are loaded, so a typo or a wrong type stops a command before it does anything.
# Values the type alone cannot judge (a role's name, an engine's) are checked where read.
OPTIONS: dict[str, Option] = {
    "source-dir": Option(str, "a string", "source"),
    "locales-dir": Option(str, "a string", "locales"),
    "source-language": Option(str, "a string", "en"),
    "languages": Option(list, "a list of language codes", list(DEFAULT_LANGUAGES), str),
    "publish": Option(dict, "a table", {}),
    "four-eyes": Option(bool, "true or false", True),
    "allowed-hosts": Option(list, "a list of host names", None, str),
    "review-url": Option(str, "a string", None),
    "require-2fa": Option(list, "a list of roles", [], str),
    "session-idle-minutes": Option(int, "an integer", 120),
    "session-lifetime-hours": Option(int, "an integer", 12),
    "suggestion-engines": Option(list, "a list of engine names", ["memory"], str),
    "memory-threshold": Option((int, float), "a number", 75.0),
    "memory-files": Option(list, "a list of PO, MO or TMX file names", [], str),
    "llm-instructions": Option(str, "a file name", None),
    "list-digits": Option(dict, "a table", {}),
    "database": Option(str, "a database URL (postgresql://… or sqlite:///…)", None),
}


@dataclass(frozen=True)
class Settings:
    """Where the sources and catalogs of a project live and which languages it targets."""

    root: Path
    source_dir: Path
    locales_dir: Path
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    source_language: str = "en"
    extra: dict = field(default_factory=dict, compare=False)

    def setting(self, key: str) -> object:
        """The value of ``[tool.translate-letter] key``, checked when it was loaded, or its
        default (see :data:`OPTIONS`)."""
        return self.extra.get(key, OPTIONS[key].default)

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


def _line_of(pyproject: Path, key: str) -> int:
    """The line of ``key = …`` in ``pyproject`` (1 when it cannot be told)."""
    lines = pyproject.read_text(encoding="utf-8").splitlines()
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), 1)


def _check_types(pyproject: Path, table: object) -> None:
    """An unknown setting or one of the wrong type is a one-line error naming the file,
    the line and the key."""
    if not isinstance(table, dict):
        raise UserError(f"{pyproject}:{_line_of(pyproject, 'translate-letter')}: "
                        "[tool.translate-letter] must be a table")
    for key, value in table.items():
        option = OPTIONS.get(key)
        if option is None:
            near = difflib.get_close_matches(key, OPTIONS, n=1)
            hint = f"did you mean {near[0]!r}?" if near else "see the README's settings"
            raise UserError(f"{pyproject}:{_line_of(pyproject, key)}: unknown setting "
                            f"{key!r} under [tool.translate-letter] ({hint})")
        if not option.accepts(value):
            raise UserError(f"{pyproject}:{_line_of(pyproject, key)}: {key} must be "
                            f"{option.described}, not {value!r}")


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
