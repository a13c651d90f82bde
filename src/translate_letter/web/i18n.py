"""The review app in its translators' languages: Flask-Babel over the app's own catalogs.

The catalogs live in ``web/translations/<lang>/LC_MESSAGES/messages.po`` (extracted with
``pybabel`` through ``babel.cfg``).  They are compiled when the app starts, into the
instance folder, with drafts included: the shipped texts are project-team drafts, and an
interface in draft Persian serves a Persian translator better than one in English.  The
editor's scripts take their strings from the same catalogs, as a JSON catalog in the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from flask import Blueprint, Flask, g, make_response, request
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from ..accounts.preferences import interface_language, save_interface_language
from ..catalog.files import atomic_write_bytes
from ..catalog.formats.mo import mo_bytes
from ..core.errors import N_, Percent, UserError
from ..interface import DOMAIN, SOURCE_LANGUAGE, available_catalogs, interface_catalog
from ..languages import counter_rules, font_rules, profile, profiles
from ..publish import Edition
from .navigation import safe_next
from .services import database, services

DEFAULT_LANGUAGE = SOURCE_LANGUAGE
COMPILED_DIR = "translations"
# A signed-out visitor's choice; a signed-in person's choice is saved with the account.
LANGUAGE_COOKIE = "interface_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# Strings the scripts use come from the files under this folder of the package.
SCRIPTS_DIR = "static/"
# Scripts the interface's own font (Noto Sans and its fallbacks) sets well: the languages
# written in them keep it; the others get their profile's fonts (languages.css).
INTERFACE_SCRIPTS = ("Latn", "Cyrl", "Grek")
# The order in which gettext numbers CLDR plural categories (as Babel's to_gettext does).
_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")

bp = Blueprint("i18n", __name__)

STATE_LABELS = {
    "untranslated": _l("untranslated"),
    "draft": _l("draft"),
    "translated": _l("translated"),
    "approved": _l("approved"),
}
ROLE_LABELS = {
    "translator": _l("translator"),
    "reviewer": _l("reviewer"),
    "maintainer": _l("maintainer"),
}
INCLUDE_LABELS = {
    "approved": _l("approved entries only"),
    "translated": _l("translated and approved entries"),
    "drafts": _l("drafts too"),
}
# What an error page says for each status, whatever produced it.
STATUS_TITLES = {
    400: _l("The request was refused"),
    401: _l("Sign in first"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Not allowed"),
    409: _l("Changed meanwhile"),
    413: _l("Too large"),
    429: _l("Too many attempts: wait a moment"),
    500: _l("Something went wrong on the server"),
    503: _l("Busy for a moment: try again shortly"),
}


def interface_languages() -> list[str]:
    """English and every language the app has a catalog for."""
    return [DEFAULT_LANGUAGE, *available_catalogs()]


def compile_interface_catalogs(target: Path) -> dict[str, dict]:
    """Compile every UI catalog into ``target`` (drafts included); return each language's
    JSON catalog for the scripts."""
    scripts: dict[str, dict] = {}
    for lang in available_catalogs():
        catalog = interface_catalog(lang)
        atomic_write_bytes(target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo",
                           mo_bytes(catalog, drafts=True))
        scripts[lang] = {
            message.id if isinstance(message.id, str) else message.id[0]: message.string
            for message in catalog
            if message.id and any(SCRIPTS_DIR in path for path, _ in message.locations)
        }
    return scripts


def select_language() -> str:
    """The account's saved choice, else this browser's choice, else Accept-Language, else
    English."""
    languages = interface_languages()
    account = g.get("account")
    saved = interface_language(database(), account.name) if account else None
    for choice in (saved, request.cookies.get(LANGUAGE_COOKIE)):
        if choice in languages:
            return choice
    return request.accept_languages.best_match(languages) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The interface language of this request."""
    return str(get_locale() or DEFAULT_LANGUAGE)


def language(lang: str) -> dict:
    """Name (in the interface language), own name, writing direction and script (for an
    element's ``data-script``) of a language, from its profile."""
    language = profile(lang)
    return {
        "code": lang,
        "name": language.name_in(profile(current_language())),
        "native": language.name,
        "dir": language.direction,
        "script": language.script,
    }


@cache
def _native_symbols(lang: str) -> dict[int, str]:
    language = profile(lang)
    symbols = language.locale.number_symbols.get(language.numbering, {})
    return str.maketrans({"%": symbols.get("percentSign", "%"),
                          **dict(zip("0123456789", language.digits(), strict=True))})


def _localized(text: str) -> str:
    # Babel picks the locale's numbering system but writes Latin digits and a Latin percent
    # sign in it; put in the system's own ("۴۶٪" in Persian).
    return text.translate(_native_symbols(current_language()))


