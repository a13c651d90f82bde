"""Build the letter in every language and format, and the txt/html of a 1 MB document.

Prints the time of each format and its ratio to the txt writer run in the same process
(the baseline: a plain rebuild of the source's layout).  Target: the letter's 15 files
(3 languages x 5 formats) in <= 10 s.
Run: PYTHONPATH=src python bench/build.py [MEGABYTES]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from translate_letter.build import build
from translate_letter.core.config import load_settings
from translate_letter.core.document import segment
from translate_letter.render import WRITERS, Letter, render_letter

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def letter_formats(out: Path) -> None:
    """Every format of the shipped letter (drafts admitted, so every segment is translated)."""
    project = out / "project"
    shutil.copytree(REPO / "source", project / "source")
    shutil.copytree(REPO / "locales", project / "locales", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copyfile(REPO / "pyproject.toml", project / "pyproject.toml")
    settings = load_settings(project)
    languages = list(settings.languages)

    def run(formats: list[str], bilingual: bool = False) -> int:
        report = build(settings, languages, formats, include="drafts", min_complete=0,
                       out_dir=out / "dist", bilingual=bilingual)
        return len(report.written)

    per_format = {fmt: timed(lambda fmt=fmt: run([fmt])) for fmt in WRITERS}
    baseline = per_format["txt"]
    print(f"letter, {len(languages)} languages ({', '.join(languages)}), one format at a time "
          "(the first PDF run also loads WeasyPrint and its fonts):")
    for fmt, seconds in per_format.items():
        print(f"  {fmt:<5} {seconds:7.3f} s  {seconds / baseline:8.1f}x txt")
    files: list[int] = []
    total = timed(lambda: files.append(run(["all"])))
    print(f"  all   {total:7.3f} s  for {files[0]} files "
          f"({total / TARGET_SECONDS:.2f} of the {TARGET_SECONDS:g} s target)")
    bilingual = timed(lambda: files.append(run(["html", "pdf", "docx"], bilingual=True)))
    print(f"  html+pdf+docx with bilingual editions: {bilingual:.3f} s for {files[1]} files")


def big_document(megabytes: float) -> None:
    """txt and html of a generated document of about ``megabytes`` MB, fully translated."""
    source = (REPO / "source" / "letter.txt").read_text("utf-8") + "\n\n"
    text = source * (int(megabytes * 1_000_000) // len(source.encode("utf-8")) + 1)
    documents = []
    seconds = timed(lambda: documents.append(segment(text)))
    document = documents[0]
    translations = {s.key: "«" + s.text[::-1] + "»" for s in document.segments}
    letter = Letter("big", "fa", document, translations, "translated")
    print(f"\n{len(text.encode('utf-8')) / 1e6:.2f} MB document, {len(document.segments)} "
          f"segments (segmenting: {seconds:.3f} s):")
    baseline = timed(lambda: render_letter(letter, "txt"))
    print(f"  txt   {baseline:7.3f} s  {1:8.1f}x txt")
    html = timed(lambda: render_letter(letter, "html"))
    print(f"  html  {html:7.3f} s  {html / baseline:8.1f}x txt")


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    with tempfile.TemporaryDirectory() as tmp:
        letter_formats(Path(tmp))
    big_document(megabytes)


if __name__ == "__main__":
    main()
