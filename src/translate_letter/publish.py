"""Which letters are public: the publishing rule and the maintainers' decisions.

The rule lives in ``[tool.translate-letter]``::

    publish = { include = "approved", min-complete = 100 }

``include`` names the states a public letter may print (``approved``, the default, or
``translated``; drafts never), ``min-complete`` the share of entries (%) those states must
cover.  Under four eyes (``four-eyes``, on unless set to false) an approval counts only when
it comes from someone other than the text's named translator.  A maintainer may publish a
language the rule leaves out (what is not admitted stays in English, marked as such, under
a notice) or withdraw one it admits.  :func:`publication` is the one place that decides;
the reading room, the dashboard and ``translate-letter publish`` all ask it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from babel.messages.catalog import Catalog, Message

from .accounts import same_person
from .build import load_letter
from .catalog.entry import Entry, messages
from .catalog.project import document_template, load_document_catalog
from .catalog.states import State, approver_of, state_of, translator_of
from .catalog.stats import Stats, catalog_stats
from .core.config import Settings
from .core.document import Document, segment
from .core.errors import N_, Percent, UserError
from .extract import read_source
from .interface import translate
from .render import Letter
from .render.letter import letter_date

PUBLISH_SETTING = "publish"
FOUR_EYES_SETTING = "four-eyes"
PRINTABLE = ("approved", "translated")
# What a public letter with passages left in English says, in its own language.
PARTIAL_NOTICE = N_("Partial translation: passages in English are not yet translated.")


@dataclass(frozen=True, order=True)
class Decision:
    """A maintainer's decision for one document in one language: published (True) or
    withdrawn (False), by whom and when (UTC, ISO 8601)."""

    published: bool
    user: str
    at: str


# The maintainers' decisions in force, per (doc, lang).
Decisions = Mapping[tuple[str, str], Decision]


def four_eyes(settings: Settings) -> bool:
    """Whether an approval must come from someone other than the text's translator."""
    return bool(settings.setting(FOUR_EYES_SETTING))


def checked_by_another(message: Message) -> bool:
    """Whether ``message`` is approved by someone other than the translator its provenance
    names (an approval of a text whose translator is not named has no second person)."""
    approver, translator = approver_of(message), translator_of(message)
    return bool(approver and translator) and not same_person(approver, translator)


@dataclass(frozen=True)
class Counts:
    """What the publishing rule reads from a catalog: its entries by state, and how many of
    its approvals lack a second person (approved by the text's own translator, or with no
    translator named)."""

    stats: Stats
    unchecked: int = 0


def catalog_counts(doc: str, lang: str, found: Iterable[Message],
                   template: Catalog | None) -> Counts:
    """The :class:`Counts` of the messages of one catalog, segment by segment of its
    document's ``template`` (see :func:`~.catalog.stats.catalog_stats`)."""
    found = list(found)
    segments = {Entry(m).key for m in messages(template)} if template is not None else None
    unchecked = sum(1 for m in found
                    if (segments is None or Entry(m).key in segments)
                    and state_of(m) is State.APPROVED and not checked_by_another(m))
    return Counts(catalog_stats(doc, lang, found, template), unchecked)


class NotPublished(UserError):
    """What a reader asked for is not public (or does not exist): the same answer for both."""


@dataclass(frozen=True)
class PublishRule:
    """Which states a public letter prints and how complete a language must be."""

    include: str = "approved"
    min_complete: float = 100.0

    def describe(self) -> str:
        return f"{self.include}, {self.min_complete:g}% complete"


