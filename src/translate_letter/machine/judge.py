"""Every machine answer is judged before it becomes a draft.

An answer that is empty, far longer than its source, in the wrong script for the language,
carrying a character PO tools cannot hold, or missing a placeholder or token is not stored:
it counts as failed, with the reason, is not cached, and is asked again on the next run.
"""

from __future__ import annotations

from ..catalog.rules import forbidden_character, max_length
from ..locales import english_name, share_in_script
from ..tokens import token_problems
from .masking import Masked, without_placeholders

# Below this share of letters in the language's script, an answer is in another language.
MIN_SCRIPT_SHARE = 0.5


def judge_answer(piece: str, answer: str | None, masked: Masked, target: str) -> str | None:
    """Why ``answer`` cannot stand for ``piece`` (a part of ``masked``'s text) in ``target``,
    or None when it can."""
    if answer is None:
        return "the answer left this text out"
    if not answer.strip():
        return "empty answer"
    char = forbidden_character(answer)
    if char:
        return f"the answer contains {char}, which PO tools cannot hold"
    source, restored = masked.restore(piece, source=True), masked.restore(answer)
    limit = max_length(source)
    if len(restored) > limit:
        return (f"the answer has {len(restored)} characters; at most {limit} (ten times the "
                "source plus 200)")
    lost = masked.lost(piece, answer)
    if lost:
        return f"placeholder lost: {', '.join(lost)}"
    problems = token_problems(source, masked.restore(answer, source=True))
    if problems:
        return f"tokens differ: {', '.join(problems)}"
    share = share_in_script(without_placeholders(answer), target)
    if share is not None and share < MIN_SCRIPT_SHARE:
        return f"the answer is not written in {english_name(target)} script"
    return None
