"""Writing a catalog costs time in proportion to its size, whatever the shape of its strings.

Baseline: a catalog of ordinary sentences; then one of the same byte size whose 5,000
translations are 20,000-character strings without a space (the shape that made Babel's
writer quadratic).  Both are written with the project's writer in the same run and read
back by GNU msgfmt -c.  Target: ratio <= 3x.

Run: python bench/long_strings.py [ENTRIES]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from babel.messages.catalog import Catalog
from compile import best_of  # the sibling benchmark's timer (bench/ is sys.path[0])

from translate_letter.catalog.states import mark_translated
from translate_letter.catalog.writer import po_bytes, save_catalog

LONG = 20_000
SENTENCE = "شورای امنیت در ۱۸ آوریل ۲۰۱۷ درباره حقوق بشر در ایران تشکیل جلسه داد. "


def catalog(translations: list[str]) -> Catalog:
    result = Catalog(locale="fa", project="bench", version="long", fuzzy=False)
    for number, text in enumerate(translations):
        source = f"Segment {number} of the letter."
        result.add(source, locations=[("source/letter.txt", number + 1)])
        mark_translated(result[source], text, "ana", "2026-11-27")
    return result


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    unbroken_text = "ب" * LONG
    size = len(unbroken_text.encode())
    ordinary_text = SENTENCE * (size // len(SENTENCE.encode()) + 1)
    while len(ordinary_text.encode()) > size:
        ordinary_text = ordinary_text[:-1]
    unbroken = catalog([f"{n:05d}{unbroken_text[5:]}" for n in range(entries)])
    ordinary = catalog([ordinary_text for _ in range(entries)])
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for name, each in (("ordinary sentences", ordinary), ("unbroken strings", unbroken)):
            path = Path(tmp) / f"{name.split()[0]}.po"
            results[name] = best_of(3, lambda each=each, path=path: save_catalog(path, each))
            checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                                     capture_output=True, text=True)
            size = len(po_bytes(each))
            print(f"{name:<20} {results[name]:7.2f} s  {size / 1e6:7.1f} MB  "
                  f"msgfmt -c: {'ok' if checked.returncode == 0 else checked.stderr[:200]}")
    ratio = results["unbroken strings"] / results["ordinary sentences"]
    print(f"ratio: {ratio:.2f}x the ordinary catalog (target <= 3x)")


if __name__ == "__main__":
    main()
