"""Running the checks: one entry, a catalog, every catalog of a project; intended findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..catalog.entry import messages
from ..catalog.project import load_document_catalog
from ..catalog.states import QA_INTENDED, comment_values, set_comment
from ..core.config import Settings
from ..core.errors import UserError
from ..core.glossary import Glossary, load_glossary
from .context import CheckContext
from .entry import CheckedEntry
from .registry import CHECKS, ERROR


@dataclass(frozen=True)
class Finding:
    """One thing a check found wrong with one entry."""

    doc: str
    lang: str
    msgid: str
    msgctxt: str | None
    check: str
    level: str
    message: str

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def __str__(self) -> str:
        excerpt = self.msgid if len(self.msgid) <= 60 else self.msgid[:59] + "…"
        context = f" [{self.msgctxt}]" if self.msgctxt else ""
        return (f"{self.doc}/{self.lang}: {self.level}: {self.check}: {self.message}"
                f" — \"{excerpt}\"{context}")


def intended_checks(message: Message) -> set[str]:
    """Ids of the checks whose findings a reviewer marked as intended on ``message``."""
    return {i for value in comment_values(message, QA_INTENDED)
            for i in value.replace(",", " ").split()}


def _known(check_id: str) -> str:
    if check_id not in CHECKS:
        raise UserError(f"unknown check id: {check_id!r} (see 'translate-letter check --list')")
    return check_id


def mark_intended(message: Message, check_id: str) -> None:
    """Record on the entry that ``check_id``'s finding is intended: it is no longer reported."""
    marked = intended_checks(message) | {_known(check_id)}
    set_comment(message, QA_INTENDED, sorted(marked))


def unmark_intended(message: Message, check_id: str) -> None:
    """Withdraw an intended mark: the check reports the entry again."""
    marked = intended_checks(message) - {_known(check_id)}
    set_comment(message, QA_INTENDED, sorted(marked) or None)


def check_entry(message: Message, lang: str, context: CheckContext) -> list[Finding]:
    """Every finding on ``message``, less those a reviewer marked as intended."""
    if not message.id:
        return []
    entry = CheckedEntry(message, context)
    skipped = intended_checks(message)
    findings = []
    for check in CHECKS.values():
        if check.id in skipped:
            continue
        text = check.run(entry, context)
        if text:
            findings.append(Finding(context.doc, lang, entry.msgid, message.context, check.id,
                                    check.level, text))
    return findings


def check_catalog(catalog: Catalog, lang: str, glossary: Glossary | None = None, *,
                  doc: str = "", related: list[tuple[str, Catalog]] | None = None
                  ) -> list[Finding]:
    """Every finding in ``catalog``, entry by entry in catalog order."""
    context = CheckContext.for_catalog(catalog, lang, glossary, doc=doc, related=related or [])
    return [f for message in messages(catalog) for f in check_entry(message, lang, context)]


def catalog_files(settings: Settings, languages: list[str]) -> list[tuple[str, str, Path]]:
    """(doc, lang, path) of every ``locales/<lang>/LC_MESSAGES/*.po``, templates or not."""
    return [
        (path.stem, lang, path)
        for lang in languages
        for path in sorted((settings.locales_dir / lang / "LC_MESSAGES").glob("*.po"))
    ]


def run_checks(settings: Settings, languages: list[str]) -> list[Finding]:
    """Every finding in the catalogs of ``languages``; names are compared across documents."""
    found = catalog_files(settings, languages)
    if not found:
        raise UserError(f"{settings.locales_dir}: no catalogs for {', '.join(languages)} "
                        "(run 'translate-letter update')")
    glossary = load_glossary(settings.locales_dir)
    # Every input is read (and a malformed one reported) before any check runs.
    catalogs = [(doc, lang, load_document_catalog(settings, doc, lang))
                for doc, lang, _ in found]
    findings = []
    for doc, lang, catalog in catalogs:
        related = [(d, c) for d, lg, c in catalogs if lg == lang and d != doc]
        findings += check_catalog(catalog, lang, glossary, doc=doc, related=related)
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level == ERROR for f in findings)


def summary(findings: list[Finding]) -> str:
    """"2 errors, 5 warnings" (or "no findings")."""
    counts = Counter(f.level for f in findings)
    if not counts:
        return "no findings"
    return ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for level, n in sorted(counts.items()))
