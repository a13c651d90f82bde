"""The reading room's pages: the list of published letters and each letter in its language.

A letter page is the letter as ``build -f html`` writes it (its template is extended, not
copied), with a language switcher, the downloads, ``hreflang`` alternates, a description
and Open Graph tags in the page's language.  The words around the letter (its chrome) are in
the reader's interface language on a server, in the letter's own language in a static site.
Every link is relative, so the same pages work on the review app's server and as static
files (``static`` links name ``index.html``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from subprocess import CalledProcessError, run

from fontTools.ttLib import TTFont

from ..interface import available_catalogs
from ..languages import Language, counter_rules, font_rules, profile, profiles
from ..languages.data import SERIF
from ..publish import Edition, Publication
from ..render import (
    BILINGUAL_WRITERS,
    MEDIA_TYPES,
    WRITERS,
    Letter,
    file_name,
    refuse_unprintable,
)
from ..render.html import environment, letter_context
from ..render.layout import Layout, cut_at_word, layout, letter_title
from .labels import labels

DESCRIPTION_LENGTH = 200
# The letter's own stylesheet, the reading room's, and the languages' fonts (made from
# the language profiles of the site's languages).
FONTS_STYLESHEET = "languages.css"
STYLESHEETS = ("letter.css", "reading.css", FONTS_STYLESHEET)
FONT_SUFFIX = ".woff2"
MAX_FONT_BYTES = 4 * 1024 * 1024
INDEX = "index.html"
# The review app's address, for the staff's sign-in link of a static site.
REVIEW_URL_SETTING = "review-url"
SIGN_IN_PATH = "login"


def page_path(doc: str, lang: str) -> str:
    """Where the page of ``doc`` in ``lang`` lives, from the site's root."""
    return f"read/{doc}/{lang}/"


def verify_languages(source_language: str) -> tuple[str, ...]:
    """The languages of the Verify page: the source's and each interface language."""
    return tuple(dict.fromkeys((source_language, *available_catalogs())))


def verify_language(source_language: str, lang: str) -> str:
    """The language of the Verify page for a reader of ``lang``: that one, else the
    source's."""
    return lang if lang in verify_languages(source_language) else source_language


def verify_path(source_language: str, lang: str) -> str:
    """Where the Verify page for a reader of ``lang`` lives, from the site's root."""
    return f"verify/{verify_language(source_language, lang)}/"


@dataclass(frozen=True)
class Links:
    """Relative links from one page: ``root`` leads back to the site's root folder."""

    root: str
    static: bool
    review_url: str | None = None  # a static site's link to the review app

    @classmethod
    def of(cls, publication: Publication, root: str, static: bool) -> Links:
        review = publication.settings.setting(REVIEW_URL_SETTING) if static else None
        return cls(root, static, review)

    def folder(self, path: str) -> str:
        """A folder's address: its ``index.html`` in a static site, the folder on a server."""
        if self.static:
            return self.root + path + INDEX
        return self.root + path or "./"

    def index(self) -> str:
        return self.folder("")

    def page(self, doc: str, lang: str) -> str:
        return self.folder(page_path(doc, lang))

    def asset(self, name: str) -> str:
        return f"{self.root}assets/{name}"

    def sign_in(self) -> str | None:
        """The staff's way into the review app: its sign-in page (None for a static site
        that does not know the review app's address)."""
        if not self.static:
            return self.root + SIGN_IN_PATH
        if self.review_url:
            return self.review_url.rstrip("/") + "/" + SIGN_IN_PATH
        return None


def description(view: Layout) -> str:
    """The letter's first paragraph after its title, cut at a word."""
    body = [p.text for p in view.parts if p.kind == "paragraph" and p.text != view.title]
    return cut_at_word(body[0] if body else view.title, DESCRIPTION_LENGTH)


def og_locale(lang: str) -> str:
    """Open Graph's form of a locale: fa → fa_IR."""
    return profile(lang).tag.replace("-", "_")


def written_in(lang: str) -> dict:
    """What an element written in ``lang`` carries: ``lang``, ``dir`` and ``script``
    (its ``data-script``), from the language's profile."""
    language = profile(lang)
    return {"lang": lang, "dir": language.direction, "script": language.script,
            "counter": language.counter_style()}


def _language(edition: Edition, links: Links, current: str | None = None) -> dict:
    return written_in(edition.lang) | {
        "code": edition.lang, "name": profile(edition.lang).name,
        "href": links.page(edition.doc, edition.lang), "current": edition.lang == current,
        "original": edition.original}


def downloads(edition: Edition) -> list[dict]:
    """Every file a reader may download for ``edition``: its formats, then the bilingual ones."""
    kinds = [(fmt, False) for fmt in WRITERS]
    if not edition.original:
        kinds += [(fmt, True) for fmt in BILINGUAL_WRITERS]
    return [{"name": file_name(edition.doc, fmt, sided), "format": fmt, "bilingual": sided,
             "type": MEDIA_TYPES[fmt].split(";")[0]} for fmt, sided in kinds]


LetterOf = Callable[[Edition], Letter]



def letter_page(publication: Publication, edition: Edition, letter_of: LetterOf,
                static: bool, ui: str | None = None, *, sha256: Callable[[str], str | None],
                signed: Mapping[str, str]) -> bytes:
    """The page of one published letter, its chrome in ``ui`` (default: the letter's
    language); each download with its SHA-256 (``sha256`` of its name, None when it cannot
    be made) and the release that signed it (``signed``: release by SHA-256), if one did."""
    letter = letter_of(edition)
    refuse_unprintable(letter, f"{edition.lang}/{INDEX}", "html")
    view = layout(letter)
    chrome = ui or edition.lang
    links = Links.of(publication, "../" * page_path(edition.doc, edition.lang).count("/"),
                     static)
    published = publication.published(edition.doc)
    files = []
    for file in downloads(edition):
        digest = sha256(file["name"])
        files.append(file | {"sha256": digest, "release": signed.get(digest)})
    context = letter_context(view) | {
        "links": links,
        "words": labels(chrome),
        "chrome": written_in(chrome),
        "description": description(view),
        "og_type": "article",
        "og_locale": og_locale(edition.lang),
        "languages": [_language(e, links, edition.lang) for e in published],
        "downloads": files,
        "verify": links.folder(verify_path(publication.settings.source_language, chrome)),
    }
    return _render("page.html", context)


