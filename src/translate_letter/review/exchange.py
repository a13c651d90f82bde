"""Exchange with the translators' own tools: a catalog out as XLIFF 1.2 or 2.0, the team's
memory out as TMX, and an XLIFF, TMX or PO file back in.

An import follows the review app's rule for a save: it writes under the project lock, into
the catalog as it is on disk then (after the app's acknowledged saves, which every command
writes first), and a running app takes the change in as it takes any change made outside
it, keeping its own acknowledged saves.  A unit whose text changed becomes ``translated``
by the importer (or, with ``draft``, a draft from ``import:FILE``); an import never
approves.  A unit exported from an entry that has changed since (in the review app or
anywhere else: its *base* no longer matches) is a conflict: reported with both texts, never
written.  A TMX or PO file carries no base: its units fill untranslated entries and
drafts, and differ from a person's translation only as a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from .. import __version__
from ..catalog.entry import Entry, entries
from ..catalog.formats import MAX_BYTES, TranslationUnit, format_for, primary
from ..catalog.formats.tmx import TmxFormat
from ..catalog.formats.xliff import VERSIONS, XliffFile, XliffUnit, base_of, read_xliff, xliff_bytes
from ..catalog.lock import acquire, project_lock
from ..catalog.project import load_document_catalog
from ..catalog.rules import RefusedText
from ..catalog.states import State, mark_draft, mark_translated
from ..catalog.writer import save_catalog
from ..core.config import Settings
from ..core.errors import UserError
from ..core.glossary import load_glossary
from .errors import ReviewError
from .policy import normalize_translation

EXPORT_FORMATS = (*VERSIONS, "tmx")
STATES = tuple(str(s) for s in State)
MAX_IMPORT_BYTES = 16 * 1024 * 1024  # an XLIFF of a long letter is well under 1 MB


# -- export -----------------------------------------------------------------------------------


def chosen_states(states: str | Iterable[str] | None) -> set[State]:
    """The states a ``--state draft,translated`` names; all when none; a wrong one is a
    one-line error."""
    if not states:
        return set(State)
    names = states.split(",") if isinstance(states, str) else list(states)
    chosen = set()
    for name in filter(None, (n.strip() for n in names)):
        if name not in STATES:
            raise UserError(f"unknown state {name!r} (choose from {', '.join(STATES)})")
        chosen.add(State(name))
    return chosen


def export_xliff(settings: Settings, doc: str, lang: str, fmt: str,
                 states: set[State]) -> bytes:
    """The catalog of ``doc`` in ``lang`` as XLIFF (``fmt``: ``xliff`` 1.2, ``xliff2``
    2.0), its entries in ``states`` only."""
    catalog = _catalog(settings, doc, lang)
    glossary = load_glossary(settings.locales_dir)
    units = [_unit(entry, lang, glossary) for entry in entries(catalog)
             if entry.state in states]
    found = XliffFile(VERSIONS[fmt], doc, settings.source_language, lang, units)
    return xliff_bytes(found, __version__)


def _unit(entry: Entry, lang: str, glossary) -> XliffUnit:
    notes = [("place", str(place)) for place in entry.places]
    if entry.state is State.DRAFT and entry.origin:
        notes.append(("draft", entry.origin))
    for term in glossary.terms_in(entry.source):
        rendering = term.rendering(lang)
        if rendering:
            notes.append(("glossary", f"{term.en} = {rendering}"))
    return XliffUnit(entry.id, entry.sources, entry.translations, entry.state,
                     base_of(entry.state, entry.translations), tuple(notes), entry.plural)


def export_memory(settings: Settings, path: Path, states: set[State]) -> int:
    """The team's memory, the translated and approved entries (of ``states``) of every
    catalog, as TMX 1.4b at ``path``; returns how many units it holds."""
    kept = states & {State.TRANSLATED, State.APPROVED}
    units = [TranslationUnit(entry.source, entry.text, lang, entry.state)
             for doc in settings.documents() for lang in settings.languages
             if settings.catalog_path(doc, lang).exists()
             for entry in entries(_catalog(settings, doc, lang))
             if entry.state in kept and not entry.plural]
    TmxFormat().write_units(path, units, settings.source_language)
    return len(units)


def _catalog(settings: Settings, doc: str, lang: str) -> Catalog:
    if doc not in settings.documents():
        raise UserError(f"no document {doc!r} (known: {', '.join(settings.documents())})")
    if lang not in settings.languages:
        raise UserError(f"{lang!r} is not a language of this project "
                        f"({', '.join(settings.languages)})")
    if not settings.catalog_path(doc, lang).exists():
        raise UserError(f"no catalog of {doc!r} in {lang!r} "
                        f"(run 'translate-letter update -l {lang}')")
    return load_document_catalog(settings, doc, lang)


# -- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    """A unit not taken: an entry changed since the export (``ours`` is its text now), or
    one whose translation the review's rule refuses (``reason``)."""

    doc: str
    lang: str
    id: str
    source: str
    ours: str
    theirs: str
    reason: str = ""