def publish_rule(settings: Settings) -> PublishRule:
    """The publishing rule of ``settings`` (defaults when absent); a bad one is a user error."""
    table = settings.setting(PUBLISH_SETTING)
    unknown = sorted(set(table) - {"include", "min-complete"})
    if unknown:
        raise UserError(f"{PUBLISH_SETTING}: unknown setting {unknown[0]!r} (known: include, "
                        "min-complete)")
    include = table.get("include", PublishRule.include)
    if include not in PRINTABLE:
        raise UserError(f"{PUBLISH_SETTING}.include must be one of {', '.join(PRINTABLE)} "
                        f"(drafts are never published), not {include!r}")
    least = table.get("min-complete", PublishRule.min_complete)
    if isinstance(least, bool) or not isinstance(least, int | float) or not 0 <= least <= 100:
        raise UserError(f"{PUBLISH_SETTING}.min-complete must be a number from 0 to 100, "
                        f"not {least!r}")
    return PublishRule(include, float(least))


@dataclass(frozen=True)
class Edition:
    """One document in one language: whether it is public, and why."""

    doc: str
    lang: str
    published: bool
    why: str  # the reason, naming its values as %(name)s; marked for the interface catalogs
    complete: float = 100.0  # % of entries the rule's states cover (under four eyes)
    decision: Decision | None = None  # a maintainer's, when one is in force
    original: bool = False
    values: tuple[tuple[str, object], ...] = ()  # the reason's values: (name, value)
    admitted: bool = True  # whether the rule alone would publish it
    counts: Mapping[str, int] | None = field(default=None, compare=False)  # by state

    @property
    def by_rule(self) -> bool:
        """Public because the rule admits it (no maintainer's decision in force)."""
        return self.published and self.decision is None

    @property
    def reason(self) -> str:
        """Why the edition is public or not, in English."""
        return self.why % dict(self.values) if self.values else self.why

    def describe(self) -> str:
        """``fa: letter …``: the one line the command and the dashboard print."""
        return f"{self.lang}: {self.doc} {self.reason}"


@dataclass(frozen=True)
class Publication:
    """Every edition of every document, public or not, under one rule and set of decisions."""

    settings: Settings
    rule: PublishRule
    editions: tuple[Edition, ...]

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(e.doc for e in self.editions))

    def published(self, doc: str) -> list[Edition]:
        """The public editions of ``doc``: the configured languages, then the original."""
        return [e for e in self.editions if e.doc == doc and e.published]

    def left_out(self) -> list[Edition]:
        return [e for e in self.editions if not e.published]

    def edition(self, doc: str, lang: str) -> Edition:
        """The public edition of ``doc`` in ``lang``, else :class:`NotPublished`."""
        for edition in self.editions:
            if (edition.doc, edition.lang) == (doc, lang) and edition.published:
                return edition
        raise NotPublished(f"no published letter {doc!r} in {lang!r}")

    def letter(self, edition: Edition) -> Letter:
        """What a reader of ``edition`` gets: the rule's states translated, the rest English
        under a notice in the letter's language."""
        return edition_letter(self.settings, self.rule, edition.doc, edition.lang,
                              edition.original)


def edition_letter(settings: Settings, rule: PublishRule, doc: str, lang: str, original: bool,
                   document: Document | None = None) -> Letter:
    """The letter a reader of ``doc`` in ``lang`` gets under ``rule`` (the source itself for
    the ``original``); ``document`` is the source segmented already, if it is."""
    if document is None:
        document = segment(read_source(settings.source_path(doc)))
    if original:
        return Letter(doc=doc, lang=lang, document=document, translations={},
                      include=rule.include, date=letter_date(None))
    letter = load_letter(settings, doc, lang, rule.include, document)[0]
    if any(letter.translation(s) is None for s in letter.document.segments):
        notice = translate(lang, PARTIAL_NOTICE)
        spoken = lang if notice != PARTIAL_NOTICE else settings.source_language
        letter = replace(letter, notices=((spoken, notice),))
    return letter


def text_hash(letter: Letter) -> str:
    """The SHA-256 of a letter's text as its readers get it (hex)."""
    return hashlib.sha256(letter.localized_text().encode("utf-8")).hexdigest()


