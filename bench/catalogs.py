"""``update`` against GNU ``msgmerge --previous`` on other projects' real catalogs.

For every pair of the test corpus (``tests/catalog/corpus.tar.xz``: Django, Sphinx,
WTForms, humanize, django-allauth and Wagtail, two versions each; the old catalog merged
into the new template, and the new catalog into its own), in the same run:

- agreement on fuzzy decisions: of the entries either tool made fuzzy or decided
  differently, how many got the same fuzziness and the same translation (target >= 95 %),
  and how many fuzzy ones got another previous msgctxt or msgid;
- whether ``msgfmt -c`` accepts each output that it accepts from msgmerge;
- time: ``translate-letter update`` as a whole process and the merge alone (read, merge
  under the lock, write, in this process) against ``msgmerge`` as a whole process.

Run: python bench/catalogs.py [PROJECT...]
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.catalog.corpus import (
    PROJECTS,
    compare,
    layout,
    msgfmt,
    msgmerge,
    pairs,
    unpack,
    update,
)

from translate_letter.catalog.merge import update_catalogs
from translate_letter.core.config import load_settings
from translate_letter.core.errors import UserError


def main() -> None:
    chosen = sys.argv[1:] or list(PROJECTS)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0] * 8)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = unpack(Path(tmp))
        settings = load_settings(ROOT)
        for number, pair in enumerate(p for project in chosen for p in pairs(corpus, project)):
            work = Path(tmp) / str(number)
            po = layout(pair, work / "process")
            theirs = work / "msgmerge.po"
            baseline = msgmerge(pair, theirs)
            whole, done = update(work / "process", pair.lang)
            row = totals[pair.project]
            row[7] += 1
            if done.returncode:
                row[6] += 1  # refused, as msgfmt -c refuses it
                continue
            layout(pair, work / "inside")
            start = time.perf_counter()
            try:
                update_catalogs(dataclasses.replace(settings, locales_dir=work / "inside"),
                                [pair.lang])
            except UserError:
                pass
            inside = time.perf_counter() - start
            found = compare(po, theirs)
            valid = not msgfmt(po, "-c") or bool(msgfmt(theirs, "-c"))
            for at, value in enumerate((found.decisions, found.agreeing,
                                        found.previous_differ, baseline, whole, inside)):
                row[at] += value
            if not valid:
                print(f"  {pair.name}: msgfmt -c refuses update's output: {msgfmt(po, '-c')}")
    _report(totals)


def _report(totals: dict[str, list[float]]) -> None:
    print(f"{'project':<10} {'pairs':>5} {'refused':>7} {'agree':>11} {'%':>6} {'prev≠':>5} "
          f"{'msgmerge':>9} {'update':>8} {'ratio':>6} {'merge':>8} {'ratio':>6}")
    grand = [0.0] * 8
    for project, row in sorted(totals.items()):
        _line(project, row)
        grand = [a + b for a, b in zip(grand, row, strict=True)]
    _line("all", grand)
    print("agreement target >= 95 %; 'update' is the whole process, 'merge' read + merge + "
          "write in one process; ratios against msgmerge as a whole process")


def _line(name: str, row: list[float]) -> None:
    decisions, agreeing, previous, baseline, whole, inside, refused, count = row
    percent = 100 * agreeing / decisions if decisions else 100.0
    print(f"{name:<10} {int(count):>5} {int(refused):>7} {int(agreeing):>5}/{int(decisions):<5} "
          f"{percent:6.1f} {int(previous):>5} {baseline:8.2f}s {whole:7.2f}s "
          f"{whole / baseline:5.1f}x {inside:7.2f}s {inside / baseline:5.1f}x")


if __name__ == "__main__":
    main()
