"""Real catalogs of other projects, and ``update`` compared with ``msgmerge --previous``.

``corpus.tar.xz`` holds catalogs taken unchanged from the wheels and source archives of six
projects on the package index, two versions each (``corpus/README`` inside says which):
Django (its own, the admin's and the admin's JavaScript catalogs), Sphinx, WTForms,
humanize, django-allauth and Wagtail (admin and admin JavaScript), in French, Arabic,
Russian, Japanese and Persian: six, three, two and one plural forms, contexts, previous
contexts (``#| msgctxt``), python-, python-brace- and javascript-format flags, obsolete
entries, and a few catalogs that GNU msgfmt refuses.  Each project's template is the one it
ships (``.pot``, or the English catalog made by Django's ``makemessages``); humanize ships
none, so its templates were made with ``xgettext`` from its sources, as its maintainers do.

A *pair* is a catalog and a template to merge it into: the old version's catalog into the
new version's template ("across"), and the new catalog into its own template ("own").
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

ARCHIVE = Path(__file__).with_name("corpus.tar.xz")
PROJECTS = ("allauth", "django", "humanize", "sphinx", "wagtail", "wtforms")


@dataclass(frozen=True)
class Pair:
    """A catalog (``lang``) of ``project`` and the template it is merged into."""

    project: str
    domain: str
    lang: str
    kind: str  # "across": old catalog, new template; "own": new catalog, new template
    catalog: Path
    template: Path

    @property
    def name(self) -> str:
        return f"{self.project}/{self.domain}/{self.lang} ({self.kind})"


def unpack(where: Path) -> Path:
    """The corpus unpacked below ``where`` (once); returns its root folder."""
    root = where / "corpus"
    if not root.is_dir():
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(where, filter="data")
    return root


def pairs(root: Path, project: str | None = None) -> Iterator[Pair]:
    """Every pair of the corpus (of one project), across versions first."""
    for kind, version in (("across", "old"), ("own", "new")):
        for template in sorted(root.glob(f"{project or '*'}/new/*.pot")):
            name, domain = template.parent.parent.name, template.stem
            for catalog in sorted((root / name / version / domain).glob("*.po")):
                yield Pair(name, domain, catalog.stem, kind, catalog, template)


def layout(pair: Pair, locales: Path) -> Path:
    """A catalog folder as ``update`` takes it: ``<doc>.pot`` and
    ``<lang>/LC_MESSAGES/<doc>.po``; returns the catalog's path there.  The files keep their
    release dates, as catalogs at rest do (``update`` waits for a file written a moment ago
    to settle)."""
    (locales / pair.lang / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    shutil.copy2(pair.template, locales / f"{pair.domain}.pot")
    po = locales / pair.lang / "LC_MESSAGES" / f"{pair.domain}.po"
    shutil.copy2(pair.catalog, po)
    return po


def msgmerge(pair: Pair, output: Path) -> float:
    """Run ``msgmerge --previous`` on the pair into ``output``; the seconds it took."""
    start = time.perf_counter()
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(output), str(pair.catalog),
                    str(pair.template)], check=True)
    return time.perf_counter() - start


def update(locales: Path, lang: str) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``translate-letter --locales-dir LOCALES update -l LANG`` as a user does: the
    seconds the whole process took, and the process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "translate_letter", "--locales-dir",
                           str(locales), "update", "-l", lang], capture_output=True, text=True)
    return time.perf_counter() - start, done


def msgfmt(path: Path, *options: str) -> str:
    """What ``msgfmt`` (with ``options``, such as ``-c``) says against ``path``: empty when
    it accepts the file."""
    done = subprocess.run(["msgfmt", *options, "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    return "" if done.returncode == 0 else done.stderr.strip()


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _strings(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def _decision(entry: polib.POEntry | None) -> tuple:
    """What a merge decided for one entry: fuzzy or not, and the translation."""
    if entry is None:
        return ("missing",)
    return (entry.fuzzy, _strings(entry))


def _previous(entry: polib.POEntry | None) -> tuple:
    if entry is None or not entry.fuzzy:
        return ()
    return (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)


@dataclass
class Comparison:
    """How one merge by ``update`` compares with msgmerge's merge of the same pair."""

    decisions: int = 0  # entries that either tool made fuzzy, or where they differ
    agreeing: int = 0  # of those, the same fuzziness and the same translation
    previous_differ: int = 0  # fuzzy alike, but another previous msgctxt or msgid
    obsolete_differ: int = 0  # obsolete entries kept by one tool only
    header_differs: bool = False  # header fields or the comment above them
    disagreements: list[str] = field(default_factory=list)


def compare(ours: Path, theirs: Path) -> Comparison:
    """Compare the catalog ``update`` wrote with the one msgmerge wrote, entry by entry."""
    mine_file, other_file = polib.pofile(str(ours)), polib.pofile(str(theirs))
    mine = {_key(e): e for e in mine_file if not e.obsolete}
    other = {_key(e): e for e in other_file if not e.obsolete}
    result = Comparison()
    for key in dict.fromkeys([*other, *mine]):
        a, b = mine.get(key), other.get(key)
        decided = _decision(a), _decision(b)
        if decided[0] == decided[1] and not (a is not None and a.fuzzy):
            continue
        result.decisions += 1
        if decided[0] != decided[1]:
            result.disagreements.append(f"{key}: {decided[0]} vs msgmerge {decided[1]}")
            continue
        result.agreeing += 1
        if _previous(a) != _previous(b):
            result.previous_differ += 1
            result.disagreements.append(f"previous of {key}: {_previous(a)} vs {_previous(b)}")
    kept = {_key(e) for e in mine_file if e.obsolete}
    result.obsolete_differ = len(kept ^ {_key(e) for e in other_file if e.obsolete})
    result.header_differs = (dict(mine_file.metadata) != dict(other_file.metadata)
                             or mine_file.header != other_file.header)
    return result
