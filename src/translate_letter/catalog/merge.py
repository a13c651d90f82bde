"""Merging a changed template into the catalogs, as msgmerge does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from ..config import Settings
from ..errors import UserError
from .entry import messages
from .reader import load_catalog
from .states import mark_source_changed
from .writer import save_catalog


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
