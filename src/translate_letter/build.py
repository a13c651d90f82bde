"""Build localized documents from the catalogs: the pipeline's last stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import admitted_translations, catalog_stats, load_catalog
from .config import Settings
from .document import segment
from .errors import UserError
from .extract import read_source
from .fileio import atomic_write_bytes
from .provenance import INCLUDE_LEVELS
from .render import WRITERS, Letter

DEFAULT_MIN_COMPLETE = 80.0


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one reason per language left out


def output_path(out_dir: Path, lang: str, doc: str, fmt: str) -> Path:
    return out_dir / lang / f"{doc}.{fmt}"


def check_formats(formats: list[str]) -> list[str]:
    """Expand ``all`` and reject unknown formats before anything is built."""
    chosen: list[str] = []
    for fmt in formats or ["txt"]:
        names = list(WRITERS) if fmt == "all" else [fmt]
        for name in names:
            if name not in WRITERS:
                known = ", ".join(WRITERS)
                raise UserError(f"unknown format {name!r} (known: {known}, all)")
            if name not in chosen:
                chosen.append(name)
    return chosen


def load_letter(settings: Settings, doc: str, lang: str, include: str) -> tuple[Letter, float]:
    """The letter for ``doc`` in ``lang`` and how complete (%) it is at ``include`` level."""
    if include not in INCLUDE_LEVELS:
        raise UserError(f"unknown --include level {include!r}")
    catalog = load_catalog(settings.catalog_path(doc, lang))
    text = read_source(settings.source_path(doc))
    letter = Letter(
        doc=doc,
        lang=lang,
        document=segment(text),
        translations=admitted_translations(catalog, include),
        include=include,
    )
    return letter, catalog_stats(doc, lang, catalog).complete(include)


def build(
    settings: Settings,
    languages: list[str],
    formats: list[str],
    include: str = "translated",
    min_complete: float = DEFAULT_MIN_COMPLETE,
    out_dir: Path | None = None,
) -> BuildReport:
    """Write ``<out>/<lang>/<doc>.<ext>`` for each language complete enough at ``include``."""
    formats = check_formats(formats)
    out_dir = out_dir or settings.root / "dist"
    docs = settings.documents()
    if not docs:
        raise UserError(f"{settings.locales_dir}: no templates (run 'translate-letter extract')")
    letters = [
        load_letter(settings, doc, lang, include) for doc in docs for lang in languages
    ]  # every catalog and source is read and checked before anything is written
    report = BuildReport()
    for letter, complete in letters:
        if complete < min_complete:
            report.skipped.append(
                f"{letter.lang}: {letter.doc} is {complete:.0f}% complete at --include "
                f"{include}, below --min-complete {min_complete:g}; review more entries or "
                f"pass --min-complete {int(complete)}"
            )
            continue
        for fmt in formats:
            target = output_path(out_dir, letter.lang, letter.doc, fmt)
            atomic_write_bytes(target, WRITERS[fmt](letter))
            report.written.append(target)
    return report
