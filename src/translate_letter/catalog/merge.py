"""Merging a changed template into the catalogs, deciding as GNU msgmerge does.

For each entry of the template, in its order:

- the same msgid (and msgctxt) in the catalog keeps its translation, state and comments;
- the same msgid among the catalog's obsolete entries (``#~``) comes back with its
  translation, state and comments;
- otherwise the translated entry (obsolete ones included) whose msgid is most like it, if
  at least 60 % alike (:mod:`..similarity`, msgmerge's measure, threshold and candidate
  index), lends its translation: the new entry is a draft (``# draft: source-changed``,
  ``#, fuzzy``) and keeps the msgid it was translated from (``#| msgid``).

Translated entries whose msgid left the template become obsolete; untranslated ones go.
Where this differs from msgmerge, it is on purpose: every fuzzy entry keeps its previous
msgid (msgmerge writes none when the match was an obsolete entry), and a source-changed
entry says so in its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from ..config import Settings
from ..errors import UserError
from ..similarity import CONTEXT_PENALTY, FLOOR, SimilarityIndex
from .entry import Entry, messages
from .files import atomic_write_bytes
from .lock import acquire, project_lock
from .project import document_template, load_document_catalog
from .states import State, has_translation, mark_source_changed, state_of
from .writer import po_bytes

CANDIDATES = 5  # matches weighed for a context penalty before the best is chosen
_PEOPLE = (State.TRANSLATED, State.APPROVED)


class SourceWouldWipe(UserError):
    """A template that would make most of a catalog's translations obsolete."""


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
    merge(catalog, template)
    return catalog


def _key(message: Message) -> tuple[str | None, str]:
    return (message.context, Entry(message).source)


def _fresh(template: Message) -> Message:
    """An untranslated copy of a template entry."""
    string: str | tuple[str, ...] = ("", "") if Entry(template).is_plural else ""
    return Message(template.id, string, locations=list(template.locations),
                   flags=set(template.flags) - {"fuzzy"},
                   auto_comments=list(template.auto_comments), context=template.context)


def _refresh(message: Message, template: Message) -> Message:
    """``message`` with the template's locations, comments and flags (its own fuzzy kept)."""
    message.locations = list(template.locations)
    message.auto_comments = list(template.auto_comments)
    message.flags = (set(template.flags) - {"fuzzy"}) | (message.flags & {"fuzzy"})
    return message


def _borrowed(template: Message, match: Message) -> Message:
    """A draft of ``template`` with the translation of the similar entry ``match``."""
    message = _fresh(template)
    translations = Entry(match).translations
    if Entry(template).is_plural:
        message.string = (translations + ("",) * 2)[:max(2, len(translations))]
    else:
        message.string = translations[0]
    message.user_comments = list(match.user_comments)
    message.previous_id = list(Entry(match).sources)
    mark_source_changed(message)
    return message


def _best_match(index: SimilarityIndex[Message], template: Message) -> Message | None:
    found = index.search(Entry(template).source, FLOOR, CANDIDATES)
    best, best_score = None, 0.0
    for score, match in found:
        if match.context != template.context:
            score *= CONTEXT_PENALTY
        if score >= FLOOR and score > best_score:
            best, best_score = match, score
    return best


