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
from functools import cache
from importlib.resources import files
from io import BytesIO
from subprocess import CalledProcessError, run

from fontTools.ttLib import TTFont

from ..interface import available_catalogs
from ..locales import is_rtl, language_name, language_tag
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
ARABIC_SCRIPT_FONT = "Noto Naskh Arabic"
FONT_FILE = "arabic-script.woff2"
STYLESHEETS = ("letter.css", "reading.css")
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
    return language_tag(lang).replace("-", "_")


def _language(edition: Edition, links: Links, current: str | None = None) -> dict:
    return {"code": edition.lang, "name": language_name(edition.lang),
            "dir": "rtl" if is_rtl(edition.lang) else "ltr",
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


def _chrome(lang: str) -> dict:
    return {"lang": lang, "dir": "rtl" if is_rtl(lang) else "ltr"}


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
        "chrome": _chrome(chrome),
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
        original = next(e for e in editions if e.original)
        documents.append({
            "doc": doc,
            "title": letter_title(letter_of(original))[0],
            "lang": original.lang,
            "languages": [_language(e, links) | _title_of(letter_of(e)) for e in editions],
        })
    lang = ui or publication.settings.source_language
    words = labels(lang)
    # The list is a page of the letter's own template, in the language of its words.
    view = {"lang": lang, "direction": _chrome(lang)["dir"], "title": words["site"],
            "has_drafts": False}
    return _render("index.html", {"links": links, "words": words, "documents": documents,
                                  "view": view, "chrome": _chrome(lang),
                                  "description": words["intro"],
                                  "verify": links.folder(verify_path(
                                      publication.settings.source_language, lang)),
                                  "og_type": "website", "og_locale": og_locale(lang)})


def _title_of(letter: Letter) -> dict:
    """A letter's title for the list, with its language when it is left in English."""
    title, lang = letter_title(letter)
    return {"title": title, "title_lang": lang}


def _render(template: str, context: dict) -> bytes:
    page = environment("translate_letter.reading").get_template(template)
    return page.render(context | {"stylesheets": STYLESHEETS}).encode("utf-8")


def asset(name: str) -> bytes | None:
    """A stylesheet or font the pages link to, or None when there is no such asset."""
    if name == FONT_FILE:
        return font_data()
    if name == "letter.css":
        return files("translate_letter.render").joinpath("templates", name).read_bytes()
    if name in STYLESHEETS:
        return files("translate_letter.reading").joinpath("assets", name).read_bytes()
    return None


ASSETS = (*STYLESHEETS, FONT_FILE)


@cache
def font_data() -> bytes | None:
    """Noto Naskh Arabic as WOFF2, from the fonts installed here (fontconfig finds it), so
    readers without an Arabic-script font see Persian and Arabic shaped; None without it."""
    try:
        found = run(["fc-match", "-f", "%{file}\n%{family}", ARABIC_SCRIPT_FONT],
                    capture_output=True, text=True, check=True).stdout.split("\n", 1)
    except (OSError, CalledProcessError):
        return None
    if len(found) < 2 or ARABIC_SCRIPT_FONT not in found[1]:
        return None
    font = TTFont(found[0])
    font.flavor = "woff2"
    out = BytesIO()
    font.save(out)
    return out.getvalue()
