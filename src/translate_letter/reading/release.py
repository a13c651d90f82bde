"""Releases of the published letters: signed, kept side by side, each saying what changed.

``translate-letter release`` writes ``dist/release/<version>/``: every file a reader may
download of each published edition, as ``<lang>/<doc>.<ext>`` (the bytes the reading room
serves), ``CHANGES.txt`` and ``release.json`` (what changed since the release before, segment
by segment, per language), all listed in a ``SHA256SUMS`` signed with the project's release
key (see :mod:`translate_letter.signing`).  A release is never replaced: a correction is a new
release beside the earlier ones, and its change list lets a reader tell it from a forgery.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from functools import cache, cached_property
from pathlib import Path

from filelock import FileLock

from ..core.config import Settings
from ..core.errors import UserError
from ..languages import profile
from ..publish import Decisions, Edition, Publication, publication
from ..render import Letter, render_letter
from ..signing import (
    FINGERPRINT,
    KEY_FILE,
    SUMS,
    UNSIGNED,
    SigningKey,
    listed_files,
    read_sums,
    sha256_of,
    sign_folder,
)
from .pages import downloads

RELEASES = Path("dist") / "release"
MANIFEST = "release.json"
CHANGES = "CHANGES.txt"
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]{0,63}")
# A change of one edition from one release to the next.
NEW, WITHDRAWN, CHANGED, UNCHANGED = "new", "withdrawn", "changed", "unchanged"


def releases_dir(settings: Settings) -> Path:
    return settings.root / RELEASES


def release_stamps(settings: Settings) -> list[Path]:
    """The files whose change means the releases changed: their folder and each one's
    ``SHA256SUMS``."""
    root = releases_dir(settings)
    if not root.is_dir():
        return [root]
    return [root, *sorted(folder / SUMS for folder in root.iterdir() if folder.is_dir())]


def key_path(settings: Settings, given: Path | None, instance: Path) -> Path:
    """Where the release key is: ``given``, else ``release-key`` in the instance folder;
    never among the catalogs, the sources or the published files."""
    path = (given or instance / KEY_FILE).absolute()
    for folder, what in ((settings.locales_dir, "the catalogs"),
                         (settings.source_dir, "the sources"),
                         (settings.root / "dist", "dist/, which is published")):
        if path.resolve().is_relative_to(folder.resolve()):
            raise UserError(f"{path}: inside {what}; keep the release key outside them "
                            "(default: the instance folder)")
    return path


@dataclass(frozen=True)
class SegmentChange:
    """One segment whose printed text changed: ``before`` None when it is new, ``after``
    None when it is gone."""

    place: str
    source: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class EditionChange:
    """What changed in one document in one language since the release before."""

    doc: str
    lang: str
    status: str  # NEW, WITHDRAWN, CHANGED or UNCHANGED
    segments: tuple[SegmentChange, ...] = ()
    files: tuple[str, ...] = ()  # its files whose bytes changed

    def describe(self) -> str:
        """``letter, Persian (fa): 2 segments changed``: one line in English."""
        what = {NEW: "new in this release", WITHDRAWN: "not in this release",
                UNCHANGED: "unchanged"}.get(self.status)
        if what is None:
            what = f"{len(self.segments)} segment(s) changed, {len(self.files)} file(s)"
        return f"{self.doc}, {profile(self.lang).english_name} ({self.lang}): {what}"


@dataclass(frozen=True)
class Release:
    """One release folder, as its ``release.json`` describes it."""

    version: str
    folder: Path
    number: int  # 1 for a project's first release, then one more each time
    date: str
    previous: str | None
    editions: tuple[dict, ...]  # {doc, lang, original, files, segments: [{place, source, text}]}
    changes: tuple[EditionChange, ...]

    @cached_property
    def sums(self) -> dict[str, str]:
        """Its files' SHA-256 by name, from its ``SHA256SUMS``."""
        path = self.folder / SUMS
        return read_sums(path) if path.is_file() else {}

    @cached_property
    def fingerprint(self) -> str:
        """The fingerprint of the key it is signed with, as the release publishes it."""
        try:
            return (self.folder / FINGERPRINT).read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def summary(self) -> str:
        """The release in one line for the audit trail: its files, the hash of its list and
        its key."""
        listed = sha256_of(self.folder / SUMS)
        return (f"{self.version}: {len(self.files())} files, SHA256SUMS {listed}, "
                f"key {self.fingerprint}")

    def files(self) -> list[str]:
        """Every file of the folder, as ``SHA256SUMS`` names them, then the list and its
        signature."""
        return [*self.sums, *(name for name in UNSIGNED if (self.folder / name).is_file())]


