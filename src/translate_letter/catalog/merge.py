"""Merging a changed template into the catalogs, deciding as ``msgmerge --previous`` does.

For each entry of the template, in its order (GNU gettext's ``msgmerge.c``):

- the entry of the catalog with the same msgctxt and msgid, obsolete ones included, keeps
  its translation, translator comments and state, with the template's locations, extracted
  comments and flags.  It becomes a draft when its plural changed (a ``msgid_plural``
  added, removed or reworded), or when the template adds a format flag (``#,
  python-brace-format``) that its translation breaks, which ``msgfmt -c`` would refuse;
- otherwise the entry most like it (:mod:`..similarity`: msgmerge's measure, threshold,
  candidates and order, a match in the same or no msgctxt favoured) among those with a
  translation, drafts and obsolete ones included, lends its translation: the new entry is a
  draft with the msgctxt and msgid it was translated from (``#| msgctxt``, ``#| msgid``);
- otherwise it is untranslated, with as many plural forms as the catalog's Plural-Forms.

A singular translation given to a plural entry fills every plural form; a plural one given
to a singular entry gives its first form; either makes a draft.  The catalog's entries that
served none of the template's become obsolete (``#~``) when they have a translation and go
otherwise; an entry that lent its translation goes too (its msgid lives on as the previous
msgid of the draft it lent to).  The header stays as found, with ``POT-Creation-Date`` and
``Report-Msgid-Bugs-To`` from the template (:mod:`.header`).

What translate-letter adds, as its README promises, without changing a decision: an entry
that this merge makes a draft because its source changed says so in its provenance
(``# draft: source-changed DATE``) instead of the state it had; and a draft whose lender was
itself a draft without a previous msgid gets the lender's msgid as its previous msgid
(msgmerge writes none then), so that a reviewer always sees what changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from ..core.config import Settings
from ..core.errors import UserError
from ..core.similarity import SimilarityIndex
from .entry import Entry, messages, new_message, previous_context, set_previous_context
from .files import atomic_write_bytes
from .header import (
    FileCatalog,
    add_language_field,
    start_from_template,
    take_template_fields,
)
from .lock import acquire, project_lock
from .msgfmt import MsgfmtMissing, format_flags, format_problems
from .project import document_template, load_document_catalog
from .states import State, has_translation, mark_source_changed, state_of
from .writer import po_bytes

_PEOPLE = (State.TRANSLATED, State.APPROVED)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


class SourceWouldWipe(UserError):
    """A template that would make most of a catalog's translations obsolete."""


