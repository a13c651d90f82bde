"""The Babel extractor for plain-text documents, and template (POT) writing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from .catalog.entry import messages
from .catalog.merge import SourceWouldWipe, refuse_wiping
from .catalog.reader import load_catalog
from .catalog.writer import save_catalog
from .core.config import Settings
from .core.document import segment
from .core.errors import UserError


def read_source(path: Path) -> str:
    """The text of a source document, exactly as stored (line endings kept)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise UserError(f"{path}: not UTF-8 (byte {exc.start}: {bad!r})") from None
    nul = text.find("\0")
    if nul >= 0:
        raise UserError(f"{path}:{text.count(chr(10), 0, nul) + 1}: a NUL byte in the "
                        "source document")
    return text


def babel_extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel extraction method: one message per segment, with where it sits as a comment."""
    encoding = options.get("encoding", "utf-8")
    try:
        text = fileobj.read().decode(encoding)
    except UnicodeDecodeError as exc:
        name = getattr(fileobj, "name", "source")
        raise UserError(f"{name}: not UTF-8 (byte {exc.start})") from None
    for seg in segment(text).segments:
        yield seg.line, None, seg.text, [str(seg.place)]


def extract_templates(settings: Settings, force: bool = False) -> list[Path]:
    """Write ``locales/<doc>.pot`` for every ``source/*.txt``; return the written paths.

    Unless ``force``, an empty source document, or one that would make more than half of
    a catalog's translated entries obsolete, is refused before anything is written.
    """
    sources = settings.sources()
    for path in sources:  # check every source before writing anything
        read_source(path)
    catalogs: dict[str, Catalog] = {path.stem: _template(path.stem) for path in sources}
    prefix = _relative(settings.source_dir, settings.root)
    found = extract_from_dir(
        str(settings.source_dir), method_map=[("*.txt", babel_extract)], options_map={}
    )
    for filename, lineno, message, comments, context in found:
        location = f"{prefix}/{filename}" if prefix else filename
        added = catalogs[Path(filename).stem].add(
            message, None, [(location, lineno)], auto_comments=comments, context=context
        )
        added.flags.clear()  # the text of a letter is no format string, whatever Babel guesses
    if not force:
        for path in sources:
            _refuse_wiping(settings, path, catalogs[path.stem])
    written = []
    for doc, catalog in catalogs.items():
        target = settings.template_path(doc)
        save_catalog(target, catalog)
        written.append(target)
    return written


def _refuse_wiping(settings: Settings, source: Path, template: Catalog) -> None:
    if not messages(template):
        raise SourceWouldWipe(f"{source}: no text to translate (an empty document?); "
                              "use --force to extract it anyway")
    for lang in settings.languages:
        path = settings.catalog_path(source.stem, lang)
        if path.exists():
            refuse_wiping(load_catalog(path), template, f"{source} (for {path})")


def _template(doc: str) -> Catalog:
    return Catalog(
        project="translate-letter",
        version=doc,
        header_comment=(
            f"# Segments of source/{doc}.txt for translation.\n"
            "# The letter is the signatories' text; translations are the reviewers'.\n"
            "# Produced by translate-letter."
        ),
        charset="utf-8",
        fuzzy=False,
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix().strip(".")
    except ValueError:
        return path.as_posix()
