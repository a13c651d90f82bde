"""Pre-translation speed: the project's pretranslate against a plain deep-translator loop.

200 distinct segments, a LibreTranslate-compatible server on 127.0.0.1 that takes 50 ms per
request.  Baseline: deep-translator's ``translate_batch`` (one request after the other).
Then ``pretranslate`` with 8 workers, and a second run after the catalog is reset, which
should find every text in the cache and send no request.

    PYTHONPATH=src python bench/pretranslate.py
"""

from __future__ import annotations

import importlib
import itertools
import sys
import tempfile
import time
from pathlib import Path

from deep_translator import LibreTranslator

from translate_letter.catalog.merge import update_catalogs
from translate_letter.config import load_settings
from translate_letter.extract import extract_templates
from translate_letter.machine import Options, pretranslate

# The loopback LibreTranslate server of the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "machine"))
LibreTranslateServer = importlib.import_module("mt_servers").LibreTranslateServer

SEGMENTS = 200
LATENCY = 0.05
WORKERS = 8
SUBJECTS = ["The Council", "The Assembly", "The Rapporteur", "The Court", "The Secretariat"]
VERBS = ["condemned", "examined", "recalled", "welcomed", "noted"]
OBJECTS = ["the arrests", "the report", "the executions", "the sanctions", "the appeal",
           "the testimony", "the resolution", "the findings"]


def segments() -> list[str]:
    combos = itertools.product(SUBJECTS, VERBS, OBJECTS, ["today", "again", "firmly"])
    return [f"{s} {v} {o} {when}." for s, v, o, when in itertools.islice(combos, SEGMENTS)]


def make_project(root: Path, texts: list[str]):
    (root / "source").mkdir(parents=True)
    (root / "source" / "letter.txt").write_text("\n\n".join(texts), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.translate-letter]\nlanguages = ["fr"]\n', encoding="utf-8")
    settings = load_settings(root)
    extract_templates(settings)
    update_catalogs(settings, ["fr"])
    return settings


def main() -> int:
    texts = segments()
    assert len(set(texts)) == SEGMENTS
    server = LibreTranslateServer(latency=LATENCY)
    try:
        # The plain library first, before the project touches deep-translator.
        translator = LibreTranslator(source="en", target="fr", api_key="unused",
                                     custom_url=server.url + "/")
        start = time.perf_counter()
        baseline = translator.translate_batch(texts)
        baseline_time = time.perf_counter() - start
        assert len(baseline) == SEGMENTS

        with tempfile.TemporaryDirectory() as tmp:
            settings = make_project(Path(tmp) / "project", texts)
            options = Options(engine="libretranslate", url=server.url, workers=WORKERS)
            sent_before = len(server.translations())
            start = time.perf_counter()
            report = pretranslate(settings, ["fr"], options)
            project_time = time.perf_counter() - start
            first_requests = len(server.translations()) - sent_before
            assert sum(report.drafted.values()) == SEGMENTS, report.summary()

            settings.catalog_path("letter", "fr").unlink()
            update_catalogs(settings, ["fr"])
            sent_before = len(server.translations())
            second = pretranslate(settings, ["fr"], options)
            second_requests = len(server.translations()) - sent_before
            assert sum(second.drafted.values()) == SEGMENTS, second.summary()
    finally:
        server.stop()

    ratio = baseline_time / project_time
    print(f"pretranslate: {SEGMENTS} segments, server latency {LATENCY * 1000:.0f} ms")
    print(f"  deep-translator translate_batch loop: {baseline_time:6.2f} s "
          f"({SEGMENTS} requests)")
    print(f"  translate-letter pretranslate ({WORKERS} workers): {project_time:6.2f} s "
          f"({first_requests} requests)")
    print(f"  speed-up: {ratio:.1f}x (target >= 6x)")
    print(f"  second run after resetting the catalog: {second_requests} requests (target 0)")
    return 0 if ratio >= 6 and second_requests == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
