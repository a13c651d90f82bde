"""Machine suggestions for an entry of the editor: the memory engine, always, and each engine
the maintainer offers (``suggestion-engines``), asked at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..accounts import Account
from ..config import Settings
from ..errors import N_, UserError
from ..machine.engines import Passage
from ..machine.memory import MemoryEngine
from ..machine.pretranslate import passages
from ..machine.suggest import Suggestion, suggestion_engines, translate_segment
from .errors import ReviewError
from .workspace import Workspace


def offered_engines(settings: Settings) -> list[str]:
    """The memory engine, then the engines of the setting (a bad setting is a
    :class:`UserError`, so the app checks it when it starts)."""
    return list(dict.fromkeys([MemoryEngine.name, *suggestion_engines(settings)]))


def machine_suggestions(workspace: Workspace, account: Account, doc: str, lang: str,
                        eid: str) -> list[dict]:
    """``{engine, translation, origin, problem}`` from each offered engine for the source of
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
    with ThreadPoolExecutor(len(engines), thread_name_prefix="suggest") as pool:
        found = list(pool.map(lambda name: _ask(workspace, name, lang, msgid, passage),
                              engines))
    return [{"engine": s.engine, "translation": s.text, "origin": s.origin,
             "problem": s.problem} for s in found]


def _ask(workspace: Workspace, engine: str, lang: str, msgid: str,
         passage: Passage | None) -> Suggestion:
    try:
        # Answers are kept in the app's own database, wherever its instance folder is.
        return translate_segment(workspace.settings, engine, lang, msgid, passage,
                                 cache=workspace.db)
    except UserError as error:  # an engine without its key, a language it lacks
        return Suggestion(engine, None, problem=str(error))
