"""Which letters are public: the publishing rule and the maintainers' decisions.

The rule lives in ``[tool.translate-letter]``::

    publish = { include = "approved", min-complete = 100 }

``include`` names the states a public letter may print (``approved``, the default, or
``translated``; drafts never), ``min-complete`` the share of entries (%) those states must
cover.  A maintainer may publish a language the rule leaves out (what is not admitted stays
in English) or withdraw one it admits.  :func:`publication` is the one place that decides;
the reading room, the dashboard and ``translate-letter publish`` all ask it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .build import load_letter
from .catalog.reader import load_catalog
from .catalog.stats import Stats, catalog_stats
from .config import Settings
from .document import Document, segment
from .errors import N_, UserError
from .extract import read_source
from .render import Letter
from .render.letter import letter_date

PUBLISH_SETTING = "publish"
PRINTABLE = ("approved", "translated")

# A maintainer's decision per (doc, lang): True published, False withdrawn.
Decisions = Mapping[tuple[str, str], bool]


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
    table = settings.extra.get(PUBLISH_SETTING, {})
    example = '{ include = "approved", min-complete = 100 }'
    if not isinstance(table, dict):
        raise UserError(f"{PUBLISH_SETTING} must be a table such as {example}")
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
    complete: float = 100.0  # % of entries the rule's states cover
    decision: bool | None = None  # a maintainer's: True published, False withdrawn
    original: bool = False
    values: tuple[tuple[str, object], ...] = ()  # the reason's values: (name, value)

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
        """What a reader of ``edition`` gets: the rule's states translated, the rest English."""
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
    return load_letter(settings, doc, lang, rule.include, document)[0]


def publication(settings: Settings, decisions: Decisions,
                stats: Mapping[tuple[str, str], Stats | str] | None = None,
                strict: bool = False) -> Publication:
    """What is public: per document the original, and each configured language that the
    rule admits or a maintainer published, unless a maintainer withdrew it.

    ``stats`` gives the counts of the catalogs a caller holds already, or why one cannot be
    counted (only those are then decided); otherwise each catalog is read from its file.
    A catalog that cannot be read leaves its language out, or with ``strict`` is the
    :class:`UserError` it raised.
    """
    rule = publish_rule(settings)
    editions: list[Edition] = []
    for doc in settings.documents():
        for lang in settings.languages:
            if stats is None or (doc, lang) in stats:
                counted = (stats[(doc, lang)] if stats is not None
                           else catalog_counts(settings, doc, lang, strict))
                editions.append(_edition(rule, doc, lang, counted, decisions.get((doc, lang))))
        editions.append(Edition(doc, settings.source_language, True, N_("is the original"),
                                original=True))
    return Publication(settings, rule, tuple(editions))


def catalog_counts(settings: Settings, doc: str, lang: str, strict: bool = False
                   ) -> Stats | str:
    """The counts of a catalog file, or why it cannot be counted (with ``strict``, the
    :class:`UserError` reading it raised)."""
    path = settings.catalog_path(doc, lang)
    if not path.exists():
        return N_("has no catalog (run 'translate-letter update')")
    try:
        return catalog_stats(doc, lang, load_catalog(path))
    except UserError as exc:
        if strict:
            raise
        return f"cannot be read: {exc}"


def _edition(rule: PublishRule, doc: str, lang: str, stats: Stats | str,
             decision: bool | None) -> Edition:
    if isinstance(stats, str):
        return Edition(doc, lang, False, stats, decision=decision)
    complete = stats.complete(rule.include)
    values = (("complete", round(complete)), ("include", rule.include),
              ("least", _whole(rule.min_complete)))
    if decision is False:
        published, why = False, N_("was withdrawn by a maintainer (%(complete)s%% %(include)s)")
    elif decision:
        published, why = True, N_("was published by a maintainer (%(complete)s%% %(include)s; "
                                  "the rest stays in English)")
    elif complete >= rule.min_complete:
        published, why = True, N_("is %(complete)s%% %(include)s (the rule asks %(least)s%%)")
    else:
        published, why = False, N_("is %(complete)s%% %(include)s, below the %(least)s%% the "
                                   "publishing rule asks")
    return Edition(doc, lang, published, why, complete, decision, values=values)


def _whole(number: float) -> float | int:
    """``number`` without a fraction when it has none (90.0 → 90)."""
    return int(number) if number.is_integer() else number
