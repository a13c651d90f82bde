"""Build localized documents from the catalogs: the pipeline's last stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from .catalog.entry import entries, join
from .catalog.files import atomic_write_bytes
from .catalog.project import document_template, load_document_catalog
from .catalog.states import INCLUDE_LEVELS, State
from .catalog.stats import catalog_stats
from .checks import ERROR, Finding, run_checks
from .core.config import Settings
from .core.document import Document, segment
from .core.errors import N_, UserError
from .extract import read_source
from .interface import SOURCE_LANGUAGE, translate
from .languages import profile
from .render import (
    BILINGUAL_WRITERS,
    WRITERS,
    Letter,
    RenderFailed,
    file_name,
    render_letter,
)
from .render.letter import letter_date
from .render.structure import list_numbering

DEFAULT_MIN_COMPLETE = 80.0
# What a letter holding drafts says above its text and stamps across its pages, in its
# language (from the interface catalogs, else its profile's own words) and in English.
DRAFT_NOTICE = N_("Draft — parts of this translation have not been reviewed yet. Do not "
                  "sign or send it before review.")
DRAFT_WATERMARK = N_("DRAFT")


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why a language or file is left out
    warnings: list[str] = field(default_factory=list)  # what a written file lacks, and why


def output_path(out_dir: Path, lang: str, doc: str, fmt: str, bilingual: bool = False) -> Path:
    return out_dir / lang / file_name(doc, fmt, bilingual)


def check_formats(formats: list[str]) -> list[str]:
    """Expand ``all`` and comma lists; reject unknown formats before anything is built."""
    chosen: list[str] = []
    for item in formats or ["txt"]:
        for fmt in filter(None, (f.strip() for f in item.split(","))):
            names = list(WRITERS) if fmt == "all" else [fmt]
            for name in names:
                if name not in WRITERS:
                    known = ", ".join(WRITERS)
                    raise UserError(f"unknown format {name!r} (known: {known}, all)")
                if name not in chosen:
                    chosen.append(name)
    return chosen


def editions(formats: list[str], bilingual: bool) -> list[tuple[str, bool]]:
    """(format, bilingual) of every file a build writes per language."""
    chosen = [(fmt, False) for fmt in formats]
    if bilingual:
        sided = [(fmt, True) for fmt in formats if fmt in BILINGUAL_WRITERS]
        if not sided:
            known = ", ".join(BILINGUAL_WRITERS)
            raise UserError(f"--bilingual needs one of the formats {known}")
        chosen += sided
    return chosen


def load_letter(settings: Settings, doc: str, lang: str, include: str,
                document: Document | None = None) -> tuple[Letter, float]:
    """The letter for ``doc`` in ``lang`` and how complete (%) it is at ``include`` level;
    ``document`` is its source segmented already, if it is."""
    if include not in INCLUDE_LEVELS:
        raise UserError(f"unknown --include level {include!r}")
    catalog = load_document_catalog(settings, doc, lang)
    if document is None:
        document = segment(read_source(settings.source_path(doc)))
    letter = letter_of(settings, doc, lang, include, catalog, document)
    stats = catalog_stats(doc, lang, catalog, document_template(settings, doc))
    return letter, stats.complete(include)


def letter_of(settings: Settings, doc: str, lang: str, include: str, catalog: Catalog,
              document: Document) -> Letter:
    """The letter ``document`` becomes with the translations of ``catalog`` that the
    ``include`` level admits, joined to its sentences by place and text."""
    joined = join(document, entries(catalog))
    admitted = INCLUDE_LEVELS[include]
    chosen = {key: entry for key, entry in joined.entries.items() if entry.state in admitted}
    translations = {key: entry.translation for key, entry in chosen.items()}
    drafts = frozenset(key for key, entry in chosen.items() if entry.state is State.DRAFT)
    return Letter(
        doc=doc,
        lang=lang,
        document=document,
        translations=translations,
        include=include,
        drafts=drafts,
        numbering=list_numbering(settings.extra, lang),
        draft_notices=draft_notices(lang),
        watermark=draft_watermark(lang),
        date=letter_date(revised(catalog)),
        stale=joined.stale(settings.source_path(doc).name),
    )


def _in_language(lang: str, message: str, own: str | None) -> str | None:
    """``message`` in ``lang``: the interface catalogs' translation, else the language
    profile's ``own`` words, else None."""
    found = translate(lang, message)
    return found if found != message else own


def draft_notices(lang: str) -> tuple[tuple[str, str], ...]:
    """(language, text) of the drafts notice: the letter's language first, then English."""
    if profile(lang).base == SOURCE_LANGUAGE:
        return ((lang, DRAFT_NOTICE),)
    own = _in_language(lang, DRAFT_NOTICE, profile(lang).draft_notice)
    return (*(((lang, own),) if own else ()), (SOURCE_LANGUAGE, DRAFT_NOTICE))


