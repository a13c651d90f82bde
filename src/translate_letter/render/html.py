"""HTML: one self-contained page with an embedded stylesheet, right to left where needed."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import ChoiceLoader, Environment, PackageLoader, Template
from markupsafe import Markup, escape

from ..core.tokens import find_tokens
from ..languages import font_rules, profile, profiles
from .layout import Layout, layout
from .letter import Letter

# Browsers and WeasyPrint may break a line after the slash of "S/PV.7926", inside
# "120 (1956)" or "1 500"; such tokens are kept on one line.  URLs may still wrap.
_UNBROKEN = ("symbol", "email", "resolution")


def keep_tokens(text: str) -> Markup:
    """``text`` escaped, with UN symbols, e-mails and numbers wrapped to stay on one line."""
    out: list[str] = []
    position = 0
    for token in find_tokens(text):
        if token.kind not in _UNBROKEN and not (token.kind == "number" and " " in token.text):
            continue
        out.append(escape(text[position : token.start]))
        out.append(Markup('<span class="nobr">%s</span>') % token.text)
        position = token.end
    out.append(escape(text[position:]))
    return Markup("").join(out)


@cache
def environment(*packages: str) -> Environment:
    """The letter's template environment; templates of ``packages`` may extend ``letter.html``."""
    loaders = [PackageLoader(package, "templates") for package in packages]
    environment = Environment(
        loader=ChoiceLoader([*loaders, PackageLoader("translate_letter.render", "templates")]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["keep_tokens"] = keep_tokens
    return environment


def _template() -> Template:
    return environment().get_template("letter.html")


@cache
def stylesheet() -> Markup:
    """The stylesheet every HTML and PDF letter embeds (the package's own file, not escaped)."""
    css = files("translate_letter.render").joinpath("templates", "letter.css")
    return Markup(css.read_text(encoding="utf-8"))


@cache
def font_styles(languages: tuple[str, ...]) -> Markup:
    """The fonts of ``languages`` (their profiles') for a letter's elements, as CSS."""
    return Markup(font_rules(profiles(languages)))


def letter_context(view: Layout, bilingual: bool = False) -> dict:
    """What ``letter.html`` (and a template extending it) needs to show ``view``."""
    return {"view": view, "bilingual": bilingual, "stylesheet": stylesheet(),
            "font_styles": font_styles(view.languages),
            "counter_style": profile(view.lang).counter_style(view.numbering)}


def html_text(view: Layout, bilingual: bool = False) -> str:
    """The HTML page of a laid-out letter (or its side-by-side edition)."""
    return _template().render(letter_context(view, bilingual))


def render_html(letter: Letter) -> bytes:
    """The letter as one self-contained HTML file (UTF-8)."""
    return html_text(layout(letter)).encode("utf-8")


def render_html_bilingual(letter: Letter) -> bytes:
    """English and the translation side by side, block by block, as HTML."""
    return html_text(layout(letter), bilingual=True).encode("utf-8")
