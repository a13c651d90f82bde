"""Reproducible letters: the same catalogs give the same bytes, whenever and wherever they
are built, and the dates inside the files are the catalogs' (or SOURCE_DATE_EPOCH's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from translate_letter.catalog.reader import load_catalog

from ..conftest import REPO, copy_shipped
from .test_pdf import poppler

CLOCK = "+34560090"  # libfaketime: 400 days and 90 seconds ahead
BUILD = ("build", "-f", "all", "--bilingual", "--include", "drafts", "--min-complete", "0")


def build(root: Path, out: Path, clock: str | None = None, **env: str) -> None:
    """``translate-letter build`` in a process of its own, as a maintainer runs it; with
    ``clock``, under libfaketime with its clock moved by that much (``+400d``)."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    faked = ["faketime", "-f", clock] if clock else []
    subprocess.run([*faked, sys.executable, "-m", "translate_letter", "-C", str(root), *BUILD,
                    "-o", str(out)], check=True, capture_output=True, env=environ)


def clone(target: Path) -> Path:
    """A clone of this repository as committed (``git clone``), or outside a git checkout a
    copy of its project; the project's folder."""
    if (REPO / ".git").exists() and shutil.which("git"):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", REPO.as_uri(), str(target)],
                       check=True)
        return target
    return copy_shipped(target).root


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def pdf_dates(path: Path) -> list[str]:
    """The PDF's CreationDate and ModDate, as pdfinfo reads them."""
    info = dict(line.split(":", 1) for line in poppler(
        "pdfinfo", "-isodates", str(path)).splitlines() if ":" in line)
    return [info.get(key, "").strip() for key in ("CreationDate", "ModDate")]


def set_revision_date(po: Path, date: str) -> None:
    text = po.read_text(encoding="utf-8")
    start = text.index('"PO-Revision-Date: ')
    end = text.index("\\n", start)
    po.write_text(f'{text[:start]}"PO-Revision-Date: {date}{text[end:]}', encoding="utf-8")


@pytest.mark.slow
def test_two_clones_built_at_different_times_give_identical_files(tmp_path):
    """Clock independence without waiting a minute: the second clone is built under
    libfaketime, its clock 400 days and 90 seconds ahead, in another time zone, its files
    checked out an hour later."""
    assert shutil.which("faketime"), "faketime is missing: run 'make test' (system-deps)"
    ahead = subprocess.run(["faketime", "-f", CLOCK, sys.executable, "-c",
                            "import time; print(time.time())"], capture_output=True, text=True,
                           check=True)
    assert float(ahead.stdout) - time.time() > 400 * 86400  # the fake clock is in effect
    first, second = clone(tmp_path / "one"), clone(tmp_path / "two")
    build(first, tmp_path / "dist-one")
    later = time.time() + 3600
    for path in second.rglob("*"):
        os.utime(path, (later, later))  # files checked out at another time
    build(second, tmp_path / "dist-two", clock=CLOCK, TZ="Asia/Tehran")

    built = files(tmp_path / "dist-one")
    assert built == files(tmp_path / "dist-two")
    assert {Path(name).suffix for name in built} == {".txt", ".md", ".html", ".pdf", ".docx"}
    assert len(built) == 3 * 8
    for name in built:
        same = subprocess.run(["cmp", str(tmp_path / "dist-one" / name),
                               str(tmp_path / "dist-two" / name)], capture_output=True)
        assert same.returncode == 0, same.stdout


def test_dates_inside_the_files_are_the_catalogs_or_source_date_epochs(catalogs, tmp_path):
    set_revision_date(catalogs.po("fr"), "2026-12-01 10:30+0100")
    build(catalogs.root, tmp_path / "dist")
    revised = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    folder = tmp_path / "dist" / "fr"
    properties = docx.Document(str(folder / "letter.docx")).core_properties
    assert properties.created == properties.modified == revised
    with zipfile.ZipFile(folder / "letter.docx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 12, 1, 9, 30, 0)}
    assert pdf_dates(folder / "letter.pdf") == ["2026-12-01T09:30:00Z"] * 2

    # A catalog never revised carries its template's creation date, not the clock's.
    persian = docx.Document(str(tmp_path / "dist" / "fa" / "letter.docx")).core_properties
    extracted = load_catalog(catalogs.po("fa")).creation_date.astimezone(UTC)
    assert persian.created == persian.modified == extracted

    build(catalogs.root, tmp_path / "epoch", SOURCE_DATE_EPOCH="1700000000")
    epoch = docx.Document(str(tmp_path / "epoch" / "fr" / "letter.docx")).core_properties
    assert epoch.modified == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert pdf_dates(tmp_path / "epoch" / "fr" / "letter.pdf") == ["2023-11-14T22:13:20Z"] * 2


def test_a_bad_source_date_epoch_is_one_line_and_writes_nothing(catalogs, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    before = catalogs.snapshot()

    result = catalogs.run("build", "-l", "fr", "--min-complete", "0")

    assert result.exit_code == 2
    assert result.stderr == ("translate-letter: error: SOURCE_DATE_EPOCH must be a number of "
                             "seconds, not 'yesterday'\n")
    assert catalogs.snapshot() == before
