"""The Verify page: how a reader checks a download, in the reader's language.

It gives the release key's fingerprint, the exact commands (``ssh-keygen -Y verify``,
``sha256sum``) and every release, newest first, with its files, their SHA-256 and what
changed since the release before.  Its links are relative, so it works on the server and
from a static site opened as files.
"""

from __future__ import annotations

import re

from ..assist import word_diff
from ..core.errors import N_
from ..interface import translate
from ..languages import profile
from ..publish import Publication
from ..signing import (
    ALLOWED_SIGNERS,
    NAMESPACE,
    PRINCIPAL,
    PUBLIC_KEY,
    SIGNATURE,
    SUMS,
    signature_command,
)
from .labels import labels
from .pages import (
    Links,
    _render,
    chrome_view,
    og_locale,
    verify_languages,
    verify_path,
    written_in,
)
from .release import CHANGES, NEW, UNCHANGED, WITHDRAWN, EditionChange, Release

RELEASES_PATH = "releases/"
EXAMPLE_FILE = "letter.pdf"
COMMANDS = {
    "signature": signature_command(),
    # The hash of the file at the start of a line of the list: a missing file matches none.
    "file": f'grep "^$(sha256sum {EXAMPLE_FILE} | cut -c 1-64) " {SUMS}',
    "folder": f"sha256sum -c {SUMS}",
    "tool": f"translate-letter verify --release DIR {EXAMPLE_FILE}",
}
# A segment's place as document.py writes it, in the reader's language (the editor's
# words for the same places).
PLACES = {
    "paragraph": (N_("paragraph %(number)s"), N_("paragraph %(number)s, sentence %(sentence)s")),
    "heading": (N_("heading %(number)s"), N_("heading %(number)s, sentence %(sentence)s")),
    "list item": (N_("list item %(number)s"),
                  N_("list item %(number)s, sentence %(sentence)s")),
}
_PLACE = re.compile(r"(paragraph|heading|list item) (\d+)(?:, sentence (\d+))?")
STATUS_WORDS = {NEW: "status_new", WITHDRAWN: "status_withdrawn", UNCHANGED: "status_unchanged"}


def release_path(version: str) -> str:
    """Where a release's folder lives, from the site's root."""
    return f"{RELEASES_PATH}{version}/"


def place_in(place: str, lang: str) -> str:
    """``paragraph 7, sentence 2`` in ``lang``, its numbers in the language's digits."""
    found = _PLACE.fullmatch(place)
    if found is None:
        return place
    kind, number, sentence = found.groups()
    template = translate(lang, PLACES[kind][1 if sentence else 0])
    language = profile(lang)
    return template % {"number": language.localize_digits(number),
                       "sentence": language.localize_digits(sentence or "")}


def _change(change: EditionChange, lang: str, words: dict[str, str]) -> dict:
    status = words.get(STATUS_WORDS.get(change.status, ""), "")
    if not status:
        status = words["segments_changed"] % {
            "count": profile(lang).localize_digits(str(len(change.segments)))}
    return written_in(change.lang) | {
        "language": _capitalized(profile(change.lang).name_in(profile(lang))),
        "doc": change.doc,
        "status": status,
        "segments": [{"place": place_in(s.place, lang), "source": s.source,
                      "words": word_diff(s.before or "", s.after or "")}
                     for s in change.segments],
        "files": change.files}


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


def _release(release: Release, links: Links, lang: str, words: dict[str, str]) -> dict:
    folder = links.root + release_path(release.version)
    return {
        "version": release.version,
        "date": release.date,
        "previous": release.previous,
        "fingerprint": release.fingerprint,
        "href": {name: folder + name
                 for name in (SUMS, SIGNATURE, ALLOWED_SIGNERS, PUBLIC_KEY, CHANGES)},
        "files": [{"name": name, "sha256": digest, "href": folder + name}
                  for name, digest in release.sums.items()],
        "changes": [_change(change, lang, words) for change in release.changes],
    }


def verify_page(publication: Publication, releases: list[Release], lang: str,
                static: bool) -> bytes:
    """The Verify page in ``lang``: the key, the commands, the releases newest first."""
    source = publication.settings.source_language
    links = Links.of(publication, "../" * verify_path(source, lang).count("/"), static)
    words = labels(lang)
    chrome = written_in(lang)
    view = chrome_view(lang, words["verify"])
    languages = [written_in(code) | {"code": code, "name": profile(code).name,
                                     "current": code == lang,
                                     "href": links.folder(verify_path(source, code))}
                 for code in verify_languages(source)]
    shown = [_release(r, links, lang, words) for r in reversed(releases)]
    return _render("verify.html", {
        "links": links, "words": words, "chrome": chrome, "view": view,
        "description": words["verify_intro"], "og_type": "website",
        "og_locale": og_locale(lang), "languages": languages, "releases": shown,
        "latest": shown[0] if shown else None, "commands": COMMANDS,
        "principal": PRINCIPAL, "namespace": NAMESPACE,
    })
