"""Markdown: headings, paragraphs and lists, text escaped so that it reads as written."""

from __future__ import annotations

import re

from ..core.tokens import find_tokens
from .layout import Layout, Part, layout
from .letter import Letter

# Characters that Markdown would read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
# What would open a block construct at the start of a line: an ordered list marker, a
# heading, a quote, a bullet, a thematic break or a code fence.
_NUMBER_START = re.compile(r"[0-9]{1,9}(?=[.)])")
_MARKUP_START = re.compile(r"#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-(?:\s*-){2,}\s*$|```|~~~")


def escape(text: str) -> str:
    """``text`` as literal Markdown; URLs and e-mail addresses become autolinks."""
    out: list[str] = []
    position = 0
    for token in find_tokens(text):
        if token.kind not in ("url", "email"):
            continue
        out.append(_escape_plain(text[position : token.start]))
        # CommonMark autolinks need a scheme; a bare "www." address stays text.
        linkable = token.kind == "email" or token.text.startswith(("http://", "https://"))
        out.append(f"<{token.text}>" if linkable else _escape_plain(token.text))
        position = token.end
    out.append(_escape_plain(text[position:]))
    return _escape_block_start("".join(out))


def _escape_plain(text: str) -> str:
    return _INLINE.sub(lambda m: "\\" + (m.group(1) or "&"), text)


def _escape_block_start(line: str) -> str:
    number = _NUMBER_START.match(line)
    if number:
        return line[: number.end()] + "\\" + line[number.end() :]
    return "\\" + line if _MARKUP_START.match(line) else line


def _item(part: Part, numbered_ascii: bool) -> str:
    text = escape(part.text)
    if not part.numbered:
        return f"- {text}"
    if numbered_ascii:
        return f"{part.marker.rstrip('.)')}. {text}"
    # CommonMark numbers lists with ASCII digits only: a list numbered in the locale's
    # digits is written as paragraphs that begin with their number.
    return f"{part.marker} {text}"


def markdown(view: Layout) -> str:
    """The Markdown text of a laid-out letter."""
    chunks: list[str] = []
    if view.notices:
        chunks.append("\n>\n".join(f"> **{escape(text)}**" for _, text in view.notices))
    for group in view.groups:
        if group.kind == "heading":
            chunks.append(f"## {escape(group.parts[0].text)}")
        elif group.kind == "paragraph":
            chunks.append(escape(group.parts[0].text))
        elif group.kind == "bullets":
            chunks.append("\n".join(_item(p, True) for p in group.parts))
        else:
            ascii_digits = all((p.marker or "")[:1].isascii() for p in group.parts)
            separator = "\n" if ascii_digits else "\n\n"
            chunks.append(separator.join(_item(p, ascii_digits) for p in group.parts))
    body = "\n\n".join(chunks)
    if view.rtl:
        # Renderers that allow HTML (GitHub, most editors) then lay the text out right to left.
        body = f'<div dir="rtl" lang="{view.lang}">\n\n{body}\n\n</div>'
    return body + "\n"


def render_md(letter: Letter) -> bytes:
    """The letter as Markdown (UTF-8)."""
    return markdown(layout(letter)).encode("utf-8")
