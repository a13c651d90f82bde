"""Load, save, merge, count and compile the project's PO catalogs."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from ..config import Settings
from ..errors import UserError
from . import syntax
from .files import atomic_write_bytes, atomic_write_po
from .states import INCLUDE_LEVELS, STATES, mark_source_changed, state_of


def load_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a PO or POT file strictly: malformed input is a :class:`UserError` naming the line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such catalog (run 'translate-letter update')") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    syntax.parse(data, str(path))
    try:
        catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise UserError(f"{path}: malformed PO file ({exc})") from None
    for message in messages(catalog):
        _restore_previous(message)
    return catalog


_PREVIOUS = re.compile(r'\|\s*(msgid_plural|msgid)\s+("(?:[^"\\]|\\.)*")\s*$')
_PREVIOUS_MORE = re.compile(r'\|\s*("(?:[^"\\]|\\.)*")\s*$')


def _restore_previous(message: Message) -> None:
    """Move ``#| msgid`` lines back from translator comments into ``previous_id``.

    Babel's reader keeps ``#|`` lines as translator comments (python-babel/babel#206), so a
    rewrite would turn them into ``# | msgid`` comments and the previous source would be lost.
    """
    previous: dict[str, str] = {}
    field, kept = None, []
    for comment in message.user_comments:
        start, more = _PREVIOUS.match(comment), _PREVIOUS_MORE.match(comment)
        if start:
            field = start.group(1)
            previous[field] = unescape(start.group(2))
        elif more and field:
            previous[field] += unescape(more.group(1))
        else:
            field = None
            kept.append(comment)
    if "msgid" in previous:
        message.previous_id = [previous["msgid"]] + (
            [previous["msgid_plural"]] if "msgid_plural" in previous else [])
        message.user_comments = kept


def save_catalog(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` atomically: readers see the old file or the new one, never a mix."""
    atomic_write_po(path, catalog)


def messages(catalog: Catalog) -> list[Message]:
    """The catalog's translatable entries (the header left out)."""
    return [m for m in catalog if m.id]


def new_catalog(template: Catalog, lang: str) -> Catalog:
    """A fresh catalog for ``lang``: Language and Plural-Forms from Babel's locale data."""
    locale = Locale.parse(lang.replace("-", "_"))
    catalog = Catalog(
        locale=locale,
        domain=None,
        project=template.project,
        version=template.version,
        charset="utf-8",
        fuzzy=False,
        language_team=f"{locale.english_name} <{lang}@li.org>",
        header_comment=(
            f"# {locale.english_name} translation of {template.version}.\n"
            "# The letter is the signatories' text; translations are the reviewers'.\n"
            "# Produced by translate-letter.\n"
            "# State and provenance of each entry are kept in its translator comments."
        ),
    )
    catalog.update(template, no_fuzzy_matching=True)
    return catalog


def merge(catalog: Catalog, template: Catalog) -> Catalog:
    """Merge a changed template into ``catalog`` as msgmerge does.

    Unchanged entries keep translation and state; an edited source becomes a draft with
    its previous msgid kept; vanished entries become obsolete; translator comments stay.
    """
    previous = {m.id: m.previous_id for m in messages(catalog) if m.fuzzy and m.previous_id}
    catalog.update(template, no_fuzzy_matching=False, keep_user_comments=True)
    for message in messages(catalog):
        if message.previous_id and message.previous_id != [message.id]:
            mark_source_changed(message)
        elif message.fuzzy and message.id in previous:
            message.previous_id = previous[message.id]
    # An obsolete entry is worth keeping only for its translation, and never beside an
    # active entry with the same msgid.
    for key, message in list(catalog.obsolete.items()):
        if not any(message.string if isinstance(message.string, (list, tuple))
                   else [message.string]) or catalog.get(message.id, message.context):
            del catalog.obsolete[key]
    return catalog


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    created: bool
    changed: int
    obsolete: int


