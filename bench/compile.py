"""Compile a generated 50,000-entry catalog with translate-letter and with GNU msgfmt.

Prints both times and the ratio (target: translate-letter <= 1.5 x msgfmt).
Run: python bench/compile.py [ENTRIES]
"""

from __future__ import annotations

import gettext
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from translate_letter.catalog.compile import compile_catalog


def generate(path: Path, entries: int) -> None:
    lines = [
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fa\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    ]
    for i in range(entries):
        fuzzy = "#, fuzzy\n" if i % 10 == 0 else ""
        lines.append(
            f"# translated: reviewer 2026-11-27\n#. paragraph {i}, sentence 1\n"
            f"#: source/letter.txt:{i + 1}\n{fuzzy}"
            f'msgid ""\n"Sentence {i}: the Security Council met on 18 April 2017 "\n'
            f'"(see S/PV.7926) about \\"human rights\\" in Iran."\n'
            f'msgstr ""\n"جمله {i}: شورای امنیت در ۱۸ آوریل ۲۰۱۷ "\n'
            f'"(نگاه کنید به S/PV.7926) درباره «حقوق بشر» در ایران تشکیل جلسه داد."\n'
        )
    path.write_text("\n".join(lines), encoding="utf-8")


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        po = Path(tmp) / "big.po"
        generate(po, entries)
        reference = Path(tmp) / "msgfmt.mo"
        msgfmt = best_of(3, lambda: subprocess.run(
            ["msgfmt", "-o", str(reference), str(po)], check=True))
        ours = best_of(3, lambda: compile_catalog(po))
        with reference.open("rb") as a, po.with_suffix(".mo").open("rb") as b:
            same = gettext.GNUTranslations(a)._catalog.keys() == gettext.GNUTranslations(
                b)._catalog.keys()
    print(f"entries: {entries}")
    print(f"msgfmt:           {msgfmt:.3f} s")
    print(f"translate-letter: {ours:.3f} s")
    print(f"ratio: {ours / msgfmt:.2f}x msgfmt (target <= 1.5x); same messages: {same}")


if __name__ == "__main__":
    main()