def index_page(publication: Publication, letter_of: LetterOf, static: bool,
               ui: str | None = None) -> bytes:
    """The list of published letters: each document with its languages, named in their own;
    its words in ``ui`` (default: the source language)."""
    links = Links.of(publication, "", static)
    documents = []
    for doc in publication.documents:
        editions = publication.published(doc)
        lang = ui or publication.settings.source_language
        languages = [_language(e, links) | _title_of(letter_of(e)) for e in editions]
        documents.append({"doc": doc, "languages": languages, **_heading(languages, lang)})
    words = labels(lang)
    # The list is a page of the letter's own template, in the language of its words.
    view = chrome_view(lang, words["site"])
    return _render("index.html", {"links": links, "words": words, "documents": documents,
                                  "view": view, "chrome": written_in(lang),
                                  "description": words["intro"],
                                  "verify": links.folder(verify_path(
                                      publication.settings.source_language, lang)),
                                  "og_type": "website", "og_locale": og_locale(lang)})


def chrome_view(lang: str, title: str) -> dict:
    """What the letter's template needs of a page that holds no letter (the list of
    letters, the Verify page): its language, direction, script and title."""
    chrome = written_in(lang)
    return {"lang": lang, "direction": chrome["dir"], "script": chrome["script"],
            "title": title, "has_drafts": False}


def _title_of(letter: Letter) -> dict:
    """A letter's title for the list, written in its own language, or in the one it is
    left in (English) when it is not translated."""
    title, left_in = letter_title(letter)
    return {"title": title, "title_in": written_in(left_in or letter.lang),
            "title_translated": left_in is None}


def _heading(languages: list[dict], reader: str) -> dict:
    """The title a document is listed under: its translation into the reader's language
    when one is published with a translated title, else the original's."""
    reader_base = profile(reader).base
    own = [e for e in languages
           if profile(e["code"]).base == reader_base and e["title_translated"]]
    chosen = own[0] if own else next(e for e in languages if e["original"])
    return {"title": chosen["title"], "title_in": chosen["title_in"]}


def _render(template: str, context: dict) -> bytes:
    page = environment("translate_letter.reading").get_template(template)
    return page.render(context | {"stylesheets": STYLESHEETS}).encode("utf-8")


def site_languages(publication: Publication) -> list[Language]:
    """The profiles of every language the site's pages are written in: the letters', then
    the interface's (the words around the letters, the Verify pages)."""
    settings = publication.settings
    return profiles((*settings.languages, settings.source_language,
                     *verify_languages(settings.source_language)))


def font_files(languages: list[Language]) -> dict[str, str]:
    """The file name of each font family the site offers, by family: the first of the
    fonts of each language not set in the letter's Latin ones, so that readers without it
    see the letter shaped."""
    families = (language.fonts[0] for language in languages if language.fonts != SERIF)
    return {family: family.lower().replace(" ", "-") + FONT_SUFFIX
            for family in dict.fromkeys(families)}


def _font_face(family: str, name: str) -> str:
    postscript = family.replace(" ", "") + "-Regular"
    return (f'@font-face {{ font-family: "{family}"; src: local("{family}"), '
            f'local("{postscript}"), url("{name}") format("woff2"); font-display: swap; }}\n')


def fonts_stylesheet(languages: list[Language]) -> bytes:
    """The fonts of the site's languages: each font family served here, then which
    elements each language's fonts set (by ``data-script``)."""
    faces = [_font_face(family, name) for family, name in font_files(languages).items()
             if font_data(family)]
    return ("".join(faces) + font_rules(languages) + counter_rules(languages)).encode("utf-8")


def assets(publication: Publication) -> dict[str, Callable[[], bytes | None]]:
    """Every stylesheet and font the pages link to, by name, with how to make it."""
    languages = site_languages(publication)
    found: dict[str, Callable[[], bytes | None]] = {
        name: partial(_package_file, name) for name in STYLESHEETS if name != FONTS_STYLESHEET}
    found[FONTS_STYLESHEET] = partial(fonts_stylesheet, languages)
    for family, name in font_files(languages).items():
        found[name] = partial(font_data, family)
    return found


def _package_file(name: str) -> bytes:
    if name == "letter.css":
        return files("translate_letter.render").joinpath("templates", name).read_bytes()
    return files("translate_letter.reading").joinpath("assets", name).read_bytes()


@cache
def font_data(family: str) -> bytes | None:
    """The font ``family`` as WOFF2, from the fonts installed here (fontconfig finds it);
    None without it, or when it is a collection or too large to send to every reader."""
    try:
        found = run(["fc-match", "-f", "%{file}\n%{family}", family],
                    capture_output=True, text=True, check=True).stdout.split("\n", 1)
    except (OSError, CalledProcessError):
        return None
    if len(found) < 2 or family not in found[1].split(","):
        return None
    path = Path(found[0])
    if path.suffix.lower() not in (".ttf", ".otf") or path.stat().st_size > MAX_FONT_BYTES:
        return None
    font = TTFont(path)
    font.flavor = "woff2"
    out = BytesIO()
    font.save(out)
    return out.getvalue()