def number(value: float) -> str:
    """A number as the interface language writes it (Persian digits in Persian)."""
    return _localized(format_decimal(value, locale=current_language(),
                                     numbering_system="default"))


PERCENT_PROBE = 37  # a number that shows once in its percentage, whatever the language


def percent(value: float) -> str:
    """A percentage (``value`` from 0 to 100) as the interface language writes it."""
    return _localized(format_percent(value / 100, locale=current_language(),
                                     numbering_system="default"))


def _shown(value: object) -> object:
    """A value of a core message as the interface language writes it."""
    if isinstance(value, Percent):
        return percent(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return value


def translated(template: str, values: Mapping[str, object]) -> str:
    """A message of the core (marked ``N_``) in the interface language, English where the
    catalogs have none, its numbers as the language writes them."""
    shown = {name: _shown(value) for name, value in values.items()}
    return _(template, **shown) if shown else _(template)


def localized(exc: UserError) -> str:
    """A domain error's message in the interface language."""
    return translated(exc.template, exc.params) if exc.template else str(exc)


def edition_reason(edition: Edition) -> str:
    """Why a letter is public or not, in the interface language."""
    values = dict(edition.values)
    if "include" in values:
        values["include"] = STATE_LABELS[values["include"]]
    return translated(edition.why, values)


def sentence(exc: UserError) -> str:
    """A domain error's message in the interface language as a sentence of its own."""
    text = localized(exc)
    return f"{text[:1].upper()}{text[1:]}."


def join_list(items: list[str]) -> str:
    """Items joined as the interface language lists them ("a, b and c", "a، b و c")."""
    return format_list(list(items), locale=current_language()) if items else ""


def script_catalog() -> dict:
    """What the scripts need to speak the interface language: strings and number rules."""
    lang = current_language()
    tags = profile(lang).plural_tags | {"other"}
    return {
        "lang": lang,
        "numbering": profile(lang).numbering,
        # A percentage as Babel writes it here, the number as %(value)s: the scripts' and
        # the pages' percentages are one ("46%", "۴۶٪", "46 %").
        "percent": percent(PERCENT_PROBE).replace(number(PERCENT_PROBE), "%(value)s", 1),
        "plural": [tag for tag in _PLURAL_ORDER if tag in tags],
        "messages": services().interface_scripts.get(lang, {}),
    }


def interface() -> dict:
    """The interface language, its direction and the counter style of its digits (for
    ``<ol data-counter>``), and the languages the switcher offers."""
    lang = current_language()
    return {
        "lang": lang,
        "dir": profile(lang).direction,
        "counter": profile(lang).counter_style(),
        "choices": [(code, profile(code).name) for code in interface_languages()],
    }


@cache
def _fonts_css(languages: tuple[str, ...]) -> str:
    chosen = profiles(languages)
    return font_rules(chosen, covered=INTERFACE_SCRIPTS) + counter_rules(chosen)


@bp.get("/languages.css")
def stylesheet() -> Response:
    """The fonts of the project's languages and the interface's, from their profiles, for
    the elements that carry their script (``data-script``); the counter styles of their
    digits, for the numbered lists that carry one (``data-counter``)."""
    settings = services().settings
    css = _fonts_css((*settings.languages, *interface_languages()))
    response = make_response(css)
    response.content_type = "text/css; charset=utf-8"
    response.add_etag()
    return response.make_conditional(request)


@bp.post("/language")
def choose() -> Response:
    """Switch the interface language: saved with the account, and in this browser."""
    lang = request.form.get("lang", "")
    if lang not in interface_languages():
        raise UserError(N_("unknown interface language %(lang)r"), lang=lang)
    if g.get("account"):
        save_interface_language(database(), g.account.name, lang)
    response = make_response("", 303)
    response.headers["Location"] = safe_next(request.form.get("next"))
    response.set_cookie(LANGUAGE_COOKIE, lang, max_age=LANGUAGE_COOKIE_AGE, httponly=True,
                        samesite="Lax", secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    """Compile the UI catalogs into the instance folder and set up Flask-Babel over them."""
    compiled = Path(app.instance_path) / COMPILED_DIR
    services(app).interface_scripts = compile_interface_catalogs(compiled)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    Babel(app, locale_selector=select_language)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        interface=interface, language=language, script_catalog=script_catalog,
        number=number, percent=percent,
        join_list=join_list, state_label=lambda s: STATE_LABELS.get(str(s), s),
        role_label=lambda r: ROLE_LABELS.get(r, r),
        include_label=lambda level: INCLUDE_LABELS.get(level, level),
        status_title=lambda status: STATUS_TITLES.get(status, str(status)),
        edition_reason=edition_reason,
    )
