"""Pre-translation speed: the project's pretranslate against a plain deep-translator loop.

200 distinct segments in 40 paragraphs, a LibreTranslate-compatible server on 127.0.0.1
that takes 50 ms per request.  Baseline: deep-translator's ``translate_batch`` (one request
after the other).  Then ``pretranslate`` with 8 workers, sending lists (target: at least 30
times faster, at most 10 requests), and a second run after the catalog is reset, which
should find every text in the cache and send no request.  Last, the ``llm`` engine against
a chat-completions server with the same latency: at most one request per paragraph.

    PYTHONPATH=src python bench/pretranslate.py
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deep_translator import LibreTranslator

from translate_letter.catalog.merge import update_catalogs
from translate_letter.core.config import load_settings
from translate_letter.extract import extract_templates
from translate_letter.machine import Options, pretranslate

# The loopback servers of the tests, each in a process of its own, as a real service is.
SERVERS = Path(__file__).resolve().parent.parent / "tests" / "machine"
RUNNER = """
import sys
sys.path.insert(0, sys.argv[1])
import mt_servers
server = getattr(mt_servers, sys.argv[2])(latency=float(sys.argv[3]))
print(server.port, flush=True)
for line in sys.stdin:
    print(len(server.translations()), flush=True)
"""


class Server:
    """A loopback service in another process; ``requests()`` counts its translate requests."""

    def __init__(self, kind: str, latency: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(SERVERS), kind, str(latency)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdin is not None
        self.url = f"http://127.0.0.1:{int(self.process.stdout.readline())}"

    def requests(self) -> int:
        assert self.process.stdout is not None and self.process.stdin is not None
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()

SEGMENTS = 200
PER_PARAGRAPH = 5
LATENCY = 0.05
WORKERS = 8
TARGET_SPEEDUP = 30
TARGET_REQUESTS = 10
SUBJECTS = ["The Council", "The Assembly", "The Rapporteur", "The Court", "The Secretariat"]
VERBS = ["condemned", "examined", "recalled", "welcomed", "noted"]
OBJECTS = ["the arrests", "the report", "the executions", "the sanctions", "the appeal",
           "the testimony", "the resolution", "the findings"]


def segments() -> list[str]:
    combos = itertools.product(SUBJECTS, VERBS, OBJECTS, ["today", "again", "firmly"])
    return [f"{s} {v} {o} {when}." for s, v, o, when in itertools.islice(combos, SEGMENTS)]


def make_project(root: Path, texts: list[str]):
    (root / "source").mkdir(parents=True)
    paragraphs = [" ".join(texts[i:i + PER_PARAGRAPH]) for i in range(0, len(texts),
                                                                     PER_PARAGRAPH)]
    (root / "source" / "letter.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.translate-letter]\nlanguages = ["fr"]\n', encoding="utf-8")
    settings = load_settings(root)
    extract_templates(settings)
    update_catalogs(settings, ["fr"])
    return settings


def main() -> int:
    texts = segments()
    assert len(set(texts)) == SEGMENTS
    paragraphs = SEGMENTS // PER_PARAGRAPH
    server = Server("LibreTranslateServer", LATENCY)
    chat = Server("ChatServer", LATENCY)
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
            sent_before = server.requests()
            start = time.perf_counter()
            report = pretranslate(settings, ["fr"], options)
            project_time = time.perf_counter() - start
            first_requests = server.requests() - sent_before
            assert sum(report.drafted.values()) == SEGMENTS, report.summary()

            settings.catalog_path("letter", "fr").unlink()
            update_catalogs(settings, ["fr"])
            sent_before = server.requests()
            second = pretranslate(settings, ["fr"], options)
            second_requests = server.requests() - sent_before
            assert sum(second.drafted.values()) == SEGMENTS, second.summary()

            settings.catalog_path("letter", "fr").unlink()
            update_catalogs(settings, ["fr"])
            start = time.perf_counter()
            llm = pretranslate(settings, ["fr"], Options(
                engine="llm", url=chat.url + "/v1", model="bench", workers=WORKERS))
            llm_time = time.perf_counter() - start
            llm_requests = chat.requests()
            assert sum(llm.drafted.values()) == SEGMENTS, llm.summary()
    finally:
        server.stop()
        chat.stop()

    ratio = baseline_time / project_time
    print(f"pretranslate: {SEGMENTS} segments in {paragraphs} paragraphs, "
          f"server latency {LATENCY * 1000:.0f} ms")
    print(f"  deep-translator translate_batch loop: {baseline_time:6.2f} s "
          f"({SEGMENTS} requests)")
    print(f"  translate-letter pretranslate, libretranslate ({WORKERS} workers): "
          f"{project_time:6.2f} s ({first_requests} requests, target <= {TARGET_REQUESTS})")
    print(f"  speed-up: {ratio:.1f}x (target >= {TARGET_SPEEDUP}x)")
    print(f"  second run after resetting the catalog: {second_requests} requests (target 0)")
    print(f"  llm engine: {llm_time:6.2f} s, {llm_requests} requests for {paragraphs} "
          f"paragraphs (target <= {paragraphs})")
    ok = (ratio >= TARGET_SPEEDUP and first_requests <= TARGET_REQUESTS
          and second_requests == 0 and llm_requests <= paragraphs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