@dataclass
class ImportReport:
    """What an import did: the entries it changed, left alone as they were, found changed
    since the export, refused, and the units whose source the documents no longer have."""

    name: str
    taken: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, lang, id, src
    unchanged: int = 0
    conflicts: list[Clash] = field(default_factory=list)
    refused: list[Clash] = field(default_factory=list)
    gone: list[tuple[str, str]] = field(default_factory=list)  # id, source

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.refused

    def summary(self) -> str:
        return (f"{self.name}: {len(self.taken)} taken, {self.unchanged} unchanged, "
                f"{len(self.conflicts)} in conflict, {len(self.refused)} refused, "
                f"{len(self.gone)} no longer in the documents")

    def as_dict(self) -> dict:
        return {
            "file": self.name, "taken": [{"doc": d, "lang": lang, "id": i, "source": s}
                                         for d, lang, i, s in self.taken],
            "unchanged": self.unchanged,
            "conflicts": [c.__dict__ for c in self.conflicts],
            "refused": [c.__dict__ for c in self.refused],
            "gone": [{"id": i, "source": s} for i, s in self.gone],
        }


@dataclass(frozen=True)
class Importer:
    """Who imports (``name``, recorded as the translator), whether as drafts, and the one
    catalog (document, language) a file must be for, when it is uploaded to one."""

    name: str
    draft: bool = False
    only: tuple[str, str] | None = None


def import_file(settings: Settings, path: Path, importer: Importer) -> ImportReport:
    """Import the XLIFF, TMX or PO file at ``path`` (see the module's rule)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    _refuse_size(path.name, size)
    return import_data(settings, path.name, path.read_bytes(), importer, path)


def import_data(settings: Settings, name: str, data: bytes, importer: Importer,
                path: Path | None = None) -> ImportReport:
    """Import ``data``, a file called ``name`` (an upload, or the file at ``path``)."""
    _refuse_size(name, len(data))
    suffix = Path(name).suffix.lower()
    if suffix in (".xlf", ".xliff"):
        return _import_xliff(settings, name, read_xliff(data, name), importer)
    if path is None:
        raise UserError(f"{name}: upload an XLIFF file (.xlf, .xliff)")
    fmt = format_for(path)
    units = list(fmt.units(path, settings.source_language))
    return _import_units(settings, name, units, importer)


def _refuse_size(name: str, size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise UserError(f"{name}: {size // (1024 * 1024)} MB is more than the "
                        f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB a file to import may hold")
    assert MAX_IMPORT_BYTES <= MAX_BYTES


def _import_xliff(settings: Settings, name: str, files: list[XliffFile],
                  importer: Importer) -> ImportReport:
    if not files:
        raise UserError(f"{name}: holds no file element")
    for found in files:  # every file element is checked before anything is written
        _check_target(settings, name, found.document, found.target_language)
        lang = _language(settings, found.target_language)
        if importer.only and importer.only != (found.document, lang):
            raise UserError(f"{name}: a file for {found.document}/{lang}, "
                            f"not {'/'.join(importer.only)}")
        if primary(found.source_language or settings.source_language) != \
                primary(settings.source_language):
            raise UserError(f"{name}: its source language is {found.source_language!r}, "
                            f"not this project's {settings.source_language!r}")
    report = ImportReport(name)
    with acquire(project_lock(settings)):
        for found in files:
            lang = _language(settings, found.target_language)
            _apply(settings, found.document, lang, report, importer,
                   lambda catalog, units=found.units: _by_id(catalog, units, report))
    return report


def _check_target(settings: Settings, name: str, doc: str, lang: str) -> None:
    if doc not in settings.documents():
        raise UserError(f"{name}: a file for the document {doc!r}, which this project does "
                        f"not have (its documents: {', '.join(settings.documents())})")
    _language(settings, lang, name)
    if not settings.catalog_path(doc, _language(settings, lang)).exists():
        raise UserError(f"{name}: no catalog of {doc!r} in {lang!r} to import into "
                        f"(run 'translate-letter update -l {lang}')")


def _project_language(settings: Settings, lang: str) -> str | None:
    """The project's code for ``lang`` (``fa-IR`` → ``fa``), or None."""
    exact = [code for code in settings.languages if code == lang.replace("-", "_")]
    near = [code for code in settings.languages if primary(code) == primary(lang)]
    return (exact or near or [None])[0]


