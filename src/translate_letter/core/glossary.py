"""The project glossary: key legal terms, institutions and names, and how each language
renders them (``locales/glossary.csv``: en, fa, fr, ar, kind, note)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .characters import ARABIC_TO_PERSIAN_LETTERS, BIDI_CONTROLS, TATWEEL, ZWJ, ZWNJ
from .errors import UserError

GLOSSARY_FILE = "glossary.csv"
KINDS = ("name", "term", "institution")

# What ``fold`` unifies so that a rendering is found however it was typed: accents and
# harakat, digits of every script, Arabic and Persian forms of yeh/kaf/heh, tatweel, ZWNJ
# versus space, bidi marks, apostrophes, dashes.
_FOLD_TABLE = {
    **ARABIC_TO_PERSIAN_LETTERS, "\u06d5": "\u0647", TATWEEL: "", ZWNJ: " ", ZWJ: "",
    **dict.fromkeys(BIDI_CONTROLS, ""),
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "-": " ", "\u2010": " ", "\u2011": " ",
    "\u2013": " ", "\u2014": " ",
}
for _code in range(0x300, 0x10000):
    _char = chr(_code)
    if unicodedata.combining(_char):
        _FOLD_TABLE[_char] = ""
    elif _code > 0x7F and unicodedata.category(_char) == "Nd":
        _FOLD_TABLE[_char] = str(unicodedata.decimal(_char))
# A regex finds the few characters to replace far faster than str.translate looks up each.
_FOLD_CHARS = re.compile("[" + "".join(map(re.escape, _FOLD_TABLE)) + "]")


@lru_cache(maxsize=1024)  # each term of an entry looks at the same translation again
def fold(text: str) -> str:
    """``text`` reduced for lenient matching: case, accents, harakat and letter variants gone."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return " ".join(_FOLD_CHARS.sub(lambda m: _FOLD_TABLE[m.group()], decomposed).split())


@lru_cache(maxsize=1024)
def _unspaced(text: str) -> str:
    return fold(text).replace(" ", "")


@dataclass(frozen=True)
class TermForms:
    """How a language writes a glossary rendering in running text, for lenient matching.

    In a ``spaced`` language each word stands apart and may carry a short inflection
    (French plural and agreement: -s, -x, -es).  Otherwise (Arabic script) words take
    clitics and ZWNJ or space between them varies, so the letters are compared without
    spaces; an ``article`` written joined to the word may be added or dropped (Arabic ال,
    and its alef after li-: "للجمعية"), and a word ending in one of ``plural_endings`` may
    end in any other (the Arabic sound plural's case: -ون/-ين).  Both are given as typed;
    they are folded here.
    """

    spaced: bool = True
    article: str = ""
    plural_endings: tuple[str, ...] = ()

    def pattern(self, rendering: str) -> re.Pattern[str]:
        """What matches ``rendering`` in a folded translation (unspaced when not ``spaced``)."""
        return _rendering_pattern(rendering, self)


SPACED = TermForms()


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str, forms: TermForms) -> re.Pattern[str]:
    words = fold(rendering).split()
    if forms.spaced:
        return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) + r"\w{0,2}" for w in words)
                          + r"(?!\w)")
    article = re.escape(fold(forms.article))
    endings = "|".join(re.escape(fold(e)) for e in forms.plural_endings)
    parts = []
    for word in words:
        core = re.sub(rf"^{article}(?=\w{{2,}})", "", word) if article else word
        ending = re.search(f"(?:{endings})$", core) if endings else None
        stem = core[: ending.start()] if ending else core
        parts.append(re.escape(stem) + (f"(?:{endings})" if ending else ""))
    return re.compile(f"(?:{article})?".join(parts) if article else "".join(parts))


@dataclass(frozen=True)
class Term:
    """One glossary line: the English term and its rendering per language."""

    en: str
    kind: str
    renderings: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def rendering(self, lang: str) -> str | None:
        return self.renderings.get(lang) or None

    def rendered_in(self, translation: str, lang: str, forms: TermForms = SPACED) -> bool:
        """Whether ``translation`` contains this term's ``lang`` rendering, leniently matched
        by the language's ``forms``.  A term with no rendering for ``lang`` counts as
        rendered."""
        rendering = self.rendering(lang)
        if rendering is None:
            return True
        text = fold(translation) if forms.spaced else _unspaced(translation)
        return forms.pattern(rendering).search(text) is not None

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

    @cached_property
    def _longest_first(self) -> tuple[tuple[str, Term], ...]:
        """Terms longest first, each with its longest word casefolded."""
        return tuple((max(t.en.casefold().split(), key=len), t)
                     for t in sorted(self.terms, key=lambda t: -len(t.en)))

    def terms_in(self, text: str) -> list[Term]:
        """Glossary terms that occur in ``text``; a longer term hides the shorter ones in it."""
        folded = text.casefold()
        # A cheap substring test spares the regex search of most terms.
        candidates = [term for word, term in self._longest_first if word in folded]
        found: list[tuple[int, int, Term]] = []
        for term in candidates:
            for match in term.pattern.finditer(text):
                if not any(s <= match.start() < e for s, e, _ in found):
                    found.append((match.start(), match.end(), term))
        return [term for _, _, term in sorted(found, key=lambda f: f[0])]

    def languages(self) -> list[str]:
        return sorted({lang for term in self.terms for lang in term.renderings})

    @cached_property
    def names(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.is_name)


def parse_glossary(text: str, name: str = GLOSSARY_FILE) -> Glossary:
    """Read glossary CSV text; a missing ``en`` column, a row whose fields do not match the
    header, broken quoting or an unknown kind is a user error naming the line."""
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        columns = reader.fieldnames or []
        if "en" not in columns:
            raise UserError(f"{name}: the first row must name the columns, 'en' among them")
        languages = [c for c in columns if c not in ("en", "kind", "note")]
        terms = []
        for row in reader:
            line = reader.line_num
            fields = len(columns) + len(row.get(None) or []) - list(row.values()).count(None)
            if fields != len(columns):
                raise UserError(f"{name}:{line}: {fields} fields where the header names "
                                f"{len(columns)}")
            en = (row.get("en") or "").strip()
            if not en:
                continue
            kind = (row.get("kind") or "term").strip()
            if kind not in KINDS:
                raise UserError(f"{name}:{line}: kind must be one of {', '.join(KINDS)}")
            renderings = {lang: (row.get(lang) or "").strip() for lang in languages}
            terms.append(Term(en, kind, {k: v for k, v in renderings.items() if v},
                              (row.get("note") or "").strip()))
    except csv.Error as exc:
        raise UserError(f"{name}:{reader.line_num}: not valid CSV ({exc})") from None
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
