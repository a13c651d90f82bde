"""Machine suggestions for an entry of the editor: the translation memory, always (the one the
memory panel shows, by the same rules), and each engine the maintainer offers
(``suggestion-engines``), asked at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..accounts import Account
from ..core.config import Settings
from ..core.errors import N_, Percent, UserError
from ..core.tokens import token_problems
from ..machine.engines import Passage
from ..machine.memory import MemoryEngine
from ..machine.pretranslate import passages
from ..machine.suggest import Suggestion, suggestion_engines, translate_segment
from .errors import ReviewError
from .store import StoredEntry
from .workspace import Workspace


def offered_engines(settings: Settings) -> list[str]:
    """The memory engine, then the engines of the setting (a bad setting is a
    :class:`UserError`, so the app checks it when it starts)."""
    return list(dict.fromkeys([MemoryEngine.name, *suggestion_engines(settings)]))


def machine_suggestions(workspace: Workspace, account: Account, doc: str, lang: str,
                        eid: str) -> list[Suggestion]:
    """The :class:`Suggestion` of each offered engine for the source of
    entry ``eid`` (with its paragraph and the paragraphs around it, for engines that read
    context), in the order of the setting."""
    cat = workspace.policy.readable(account, doc, lang)
    entry = workspace.policy.entry(cat, eid)
    if entry.plural:
        raise ReviewError(N_("plural entries are edited in a PO editor, not here"))
    settings = workspace.settings
    engines = offered_engines(settings)
    msgid = entry.message.id
    passage = passages(e.message for e in cat.entries.values()).get(msgid)
    memory = _remembered(workspace, entry, lang)
    asked = [name for name in engines if name != MemoryEngine.name]
    with ThreadPoolExecutor(max(len(asked), 1), thread_name_prefix="suggest") as pool:
        found = dict(zip(asked, pool.map(
            lambda name: _ask(workspace, name, lang, msgid, passage), asked), strict=True))
    found[MemoryEngine.name] = memory
    return [found[name] for name in engines]


def _remembered(workspace: Workspace, entry: StoredEntry, lang: str) -> Suggestion:
    """The memory's best match for ``entry``, as the memory panel lists it first."""
    matches = workspace.memory_suggestions(entry, lang)
    if not matches:
        return Suggestion(MemoryEngine.name, None, problem=UserError(
            N_("no match of %(threshold)s or more in the translation memory"),
            threshold=Percent(round(workspace.memory_threshold))))
    best = matches[0]
    problems = token_problems(entry.message.id, best.translation, lang)
    return Suggestion(MemoryEngine.name, best.translation, best.origin, UserError(
        N_("tokens differ: %(tokens)s"), tokens=", ".join(problems)) if problems else None)


def _ask(workspace: Workspace, engine: str, lang: str, msgid: str,
         passage: Passage | None) -> Suggestion:
    try:
        # Answers are kept in the app's own database, wherever its instance folder is.
        return translate_segment(workspace.settings, engine, lang, msgid, passage,
                                 cache=workspace.db)
    except UserError as error:  # an engine without its key, a language it lacks
        return Suggestion(engine, None, problem=error)