def publication(settings: Settings, decisions: Decisions,
                counts: Mapping[tuple[str, str], Counts | str] | None = None,
                strict: bool = False) -> Publication:
    """What is public: per document the original, and each configured language that the
    rule admits or a maintainer published, unless a maintainer withdrew it.

    ``counts`` gives the counts of the catalogs a caller holds already, or why one cannot be
    counted (only those are then decided); otherwise each catalog is read from its file.
    A catalog that cannot be read leaves its language out, or with ``strict`` is the
    :class:`UserError` it raised.
    """
    rule = publish_rule(settings)
    checked = four_eyes(settings)
    editions: list[Edition] = []
    for doc in settings.documents():
        for lang in settings.languages:
            if counts is None or (doc, lang) in counts:
                counted = counts[(doc, lang)] if counts is not None else \
                    edition_counts(settings, doc, lang, strict)
                editions.append(_edition(rule, checked, doc, lang, counted,
                                         decisions.get((doc, lang))))
        editions.append(Edition(doc, settings.source_language, True, N_("is the original"),
                                original=True))
    return Publication(settings, rule, tuple(editions))


def edition_counts(settings: Settings, doc: str, lang: str, strict: bool = False
                   ) -> Counts | str:
    """The counts of a catalog file, or why it cannot be counted (with ``strict``, the
    :class:`UserError` reading it raised)."""
    path = settings.catalog_path(doc, lang)
    if not path.exists():
        return N_("has no catalog (run 'translate-letter update')")
    try:
        return catalog_counts(doc, lang, messages(load_document_catalog(settings, doc, lang)),
                              document_template(settings, doc))
    except UserError as exc:
        if strict:
            raise
        return f"cannot be read: {exc}"


def rule_complete(rule: PublishRule, counts: Counts, checked: bool) -> float:
    """The share (%) of entries the rule's states cover; under four eyes (``checked``) an
    approval without a second person does not count as one."""
    complete = counts.stats.complete(rule.include)
    if checked and rule.include == "approved" and counts.stats.total:
        complete -= 100.0 * counts.unchecked / counts.stats.total
    return complete


def _edition(rule: PublishRule, checked: bool, doc: str, lang: str, counts: Counts | str,
             decision: Decision | None) -> Edition:
    if isinstance(counts, str):
        return Edition(doc, lang, False, counts, decision=decision, admitted=False)
    complete = rule_complete(rule, counts, checked)
    admitted = complete >= rule.min_complete
    unchecked = counts.unchecked if checked and rule.include == "approved" else 0
    values = [("complete", Percent(_percent(complete, admitted, rule.min_complete))),
              ("include", rule.include),
              ("least", Percent(_whole(rule.min_complete)))]
    if decision is not None:
        values += [("user", decision.user), ("date", decision.at[:10])]
    if decision is not None and not decision.published:
        published, why = False, N_("was withdrawn by %(user)s on %(date)s "
                                   "(%(complete)s %(include)s)")
    elif decision is not None:
        published, why = True, N_("was published by %(user)s on %(date)s (%(complete)s "
                                  "%(include)s; the rest stays in English)")
    elif admitted:
        published, why = True, N_("is %(complete)s %(include)s (the rule asks %(least)s)")
    elif unchecked:
        values.append(("unchecked", unchecked))
        published, why = False, N_("is %(complete)s %(include)s, below the %(least)s the "
                                   "publishing rule asks (%(unchecked)s approvals lack a "
                                   "second person: four eyes)")
    else:
        published, why = False, N_("is %(complete)s %(include)s, below the %(least)s the "
                                   "publishing rule asks")
    return Edition(doc, lang, published, why, complete, decision, values=tuple(values),
                   admitted=admitted, counts=dict(counts.stats.counts))


def _percent(complete: float, admitted: bool, least: float) -> int:
    """``complete`` rounded for people; below the rule, never rounded up to what it asks."""
    shown = round(complete)
    return math.floor(complete) if not admitted and shown >= least else shown


def _whole(number: float) -> float | int:
    """``number`` without a fraction when it has none (90.0 → 90)."""
    return int(number) if number.is_integer() else number
