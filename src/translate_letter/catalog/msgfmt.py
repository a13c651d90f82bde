"""Asking GNU ``msgfmt -c`` whether translations keep the format strings of their sources.

gettext knows some thirty format languages (``c-format``, ``python-format``,
``python-brace-format``, ``javascript-format``, …), each with its own rules for which
placeholders a translation may reorder, name or leave out, and for plural forms used for a
single number.  msgmerge asks the same checker before it keeps a translation whose template
gained a format flag; so this module asks ``msgfmt`` itself: one process for any number of
entries, each written with its format flags only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence

from babel.messages.catalog import Message

from .entry import new_message
from .writer import entry_block

_REPORT = re.compile(r"^<stdin>:(\d+): (.*)$", re.MULTILINE)
# msgfmt's other checks of an entry, which are not about its format strings.
_NOT_FORMAT = re.compile(r"\\n'|plural form|nplurals")


class MsgfmtMissing(RuntimeError):
    """GNU msgfmt is not installed (Debian: gettext)."""


def format_flags(message: Message) -> set[str]:
    """The entry's flags that say it is a format string (``python-format``, …)."""
    return {flag for flag in message.flags
            if flag.endswith("-format") and not flag.startswith(("no-", "impossible-"))}


def format_problems(entries: Sequence[Message], plural_forms: str | None,
                    nplurals: int = 2) -> dict[int, str]:
    """What ``msgfmt -c`` says against the format strings of ``entries``, by position.

    ``plural_forms`` is the catalog's Plural-Forms header: which numbers a plural form is
    used for decides whether it may leave a placeholder out.  Raises :class:`MsgfmtMissing`
    when msgfmt is not installed.
    """
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise MsgfmtMissing("msgfmt is not installed")
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    if plural_forms:
        header += f'"Plural-Forms: {plural_forms}\\n"\n'
    blocks, starts, line = [header], [], header.count("\n") + 2
    for message in entries:
        probe = new_message(message.id, message.string, flags=format_flags(message),
                            context=message.context)
        block = entry_block(probe, nplurals)
        blocks.append(block)
        starts.append(line)
        line += block.count("\n") + 1
    done = subprocess.run([msgfmt, "-c", "-o", os.devnull, "-"],
                          input="\n".join(blocks).encode("utf-8"), capture_output=True,
                          env={**os.environ, "LC_ALL": "C"}, check=False)
    problems: dict[int, str] = {}
    for number, text in _REPORT.findall(done.stderr.decode("utf-8", "replace")):
        if text.startswith("warning:") or _NOT_FORMAT.search(text):
            continue
        position = next((i for i in reversed(range(len(starts)))
                         if starts[i] <= int(number)), None)
        if position is not None:
            problems.setdefault(position, text)
    return problems
