"""The reading room beside the editor, as processes: readers never slow a translator's
saves by much, and a very long document never stops the list of letters from answering."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .servers import Server

REPO = Path(__file__).resolve().parents[2]
PARAGRAPHS = 46_000


@pytest.mark.slow
def test_sixteen_pdf_readers_keep_a_translators_saves_within_three_times_their_pace():
    # The bench measures both in the same run, in alternating rounds: a ratio, not a time.
    # Eight short rounds, so that what the rest of the suite does on the same two cores falls
    # on both alike, and enough saves that a p95 is not one unlucky save.
    run = subprocess.run([sys.executable, str(REPO / "bench" / "reading_load.py"), "--saves",
                          "240", "--rounds", "8", "--readers", "16", "--json"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["failed_saves"] == 0
    assert result["downloads"].get("200", 0) > result["saves"]  # they did read meanwhile
    assert result["pdf_versions_seen"] >= 2  # and the letter was made again as it changed
    assert result["p95_ratio"] <= 3.0, result


def long_project(root: Path) -> None:
    """A project whose document has 46,000 paragraphs, with its template and catalogs (as
    ``extract`` and ``update`` write them, without the minutes they take)."""
    (root / "source").mkdir(parents=True)
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    sentences = [f"Statement {n} asks the Council to review case number {n}."
                 for n in range(1, PARAGRAPHS + 1)]
    (root / "source" / "letter.txt").write_text("\n\n".join(sentences), encoding="utf-8")
    header = ('msgid ""\nmsgstr ""\n"Project-Id-Version: letter\\n"\n'
              '"POT-Creation-Date: 2026-12-01 10:00+0000\\n"\n"MIME-Version: 1.0\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Content-Transfer-Encoding: 8bit\\n"\n{language}\n')
    entries = "".join(f'#. paragraph {n}\n#: source/letter.txt:{2 * n - 1}\nmsgid "{text}"\n'
                      f'msgstr ""\n\n' for n, text in enumerate(sentences, start=1))
    locales = root / "locales"
    locales.mkdir()
    (locales / "letter.pot").write_text(header.format(language="") + entries, "utf-8")
    for lang in ("fa", "fr", "ar"):
        folder = locales / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        language = f'"Language: {lang}\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
        (folder / "letter.po").write_text(header.format(language=language) + entries, "utf-8")


@pytest.mark.slow
def test_a_very_long_document_never_stops_the_list_of_letters_from_answering(tmp_path,
                                                                           monkeypatch):
    long_project(tmp_path)
    monkeypatch.setenv("FLASK_READING_WAIT", "1")  # a reader waits a second, not twenty
    server = Server(tmp_path, 0.2)
    try:
        reader = server.client()
        with ThreadPoolExecutor(8) as pool:
            lists = list(pool.map(lambda _: reader.get(server.url, timeout=60), range(8)))
        # The list of letters answers: made already, or "being prepared, come back".
        for answer in lists:
            assert answer.status_code in (200, 503)
            if answer.status_code == 503:
                assert int(answer.headers["Retry-After"]) > 0
                assert 'http-equiv="refresh"' in answer.text
        # And the editor answers beside it while the document is segmented.
        assert reader.get(server.url + "login", timeout=60).status_code == 200
        assert reader.get(server.url, timeout=60).status_code in (200, 503)
    finally:
        server.stop()
