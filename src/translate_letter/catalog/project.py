"""Where the project's catalogs are, and the document each one translates.

A document's segments are the entries of its template (``locales/<doc>.pot``).  A catalog
is measured against them: a segment the catalog lacks is untranslated, and a catalog that
holds no entry at all while the document has segments is no catalog but an empty file, or
one cut short while another program wrote it in place.  Every command refuses to read such
a file rather than count, build or publish it as a letter without text.
"""

from __future__ import annotations

import threading
from pathlib import Path

from babel.messages.catalog import Catalog

from ..core.config import Settings
from ..core.errors import UserError
from .entry import messages
from .files import read_settled
from .lock import acquire, project_lock
from .reader import load_catalog, read_catalog

_templates: dict[Path, tuple[tuple[int, int, int], Catalog]] = {}
_templates_lock = threading.Lock()


class IncompleteCatalog(UserError):
    """A catalog file that holds none of its document's segments."""


def project_catalogs(settings: Settings, languages: list[str]) -> list[tuple[str, str, Path]]:
    """(doc, lang, path) of every existing catalog for ``languages``."""
    return [
        (doc, lang, settings.catalog_path(doc, lang))
        for doc in settings.documents()
        for lang in languages
        if settings.catalog_path(doc, lang).exists()
    ]


def document_template(settings: Settings, doc: str) -> Catalog | None:
    """The template of ``doc`` (its segments), parsed once per version of the file; None
    when the document has no template.  Callers must not change it."""
    path = settings.template_path(doc)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    key = (info.st_ino, info.st_size, info.st_mtime_ns)
    with _templates_lock:
        cached = _templates.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    template = load_catalog(path)
    with _templates_lock:
        _templates[path] = (key, template)
    return template


def refuse_incomplete(catalog: Catalog, template: Catalog | None, name: str) -> None:
    """Raise :class:`IncompleteCatalog` when ``catalog`` holds no entry at all (not even an
    obsolete one, as after a source that was emptied for a while) while ``template`` has
    segments."""
    segments = len(messages(template)) if template is not None else 0
    if segments and not messages(catalog) and not catalog.obsolete:
        raise IncompleteCatalog(
            f"{name}: holds none of the {segments} segments of its document (an empty file, "
            "or one cut short while another program wrote it); restore it (git checkout), "
            "or delete it and run 'translate-letter update'")


def load_document_catalog(settings: Settings, doc: str, lang: str,
                          allow_empty: bool = False) -> Catalog:
    """The catalog of ``doc`` in ``lang`` read strictly once the file has stopped changing
    (under the project lock, so that no writer of ours changes it meanwhile); malformed, or
    (unless ``allow_empty``) holding no entry, it is a :class:`UserError`."""
    path = settings.catalog_path(doc, lang)
    try:
        with acquire(project_lock(settings)):
            data, _ = read_settled(path)
    except FileNotFoundError:
        raise UserError(f"{path}: no such catalog (run 'translate-letter update')") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    catalog = read_catalog(data, str(path))
    if not allow_empty:
        refuse_incomplete(catalog, document_template(settings, doc), str(path))
    return catalog