def new_catalog(template: Catalog, lang: str) -> Catalog:
    """A fresh catalog for ``lang``: the header of a template read from a file as found,
    with Language, Plural-Forms from Babel's locale data, and the team and charset where it
    has placeholders (as msginit fills them in); this project's header for a template made
    in memory."""
    locale = Locale.parse(lang.replace("-", "_"))
    team = f"{locale.english_name} <{lang}@li.org>"
    if isinstance(template, FileCatalog) and template.header_text is not None:
        catalog = FileCatalog(locale=locale, domain=None, fuzzy=False)
        start_from_template(catalog, template, lang, team)
    else:
        catalog = Catalog(
            locale=locale,
            domain=None,
            project=template.project,
            version=template.version,
            charset="utf-8",
            fuzzy=False,
            language_team=team,
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


def _plural_forms(catalog: Catalog) -> str | None:
    return dict((n.lower(), v) for n, v in catalog.mime_headers).get("plural-forms")


def _nplurals(catalog: Catalog) -> int:
    """msgmerge's number of plural forms: the Plural-Forms header's, else 2."""
    found = _NPLURALS.search(_plural_forms(catalog) or "")
    return int(found.group(1)) if found and int(found.group(1)) > 0 else 2


class _Definitions:
    """The catalog's entries as msgmerge looks them up: exactly by msgctxt and msgid, or the
    most alike among those whose (first) translation is not empty."""

    def __init__(self, catalog: Catalog) -> None:
        self.entries = [*messages(catalog), *catalog.obsolete.values()]
        self.exact: dict[tuple[str | None, str], Message] = {}
        for message in self.entries:
            self.exact.setdefault(_key(message), message)
        self._index: SimilarityIndex[Message] | None = None

    def find(self, wanted: Message) -> tuple[Message | None, bool]:
        """The entry that gives ``wanted`` its translation, and whether by likeness."""
        found = self.exact.get(_key(wanted))
        if found is not None:
            return found, False
        if self._index is None:
            self._index = SimilarityIndex()
            for message in self.entries:
                if Entry(message).translation:
                    self._index.add(message, Entry(message).source)
        context = wanted.context
        match = self._index.closest(Entry(wanted).source,
                                    lambda m: m.context is None or m.context == context)
        return match, match is not None


@dataclass
class _Merged:
    """One template entry after the merge, and where its translation came from."""

    message: Message
    source: Message | None  # the catalog's entry it took its translation from
    by_likeness: bool  # from an entry with another msgid or msgctxt
    fuzzy: bool


def _fresh(wanted: Message, nplurals: int) -> Message:
    """The template's entry, untranslated (msgmerge copies it, with ``nplurals`` forms)."""
    string: str | tuple[str, ...] = ("",) * nplurals if Entry(wanted).plural else ""
    return new_message(wanted.id, string, locations=list(wanted.locations), flags=wanted.flags,
                       auto_comments=list(wanted.auto_comments),
                       user_comments=list(wanted.user_comments), context=wanted.context)


def _merged(found: Message, wanted: Message, by_likeness: bool, nplurals: int) -> _Merged:
    """msgmerge's ``message_merge``: the template's msgid, msgctxt, locations, extracted
    comments and flags; the catalog's translation and translator comments."""
    have, want = Entry(found), Entry(wanted)
    fuzzy = by_likeness or found.fuzzy or have.sources[1:] != want.sources[1:]
    if want.plural and not have.plural:
        string: str | tuple[str, ...] = (have.translation,) * nplurals
        fuzzy = True
    elif have.plural and not want.plural:
        string = have.translation
        fuzzy = fuzzy or len(have.translations) > 1
    else:
        string = found.string if isinstance(found.string, str) else tuple(found.string)
    message = new_message(wanted.id, string, locations=list(wanted.locations),
                          flags=set(wanted.flags) - {"fuzzy"},
                          auto_comments=list(wanted.auto_comments),
                          user_comments=list(found.user_comments), context=wanted.context)
    if found.fuzzy and (found.previous_id or not by_likeness):  # what it was made for
        set_previous_context(message, previous_context(found))
        message.previous_id = list(found.previous_id or ())
    else:
        set_previous_context(message, found.context)
        message.previous_id = list(have.sources)
    return _Merged(message, found, by_likeness, fuzzy)


def _broken_formats(merged: list[_Merged], catalog: Catalog, nplurals: int) -> None:
    """Make drafts of the entries whose translation breaks a format flag the template added
    (msgmerge: "msgmerge must not transform a PO file which passes msgfmt -c into a PO file
    which doesn't")."""
    checked, probes = [], []
    for item in merged:
        if item.source is None or item.fuzzy or not Entry(item.message).translation:
            continue
        added = _possible_formats(item.message) - _possible_formats(item.source)
        if added:
            checked.append(item)
            probes.append(new_message(item.message.id, item.message.string, flags=added,
                                      context=item.message.context))
    if not checked:
        return
    try:
        problems = format_problems(probes, _plural_forms(catalog), nplurals)
    except MsgfmtMissing:  # unchecked: a person looks at each again
        problems = dict.fromkeys(range(len(checked)), "")
    for position in problems:
        checked[position].fuzzy = True


def _possible_formats(message: Message) -> set[str]:
    return {flag.removeprefix("possible-") for flag in format_flags(message)}


def _source_changed(item: _Merged) -> bool:
    """Whether the merge made a draft of the entry because its source changed."""
    return item.fuzzy and item.source is not None and (item.by_likeness or
                                                          not item.source.fuzzy)


def _finish(item: _Merged) -> Message:
    message = item.message
    if item.fuzzy:
        message.flags.add("fuzzy")
        if _source_changed(item) and has_translation(message):
            mark_source_changed(message)
    if not item.fuzzy or not Entry(message).translation:  # as msgmerge: no previous then
        set_previous_context(message, None)
        message.previous_id = []
    return message


@dataclass(frozen=True)
class Merge:
    """What a merge did."""

    borrowed: int  # entries that are drafts now because their source changed
    obsolete: int  # obsolete entries (``#~``) kept for their translations


def _matches(catalog: Catalog, template: Catalog) -> list[_Merged]:
    definitions = _Definitions(catalog)
    nplurals = _nplurals(catalog)
    merged = []
    for wanted in messages(template):
        found, by_likeness = definitions.find(wanted)
        merged.append(_merged(found, wanted, by_likeness, nplurals) if found is not None
                      else _Merged(_fresh(wanted, nplurals), None, False, False))
    return merged


def merge(catalog: Catalog, template: Catalog) -> Merge:
    """Merge ``template`` into ``catalog`` in place (see the module's docstring)."""
    merged = _matches(catalog, template)
    _broken_formats(merged, catalog, _nplurals(catalog))
    used = {id(item.source) for item in merged}
    unused = [m for m in [*messages(catalog), *catalog.obsolete.values()]
              if id(m) not in used and Entry(m).translation]
    for message in messages(catalog):
        catalog.delete(message.id, message.context)
    for item in merged:
        catalog[item.message.id] = _finish(item)
    catalog.obsolete.clear()
    for message in unused:
        message.locations, message.auto_comments = [], []
        catalog.obsolete[Entry(message).key] = message
    take_template_fields(catalog, template)
    add_language_field(catalog)
    borrowed = sum(1 for item in merged if _source_changed(item))
    return Merge(borrowed, len(unused))


def refuse_wiping(catalog: Catalog, template: Catalog, name: str) -> None:
    """Raise :class:`SourceWouldWipe` when ``template`` would make more than half of the
    translated entries of ``catalog`` obsolete (or is empty while it has any).

    An entry whose msgid left the template is not lost when it lends its translation to a
    similar one; that search runs only when the msgids alone would refuse."""
    translated = [m for m in messages(catalog) if has_translation(m)]
    if not translated:
        return
    kept = {_key(m) for m in messages(template)}
    gone = [m for m in translated if _key(m) not in kept]
    if kept and 2 * len(gone) > len(translated):
        used = {id(item.source) for item in _matches(catalog, template)}
        gone = [m for m in gone if id(m) not in used]
    if not kept or 2 * len(gone) > len(translated):
        raise SourceWouldWipe(
            f"{name}: the new source would make {len(gone)} of its {len(translated)} "
            "translated entries obsolete; check the source document, or use --force")


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
    people = {_key(m) for m in messages(catalog) if state_of(m) in _PEOPLE}
    done = merge(catalog, template)
    left_alone = sum(1 for m in messages(catalog)
                     if _key(m) in people and state_of(m) in _PEOPLE)
    try:
        data = po_bytes(catalog)
    except UserError as exc:  # a new source its charset cannot hold
        raise UserError(f"{path}: {exc}") from None
    return UpdateResult(path, False, done.borrowed, done.obsolete, left_alone), data


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