def list_releases(settings: Settings) -> list[Release]:
    """The project's releases, oldest first (folders without a readable ``release.json``
    are not releases)."""
    root = releases_dir(settings)
    if not root.is_dir():
        return []
    found = [_load(folder) for folder in sorted(root.iterdir())
             if folder.is_dir() and not folder.name.startswith(".")]
    return sorted((r for r in found if r is not None), key=lambda r: (r.number, r.version))


def _load(folder: Path) -> Release | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        changes = tuple(
            EditionChange(c["doc"], c["lang"], c["status"],
                          tuple(SegmentChange(**s) for s in c["segments"]), tuple(c["files"]))
            for c in data["changes"])
        editions = tuple(data["editions"])
        if not all({"doc", "lang", "files", "segments"} <= edition.keys()
                   for edition in editions):
            return None
        return Release(data["version"], folder, int(data["number"]), data["date"],
                       data["previous"], editions, changes)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def release_name(folder: Path) -> str:
    """The version a release folder's ``release.json`` gives, else the folder's name."""
    found = _load(folder)
    return found.version if found is not None else folder.name


def next_version(existing: Iterable[str], day: str) -> str:
    """``<day>.<n>``: the day's first release is ``.1``, each further one counts up."""
    counters = [int(m.group(1)) for v in existing
                if (m := re.fullmatch(rf"{re.escape(day)}\.(\d+)", v))]
    return f"{day}.{max(counters, default=0) + 1}"


def _check_version(root: Path, version: str) -> None:
    if not _VERSION.fullmatch(version):
        raise UserError(f"release version {version!r}: use letters, digits and . _ + - only "
                        "(at most 64, not starting with a dot), such as 2026-12-04.1")
    if (root / version).exists():
        raise UserError(f"release {version} exists already ({root / version}); a release is "
                        "never replaced: choose another --version")


@dataclass(frozen=True)
class Made:
    """A new release, and the publication it was made from (what it left out and why)."""

    release: Release
    publication: Publication


def make_release(settings: Settings, decisions: Decisions, key: SigningKey,
                 version: str | None = None) -> Made:
    """Write and sign ``dist/release/<version>/`` from the published editions.

    Nothing is written when anything fails: the folder appears whole or not at all.
    """
    key.check().fingerprint()  # ssh-keygen and the key work, before any letter is made
    pub = publication(settings, decisions, strict=True)  # a catalog unread: nothing written
    editions = [e for doc in pub.documents for e in pub.published(doc)]
    if all(e.original for e in editions):
        reasons = "; ".join(e.describe() for e in pub.left_out()) or "no language configured"
        raise UserError(f"nothing to release: no translation is published ({reasons})")
    root = releases_dir(settings)
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(root / ".lock"):
        earlier = list_releases(settings)
        day = datetime.now(UTC).date().isoformat()
        existing = [p.name for p in root.iterdir()]
        version = version or next_version(existing, day)
        _check_version(root, version)
        staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=root))
        try:
            release = _write(staging, pub, editions, earlier[-1] if earlier else None,
                             version, day)
            sign_folder(staging, key)
            staging.chmod(0o755)
            staging.rename(root / version)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return Made(replace(release, folder=root / version), pub)