def update_catalogs(settings: Settings, languages: list[str]) -> list[UpdateResult]:
    """Create missing catalogs and merge every template into existing ones."""
    docs = settings.documents()
    if not docs:
        raise UserError(f"{settings.locales_dir}: no templates (run 'translate-letter extract')")
    templates = {doc: load_catalog(settings.template_path(doc)) for doc in docs}
    existing = {
        (doc, lang): load_catalog(settings.catalog_path(doc, lang))
        for doc in docs
        for lang in languages
        if settings.catalog_path(doc, lang).exists()
    }  # every input is read and checked before anything is written
    results = []
    for doc, template in templates.items():
        for lang in languages:
            path = settings.catalog_path(doc, lang)
            if (doc, lang) in existing:
                catalog = merge(existing[(doc, lang)], template)
                changed = sum(1 for m in messages(catalog) if m.previous_id)
                results.append(UpdateResult(path, False, changed, len(catalog.obsolete)))
            else:
                catalog = new_catalog(template, lang)
                results.append(UpdateResult(path, True, 0, 0))
            save_catalog(path, catalog)
    return results


@dataclass(frozen=True)
class Stats:
    doc: str
    lang: str
    total: int
    words: int
    counts: dict[str, int]
    word_counts: dict[str, int]

    def percent(self, state: str) -> float:
        return 100.0 * self.counts[state] / self.total if self.total else 100.0

    def complete(self, include: str) -> float:
        """Share of entries (in %) that a build at ``include`` level would translate."""
        admitted = INCLUDE_LEVELS[include]
        done = sum(self.counts[str(s)] for s in admitted)
        return 100.0 * done / self.total if self.total else 100.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["percent"] = {str(s): round(self.percent(str(s)), 1) for s in STATES}
        return data


def _words(message: Message) -> int:
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    return sum(len(i.split()) for i in ids)


def catalog_stats(doc: str, lang: str, catalog: Catalog) -> Stats:
    counts: Counter[str] = Counter()
    word_counts: Counter[str] = Counter()
    for message in messages(catalog):
        state = str(state_of(message))
        counts[state] += 1
        word_counts[state] += _words(message)
    return Stats(
        doc=doc,
        lang=lang,
        total=sum(counts.values()),
        words=sum(word_counts.values()),
        counts={str(s): counts[str(s)] for s in STATES},
        word_counts={str(s): word_counts[str(s)] for s in STATES},
    )


def project_catalogs(settings: Settings, languages: list[str]) -> list[tuple[str, str, Path]]:
    """(doc, lang, path) of every existing catalog for ``languages``."""
    return [
        (doc, lang, settings.catalog_path(doc, lang))
        for doc in settings.documents()
        for lang in languages
        if settings.catalog_path(doc, lang).exists()
    ]


def project_stats(settings: Settings, languages: list[str]) -> list[Stats]:
    found = project_catalogs(settings, languages)
    if not found:
        raise UserError(f"{settings.locales_dir}: no catalogs (run 'translate-letter update')")
    return [catalog_stats(doc, lang, load_catalog(path)) for doc, lang, path in found]


def compile_catalog(path: Path) -> Path:
    """Write ``<catalog>.mo`` beside ``path``; drafts and untranslated entries are left out."""
    target = path.with_suffix(".mo")
    atomic_write_bytes(target, syntax.mo_bytes(syntax.check_file(path)))
    return target


def compile_catalogs(settings: Settings, languages: list[str]) -> list[Path]:
    found = project_catalogs(settings, languages)
    if not found:
        raise UserError(f"{settings.locales_dir}: no catalogs (run 'translate-letter update')")
    # A malformed catalog stops everything before any .mo is written.
    parsed = [(path, syntax.check_file(path)) for _, _, path in found]
    written = []
    for path, entries in parsed:
        target = path.with_suffix(".mo")
        atomic_write_bytes(target, syntax.mo_bytes(entries))
        written.append(target)
    return written


def admitted_translations(catalog: Catalog, include: str) -> dict[str, str]:
    """msgid → msgstr for the entries whose state the ``include`` level admits."""
    admitted = INCLUDE_LEVELS[include]
    return {
        m.id: m.string
        for m in messages(catalog)
        if isinstance(m.id, str) and not m.context and state_of(m) in admitted
    }