def draft_watermark(lang: str) -> str:
    """The word stamped across every page of a draft: the letter's language and English."""
    own = _in_language(lang, DRAFT_WATERMARK, profile(lang).watermark)
    return " · ".join(dict.fromkeys(w for w in (own, DRAFT_WATERMARK) if w))


def revised(catalog: Catalog) -> datetime | None:
    """When ``catalog`` was last revised: its PO-Revision-Date, else (a catalog never revised
    keeps gettext's placeholder there) the POT-Creation-Date of its template."""
    for date in (catalog.revision_date, catalog.creation_date):
        if isinstance(date, datetime):
            return date
    return None


def incomplete_reason(letter: Letter, complete: float, min_complete: float) -> str:
    """Why a language is left out and what to do about it, in one line."""
    include = letter.include
    advice = f"review more entries, or pass --min-complete {int(complete)} to write it anyway"
    if include != "drafts":
        advice = (f"review more entries, build with --include drafts, "
                  f"or pass --min-complete {int(complete)} to write it anyway")
    return (f"{letter.lang}: {letter.doc} is {complete:.0f}% complete at --include {include}, "
            f"below --min-complete {min_complete:g}; {advice}")


def build(
    settings: Settings,
    languages: list[str],
    formats: list[str],
    include: str = "translated",
    min_complete: float = DEFAULT_MIN_COMPLETE,
    out_dir: Path | None = None,
    bilingual: bool = False,
    strict: bool = False,
) -> BuildReport:
    """Write ``<out>/<lang>/<doc>.<ext>`` for each language complete enough at ``include``.

    With ``bilingual``, also ``<doc>.bilingual.<ext>`` for the formats that have one.
    With ``strict``, a letter whose admitted translations have error-level QA findings is
    left out, as one below ``min_complete`` is.  A catalog that cannot be read leaves its
    language out (when no language can be read, that is the :class:`UserError`), and a file
    that cannot be made is left out alone: the report says why, and every other file and
    language is written.
    """
    chosen = editions(check_formats(formats), bilingual)
    out_dir = out_dir or settings.root / "dist"
    docs = settings.documents()
    if not docs:
        raise UserError(f"{settings.locales_dir}: no templates (run 'translate-letter extract')")
    if include not in INCLUDE_LEVELS:
        raise UserError(f"unknown --include level {include!r}")
    letter_date(None)  # a bad setting or SOURCE_DATE_EPOCH stops the build before it starts
    for lang in languages:
        list_numbering(settings.extra, lang)
    report = BuildReport()
    letters = []  # every catalog and source is read before anything is written
    for doc in docs:
        for lang in languages:
            try:
                letters.append(load_letter(settings, doc, lang, include))
            except UserError as exc:
                if not letters and len(report.skipped) + 1 == len(docs) * len(languages):
                    raise  # nothing can be built: bad input, not a partial failure
                report.skipped.append(f"{lang}: {doc} cannot be read: {exc}")
    readable = list(dict.fromkeys(letter.lang for letter, _ in letters))
    errors = qa_errors(settings, readable) if strict and readable else {}
    for letter, complete in letters:
        if complete < min_complete:
            report.skipped.append(incomplete_reason(letter, complete, min_complete))
            continue
        printed = {text for _, text in letter.translations}
        blocking = [f for f in errors.get((letter.doc, letter.lang), []) if f.msgid in printed]
        if blocking:
            report.skipped.append(
                f"{letter.lang}: {letter.doc} has {len(blocking)} QA error(s) in the text it "
                f"would print (first: {blocking[0].check}: {blocking[0].message}); fix them or "
                f"run 'translate-letter check -l {letter.lang}'")
            continue
        if letter.stale:
            report.warnings.append(f"{letter.lang}: {letter.stale}")
        for fmt, sided in chosen:
            target = output_path(out_dir, letter.lang, letter.doc, fmt, sided)
            try:
                atomic_write_bytes(target, render_letter(letter, fmt, sided))
            except RenderFailed as exc:
                report.skipped.append(str(exc))
                continue
            report.written.append(target)
    return report


def qa_errors(settings: Settings, languages: list[str]) -> dict[tuple[str, str], list[Finding]]:
    """Error-level QA findings per (doc, lang), as ``translate-letter check`` reports them."""
    found: dict[tuple[str, str], list[Finding]] = {}
    for finding in run_checks(settings, languages):
        if finding.level == ERROR:
            found.setdefault((finding.doc, finding.lang), []).append(finding)
    return found