def _write(folder: Path, pub: Publication, editions: list[Edition],
           previous: Release | None, version: str, day: str) -> Release:
    """The release's letters, ``release.json`` and ``CHANGES.txt`` in ``folder``."""
    letter_of = cache(pub.letter)
    records = []
    for edition in editions:
        names = []
        for file in downloads(edition):
            name = f"{edition.lang}/{file['name']}"
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render_letter(letter_of(edition), file["format"],
                                             file["bilingual"]))
            names.append(name)
        records.append({"doc": edition.doc, "lang": edition.lang,
                        "original": edition.original, "files": names,
                        "segments": _printed(letter_of(edition))})
    sums = {name: sha256_of(folder / name) for name in listed_files(folder)}
    changes = tuple(compare(previous, records, sums)) if previous else ()
    release = Release(version, folder, (previous.number if previous else 0) + 1, day,
                      previous.version if previous else None, tuple(records), changes)
    manifest = {"version": release.version, "number": release.number, "date": release.date,
                "previous": release.previous, "editions": records,
                "changes": [asdict(change) for change in changes]}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    (folder / CHANGES).write_text(changes_text(release), encoding="utf-8")
    return release


def _printed(letter: Letter) -> list[dict]:
    """Each segment of ``letter`` as a reader reads it: its place, its English source and
    the text printed there (the translation, or the English where there is none)."""
    return [{"place": str(s.place), "source": s.text, "text": letter.rendered(s) or s.text}
            for s in letter.document.segments]


def _keyed(segments: list[dict]) -> dict[tuple[str, int], dict]:
    """Segments by their source and its occurrence (a sentence may stand twice)."""
    seen: Counter[str] = Counter()
    keyed = {}
    for segment in segments:
        keyed[(segment["source"], seen[segment["source"]])] = segment
        seen[segment["source"]] += 1
    return keyed


def segment_changes(before: list[dict], after: list[dict]) -> tuple[SegmentChange, ...]:
    """The segments whose printed text differs, that are new, or that are gone."""
    old, new = _keyed(before), _keyed(after)
    changed = [SegmentChange(s["place"], s["source"], old[k]["text"] if k in old else None,
                             s["text"])
               for k, s in new.items() if k not in old or old[k]["text"] != s["text"]]
    gone = [SegmentChange(s["place"], s["source"], s["text"], None)
            for k, s in old.items() if k not in new]
    return tuple(changed + gone)


def compare(previous: Release, records: list[dict],
            sums: dict[str, str]) -> Iterator[EditionChange]:
    """What changed in each edition since ``previous``; editions it had and this release
    has not are withdrawn."""
    before = {(e["doc"], e["lang"]): e for e in previous.editions}
    for record in records:
        old = before.pop((record["doc"], record["lang"]), None)
        if old is None:
            yield EditionChange(record["doc"], record["lang"], NEW)
            continue
        segments = segment_changes(old["segments"], record["segments"])
        files = tuple(n for n in record["files"] if previous.sums.get(n) != sums.get(n))
        yield EditionChange(record["doc"], record["lang"],
                            CHANGED if segments or files else UNCHANGED, segments, files)
    for doc, lang in before:
        yield EditionChange(doc, lang, WITHDRAWN)


def changes_text(release: Release) -> str:
    """``CHANGES.txt``: the release and what changed since the one before, in English."""
    lines = [f"Release {release.version} of {release.date}"]
    if release.previous is None:
        lines.append("The first release: " + ", ".join(
            f"{e['doc']} in {profile(e['lang']).english_name} ({e['lang']})"
            for e in release.editions) + ".")
    else:
        lines.append(f"Changes since release {release.previous}:")
    for change in release.changes:
        lines.append("")
        lines.append(change.describe())
        for segment in change.segments:
            lines.append(f"  {segment.place}: {segment.source}")
            lines.append(f"    before: {segment.before if segment.before is not None else '—'}")
            lines.append(f"    after:  {segment.after if segment.after is not None else '—'}")
        if change.files:
            lines.append(f"  files changed: {', '.join(change.files)}")
    return "\n".join(lines) + "\n"