def _language(settings: Settings, lang: str, name: str = "") -> str:
    """The project's code for ``lang``, or a one-line error."""
    code = _project_language(settings, lang)
    if code is not None:
        return code
    raise UserError(f"{name}: a file in {lang!r}, which is not a language of this project "
                    f"({', '.join(settings.languages)})")


def _by_id(catalog: Catalog, units: list[XliffUnit], report: ImportReport
           ) -> Iterable[tuple[Entry, tuple[str, ...], str | None]]:
    """(entry, imported forms, base) of each unit, matched by the entry's id."""
    known = {entry.id: entry for entry in entries(catalog)}
    for unit in units:
        entry = known.get(unit.id)
        if entry is None or entry.sources != unit.sources[:len(entry.sources)]:
            report.gone.append((unit.id, unit.sources[0]))
            continue
        yield entry, unit.targets, unit.base


def _import_units(settings: Settings, name: str, units: list[TranslationUnit],
                  importer: Importer) -> ImportReport:
    """A TMX or PO file: its units fill the entries whose source they have, by language."""
    by_language: dict[str, dict[str, str]] = {}
    for unit in units:
        if unit.target and unit.state is not State.UNTRANSLATED:
            lang = _project_language(settings, unit.lang)
            if lang is not None:  # a shared memory's other languages are not ours
                by_language.setdefault(lang, {})[unit.source] = unit.target
    if not by_language:
        raise UserError(f"{name}: holds no translation into a language of this project")
    report = ImportReport(name)
    matched = False
    with acquire(project_lock(settings)):
        for lang, texts in by_language.items():
            for doc in settings.documents():
                if not settings.catalog_path(doc, lang).exists():
                    continue

                def matching(catalog: Catalog, texts: dict = texts):
                    for entry in entries(catalog):
                        if not entry.plural and entry.source in texts:
                            yield entry, (texts[entry.source],), None
                before = len(report.taken) + report.unchanged + len(report.conflicts)
                _apply(settings, doc, lang, report, importer, matching)
                matched |= len(report.taken) + report.unchanged + len(report.conflicts) \
                    > before
    if not matched:
        raise UserError(f"{name}: none of its sentences is in this project's documents")
    return report


def _apply(settings: Settings, doc: str, lang: str, report: ImportReport,
           importer: Importer, matched) -> None:
    """Read the catalog as it is now (under the caller's lock), take each matched unit the
    rule allows, and write the catalog once when something changed."""
    path = settings.catalog_path(doc, lang)
    catalog = load_document_catalog(settings, doc, lang)
    changed = False
    for entry, forms, base in matched(catalog):
        forms = tuple(forms[:len(entry.translations) or 1])
        if not any(forms) or forms == entry.translations:
            report.unchanged += 1
            continue
        clash = _clash(doc, lang, entry, forms, base)
        if clash is not None:
            report.conflicts.append(clash)
            continue
        try:
            text = _normalized(entry.message, forms)
        except (ReviewError, RefusedText) as exc:
            report.refused.append(Clash(doc, lang, entry.id, entry.source, entry.text,
                                        "\n".join(forms), str(exc)))
            continue
        if importer.draft:
            mark_draft(entry.message, text, f"import:{report.name}")
        else:
            mark_translated(entry.message, text, importer.name, via=f"import:{report.name}")
        report.taken.append((doc, lang, entry.id, entry.source))
        changed = True
    if changed:
        save_catalog(path, catalog)


def _clash(doc: str, lang: str, entry: Entry, forms: tuple[str, ...],
           base: str | None) -> Clash | None:
    """Why the unit may not replace the entry's text, or None: with a base, the entry must
    still be what was exported; without one, it must hold no person's translation."""
    if base is not None:
        changed = base != base_of(entry.state, entry.translations)
    else:
        changed = entry.state not in (State.UNTRANSLATED, State.DRAFT)
    if not changed:
        return None
    return Clash(doc, lang, entry.id, entry.source, entry.text, "\n".join(forms),
                 "changed since the export" if base else "a person's translation")


def _normalized(message: Message, forms: tuple[str, ...]) -> str | tuple[str, ...]:
    """The forms as the review app would store them (its rule refuses what msgfmt would)."""
    texts = tuple(normalize_translation(message, form) for form in forms)
    return texts[0] if isinstance(message.id, str) else texts