def merge(catalog: Catalog, template: Catalog) -> Catalog:
    """Merge ``template`` into ``catalog`` in place (see the module's docstring)."""
    current = {_key(m): m for m in messages(catalog)}
    obsolete = {_key(m): m for m in catalog.obsolete.values()}
    index: SimilarityIndex[Message] = SimilarityIndex()
    for message in [*current.values(), *obsolete.values()]:
        if has_translation(message):
            index.add(message, Entry(message).source)
    merged: list[Message] = []
    for wanted in messages(template):
        key = _key(wanted)
        if key in current and Entry(current[key]).is_plural == Entry(wanted).is_plural:
            merged.append(_refresh(current.pop(key), wanted))
        elif key in obsolete and Entry(obsolete[key]).is_plural == Entry(wanted).is_plural:
            merged.append(_refresh(obsolete.pop(key), wanted))
        else:
            match = _best_match(index, wanted)
            merged.append(_borrowed(wanted, match) if match else _fresh(wanted))
    for message in messages(catalog):
        catalog.delete(message.id, message.context)
    for message in merged:
        catalog[message.id] = message
    gone = [m for m in current.values() if has_translation(m)] + list(obsolete.values())
    catalog.obsolete.clear()
    active = {_key(m) for m in merged}
    for message in gone:
        if _key(message) not in active:
            message.locations = []
            catalog.obsolete[Entry(message).key] = message
    catalog.creation_date = template.creation_date
    return catalog


def refuse_wiping(catalog: Catalog, template: Catalog, name: str) -> None:
    """Raise :class:`SourceWouldWipe` when ``template`` would make more than half of the
    translated entries of ``catalog`` obsolete (or is empty while it has any)."""
    translated = [m for m in messages(catalog) if has_translation(m)]
    if not translated:
        return
    kept = {_key(m) for m in messages(template)}
    lost = sum(1 for m in translated if _key(m) not in kept)
    if not kept or 2 * lost > len(translated):
        raise SourceWouldWipe(
            f"{name}: the new source would make {lost} of its {len(translated)} translated "
            "entries obsolete; check the source document, or use --force")


@dataclass(frozen=True)
class UpdateResult:
    """What ``update`` did to one catalog."""

    path: Path
    created: bool
    changed: int  # entries that are drafts now because their source changed
    obsolete: int  # obsolete entries (``#~``) kept for their translations
    left_alone: int  # translated or approved entries kept exactly as they were


def _update_one(settings: Settings, doc: str, template: Catalog, lang: str,
                force: bool) -> tuple[UpdateResult, bytes]:
    """What ``update`` makes of one catalog, and the bytes to write (not written yet)."""
    path = settings.catalog_path(doc, lang)
    if not path.exists():
        return UpdateResult(path, True, 0, 0, 0), po_bytes(new_catalog(template, lang))
    catalog = load_document_catalog(settings, doc, lang, allow_empty=force)
    if not force:
        refuse_wiping(catalog, template, str(path))
    before = {_key(m) for m in messages(catalog)}
    people = {_key(m) for m in messages(catalog) if state_of(m) in _PEOPLE}
    merge(catalog, template)
    changed = sum(1 for m in messages(catalog)
                  if m.fuzzy and m.previous_id and _key(m) not in before)
    left_alone = sum(1 for m in messages(catalog) if _key(m) in people)
    try:
        data = po_bytes(catalog)
    except UserError as exc:  # a new source its charset cannot hold
        raise UserError(f"{path}: {exc}") from None
    return UpdateResult(path, False, changed, len(catalog.obsolete), left_alone), data


def update_catalogs(settings: Settings, languages: list[str],
                    force: bool = False) -> list[UpdateResult]:
    """Create missing catalogs and merge every template into existing ones.

    Under the project lock, every catalog is read, merged and turned into bytes before any
    is written: a refusal (a catalog that cannot be read, a translation its charset cannot
    hold) leaves every file as it was, and a save the review app wrote before is merged,
    never overwritten.
    """
    docs = settings.documents()
    if not docs:
        raise UserError(f"{settings.locales_dir}: no templates (run 'translate-letter extract')")
    templates = {doc: document_template(settings, doc) for doc in docs}
    for doc, template in templates.items():
        if not messages(template) and not force:
            raise SourceWouldWipe(f"{settings.template_path(doc)}: the template is empty "
                                  "(an empty source document?); use --force to update anyway")
    with acquire(project_lock(settings)):
        planned = [_update_one(settings, doc, template, lang, force)
                   for doc, template in templates.items() for lang in languages]
        for result, data in planned:
            atomic_write_bytes(result.path, data)
    return [result for result, _ in planned]
