"""The reading room as a set of files: every page, download and asset under its path.

The review app serves these paths (``/``, ``/read/<doc>/<lang>/``, ``/read/<doc>/<lang>/<file>``,
``/assets/<name>``); ``translate-letter publish`` writes them into a folder.  Both take the
list from :func:`site_files`, so the two sites cannot drift apart.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path, PurePosixPath

from ..core.config import Settings
from ..core.errors import UserError
from ..publish import Decisions, Edition, Publication, publication
from ..render import MEDIA_TYPES, RenderFailed, render_letter
from .pages import (
    INDEX,
    LetterOf,
    assets,
    downloads,
    index_page,
    letter_page,
    page_path,
    verify_languages,
    verify_path,
)
from .release import list_releases
from .verify import release_path, verify_page

# A folder holding this file was written by ``publish`` and may be replaced by it.
SITE_MARK = ".translate-letter-site"
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".woff2": "font/woff2"}


@dataclass(frozen=True)
class SiteFile:
    """One file of the site: its media type, how to make it, and whether it is a download;
    a page (``localized``) is made with its words in a chosen interface language."""

    media_type: str
    render: Callable[..., bytes | None]
    download: str | None = None  # the file name a browser saves it under
    localized: bool = False

    def make(self, ui: str | None = None) -> bytes | None:
        """The file's bytes; a page's words in ``ui`` (None: the page's own language)."""
        return self.render(ui) if self.localized else self.render()


def site_files(pub: Publication, static: bool,
               letter_of: LetterOf | None = None) -> dict[str, SiteFile]:
    """Every file of the reading room, by its path from the site's root (``read/…/``
    pages end in ``index.html``): the letters, their downloads, the releases and the Verify
    page in each of its languages.  ``letter_of`` gives an edition's letter (by default each
    is read once, when a file first needs it)."""
    html = MEDIA_TYPES["html"]
    letter_of = letter_of or cache(pub.letter)
    releases = list_releases(pub.settings)
    signed = {digest: r.version for r in releases for digest in r.sums.values()}
    found = {INDEX: SiteFile(html, partial(index_page, pub, letter_of, static),
                             localized=True)}
    for doc in pub.documents:
        for edition in pub.published(doc):
            folder = page_path(doc, edition.lang)
            # Made once, for the page's checksums and for the download itself.
            made = {file["name"]: cache(partial(_render_file, letter_of, edition,
                                                file["format"], file["bilingual"]))
                    for file in downloads(edition)}
            found[folder + INDEX] = SiteFile(html, partial(
                letter_page, pub, edition, letter_of, static,
                sha256=partial(_sha256, made), signed=signed), localized=True)
            for file in downloads(edition):
                found[folder + file["name"]] = SiteFile(MEDIA_TYPES[file["format"]],
                                                        made[file["name"]], file["name"])
    for lang in verify_languages(pub.settings.source_language):
        found[verify_path(pub.settings.source_language, lang) + INDEX] = SiteFile(
            html, partial(verify_page, pub, releases, lang, static))
    for release in releases:
        for name in release.files():
            found[release_path(release.version) + name] = SiteFile(
                _file_type(name), partial(_read, release.folder / name), PurePosixPath(name).name)
    for name, make in assets(pub).items():
        found[f"assets/{name}"] = SiteFile(ASSET_TYPES[Path(name).suffix], make)
    return found


def _render_file(letter_of: LetterOf, edition: Edition, fmt: str, bilingual: bool) -> bytes:
    return render_letter(letter_of(edition), fmt, bilingual)


def _sha256(made: dict[str, Callable[[], bytes]], name: str) -> str | None:
    """The SHA-256 of the download ``name``, None when it cannot be made."""
    try:
        return hashlib.sha256(made[name]()).hexdigest()
    except RenderFailed:
        return None


def _file_type(name: str) -> str:
    """The media type of a release's file: a letter's by its format, the rest text."""
    fmt = PurePosixPath(name).suffix.lstrip(".")
    if fmt in MEDIA_TYPES:
        return MEDIA_TYPES[fmt]
    return "application/json" if fmt == "json" else "text/plain; charset=utf-8"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


@dataclass(frozen=True)
class WrittenSite:
    """What :func:`write_site` wrote: the publication, and why each file it could not make
    is missing (one line each)."""

    publication: Publication
    failed: tuple[str, ...] = ()


def write_site(settings: Settings, decisions: Decisions, out_dir: Path) -> WrittenSite:
    """Write the reading room into ``out_dir`` as static files with relative links only.

    The folder is replaced as a whole, so a withdrawn language leaves nothing behind; a
    folder with other content is refused.  A file that cannot be made is left out alone.
    """
    out_dir = out_dir.resolve()
    if out_dir.exists() and (not out_dir.is_dir() or (
            any(out_dir.iterdir()) and not (out_dir / SITE_MARK).is_file())):
        raise UserError(f"{out_dir}: not empty and not a site written by 'translate-letter "
                        "publish'; choose another folder")
    pub = publication(settings, decisions, strict=True)  # a catalog unread: nothing written
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    failed = []
    try:
        for path, file in site_files(pub, static=True).items():
            try:
                data = file.make()
            except RenderFailed as exc:
                failed.append(f"{path}: {exc}")
                continue
            if data is not None:
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        (staging / SITE_MARK).write_text("written by translate-letter publish\n")
        staging.chmod(0o755)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WrittenSite(pub, tuple(failed))
