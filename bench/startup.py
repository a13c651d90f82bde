"""Commands as whole processes against GNU gettext and pybabel, in the same run.

- ``translate-letter --help`` against ``pybabel --help`` (target <= 1.5x);
- ``translate-letter stats`` on the shipped project against ``msgfmt --version`` (the cost
  of starting a command at all);
- ``translate-letter update`` of an 8,000-entry catalog after 5 % of its source changed
  against ``msgmerge --previous`` on the same files (target <= 2x).

Each figure is the best of several runs (``update``'s on a fresh copy each time), so a
busy machine slows the baseline and the product alike.

Run: python bench/startup.py [ENTRIES]   (default: 8000)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from fuzzy import Prose, project, translated  # noqa: E402

RUNS = 5


def best_of(command: list[str], prepare=None, runs: int = RUNS) -> float:
    """The shortest wall time of ``command`` over ``runs`` runs; ``prepare`` before each."""
    times = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def line(name: str, ours: float, baseline_name: str, baseline: float,
         target: float | None) -> None:
    aim = f" (target <= {target:g}x)" if target else ""
    print(f"{name:<34} {ours * 1000:8.0f} ms   {baseline_name:<26} {baseline * 1000:8.0f} ms"
          f"   ratio {ours / baseline:5.2f}x{aim}", flush=True)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    tool = str(BIN / "translate-letter")
    line("translate-letter --help", best_of([tool, "--help"]),
         "pybabel --help", best_of([str(BIN / "pybabel"), "--help"]), 1.5)
    line("translate-letter stats (shipped)", best_of([tool, "-C", str(ROOT), "stats"]),
         "msgfmt --version", best_of(["msgfmt", "--version"]), None)

    with tempfile.TemporaryDirectory() as tmp:
        before, after = Prose().document(entries)
        settings = project(Path(tmp) / "project", translated(before), after)
        po, pot = settings.catalog_path("doc", "fr"), settings.template_path("doc")
        pristine = Path(tmp) / "before.po"
        shutil.copyfile(po, pristine)

        def fresh() -> None:
            shutil.copyfile(pristine, po)

        merged = Path(tmp) / "msgmerge.po"
        baseline = best_of(["msgmerge", "--quiet", "--previous", "-o", str(merged),
                            str(pristine), str(pot)])
        ours = best_of([tool, "-C", str(settings.root), "update", "-l", "fr"], fresh)
        line(f"update, {entries} entries, 5 % edited", ours, "msgmerge --previous",
             baseline, 2)


if __name__ == "__main__":
    main()
