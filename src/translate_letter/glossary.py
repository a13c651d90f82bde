"""The project glossary: key legal terms, institutions and names, and how each language
renders them (``locales/glossary.csv``: en, fa, fr, ar, kind, note)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import UserError

GLOSSARY_FILE = "glossary.csv"
KINDS = ("name", "term", "institution")


@dataclass(frozen=True)
class Term:
    """One glossary line: the English term and its rendering per language."""

    en: str
    kind: str
    renderings: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def rendering(self, lang: str) -> str | None:
        return self.renderings.get(lang) or None

    @property
    def is_name(self) -> bool:
        return self.kind == "name"

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        words = r"\s+".join(re.escape(w) for w in self.en.split())
        flags = 0 if self.is_name else re.IGNORECASE
        return re.compile(rf"(?<!\w){words}(?!\w)", flags)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def terms_in(self, text: str) -> list[Term]:
        """Glossary terms that occur in ``text``; a longer term hides the shorter ones in it."""
        found: list[tuple[int, int, Term]] = []
        for term in sorted(self.terms, key=lambda t: -len(t.en)):
            for match in term.pattern.finditer(text):
                if not any(s <= match.start() < e for s, e, _ in found):
                    found.append((match.start(), match.end(), term))
        return [term for _, _, term in sorted(found, key=lambda f: f[0])]

    def languages(self) -> list[str]:
        return sorted({lang for term in self.terms for lang in term.renderings})


def parse_glossary(text: str, name: str = GLOSSARY_FILE) -> Glossary:
    """Read glossary CSV text; a missing ``en`` column or an unknown kind is a user error."""
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    if "en" not in columns:
        raise UserError(f"{name}: the first row must name the columns, 'en' among them")
    languages = [c for c in columns if c not in ("en", "kind", "note")]
    terms = []
    for row_number, row in enumerate(reader, start=2):
        en = (row.get("en") or "").strip()
        if not en:
            continue
        kind = (row.get("kind") or "term").strip()
        if kind not in KINDS:
            raise UserError(f"{name}:{row_number}: kind must be one of {', '.join(KINDS)}")
        renderings = {lang: (row.get(lang) or "").strip() for lang in languages}
        terms.append(Term(en, kind, {k: v for k, v in renderings.items() if v},
                          (row.get("note") or "").strip()))
    return Glossary(tuple(terms))


def load_glossary(locales_dir: Path) -> Glossary:
    """The project glossary, or an empty one when ``locales/glossary.csv`` does not exist."""
    path = locales_dir / GLOSSARY_FILE
    if not path.exists():
        return Glossary()
    try:
        return parse_glossary(path.read_text(encoding="utf-8"), str(path))
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8") from None
