"""Machines never overwrite people, bad answers are never stored, and a timeout is a
deadline for the whole request."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mt_helpers import drafts, entries, msgfmt_ok, origin
from mt_servers import Fault, GoogleServer, LibreTranslateServer

from translate_letter.catalog.lock import acquire, project_lock
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import (
    State,
    mark_approved,
    mark_draft,
    mark_translated,
    state_of,
)
from translate_letter.catalog.writer import save_catalog
from translate_letter.core.config import load_settings

SRC = Path(__file__).resolve().parents[2] / "src"
SIX = " ".join(f"The Council heard witness {w}." for w in
               ("Ali", "Bahar", "Cyrus", "Dara", "Elham", "Farid"))


def cli(project, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "translate_letter", "-C", str(project.root), *args],
        env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_a_server_that_trickles_bytes_meets_the_deadline(small, serve):
    project = small("The Council met. It heard the report. It adjourned.")
    server = serve(LibreTranslateServer)
    server.fail("It heard the report.", Fault(trickle=1.0))

    process = cli(project, "pretranslate", "-l", "fr", "--engine", "libretranslate",
                  "--url", server.url, "--timeout", "2", "--retries", "0")
    try:
        out, err = process.communicate(timeout=60)  # without a deadline it never ends
    finally:
        process.kill()

    assert process.returncode == 1, err
    assert 'failed: fr "It heard the report.": ' in err and "no answer within 2 s" in err
    assert set(drafts(project.po("fr"))) == {"The Council met.", "It adjourned."}
    assert msgfmt_ok(project.po("fr"))


@pytest.mark.parametrize("answer, reason", [
    ("[fr] Le Conseil\u2028s'est réuni.", "U+2028 LINE SEPARATOR"),
    ("[fr] \x85Le Conseil.", "U+0085"),
    ("[fr] Le Conseil\ufffe.", "U+FFFE noncharacter"),
    ("[fr] Le Conseil\x00.", "U+0000"),
    ("Le Conseil s'est réuni. " * 400, "(ten times the source plus 200)"),
    ("   ", "empty answer"),
])
def test_a_bad_answer_is_a_failed_draft_not_stored_nor_cached(small, serve, answer, reason):
    def answers(text: str, source: str, target: str) -> str:
        return answer if text == "The Council met." else f"[{target}] {text}"

    project = small("The Council met. It adjourned.")
    server = serve(LibreTranslateServer, translate=answers)

    result = project.run("pretranslate", "-l", "fr", "--engine", "libretranslate",
                         "--url", server.url)

    assert result.exit_code == 1
    assert 'failed: fr "The Council met.": ' in result.stderr and reason in result.stderr
    assert set(drafts(project.po("fr"))) == {"It adjourned."}
    assert msgfmt_ok(project.po("fr"))
    project.run("pretranslate", "-l", "fr", "--engine", "libretranslate", "--url", server.url)
    assert server.texts().count("The Council met.") == 2  # asked again: nothing was cached


def _write(project, lang: str, change) -> None:
    """Change a catalog as the review app does: under the project lock, re-read first."""
    path = project.po(lang)
    with acquire(project_lock(load_settings(project.root))):
        catalog = load_catalog(path)
        change(catalog)
        save_catalog(path, catalog)


@pytest.mark.slow
def test_a_translation_saved_while_pretranslate_runs_is_left_alone(small, serve):
    project = small(SIX)
    server = serve(GoogleServer, latency=0.4)  # one text per request, slowly

    process = cli(project, "pretranslate", "-l", "fr", "--workers", "1",
                  env={"TRANSLATE_LETTER_GOOGLE_URL": server.url})
    deadline = time.monotonic() + 30
    while server.answered < 1 and time.monotonic() < deadline:
        time.sleep(0.02)

    def people(catalog) -> None:
        mark_translated(catalog["The Council heard witness Elham."], "Témoin Elham.", "amina")
        mark_approved(catalog["The Council heard witness Farid."], "Témoin Farid.", "omid")

    _write(project, "fr", people)
    out, err = process.communicate(timeout=60)

    assert process.returncode == 0, err
    assert "4 of 6 untranslated entries drafted" in out
    assert "2 left alone" in out
    found = entries(project.po("fr"))
    assert found["The Council heard witness Elham."].string == "Témoin Elham."
    assert state_of(found["The Council heard witness Elham."]) is State.TRANSLATED
    assert state_of(found["The Council heard witness Farid."]) is State.APPROVED
    assert {k for k, m in found.items() if state_of(m) is State.DRAFT} == {
        f"The Council heard witness {w}." for w in ("Ali", "Bahar", "Cyrus", "Dara")}
    assert msgfmt_ok(project.po("fr"))


def test_redraft_replaces_machine_drafts_only(small, libre):
    project = small(SIX)

    def states(catalog) -> None:
        mark_draft(catalog["The Council heard witness Ali."], "Ali (google).", "mt:google")
        mark_draft(catalog["The Council heard witness Bahar."], "Bahar (mémoire).", "memory:80%")
        mark_draft(catalog["The Council heard witness Cyrus."], "Cyrus (équipe).", "project-team")
        mark_translated(catalog["The Council heard witness Dara."], "Dara (Amina).", "amina")
        mark_approved(catalog["The Council heard witness Elham."], "Elham (Omid).", "omid")

    _write(project, "fr", states)
    args = ["pretranslate", "-l", "fr", "--engine", "libretranslate", "--url", libre.url]

    plain = project.ok(*args)
    assert "1 of 1 untranslated entries drafted" in plain.output
    redrafted = project.ok(*args, "--redraft")

    # Farid is now a machine draft too (its answer comes from the cache).
    assert "3 of 3 untranslated or machine-drafted entries drafted" in redrafted.output
    assert "1 from cache, 2 requests" in redrafted.output
    found = entries(project.po("fr"))
    text = {k.split()[-1].rstrip("."): m.string for k, m in found.items()}
    assert text == {"Ali": "[fr] The Council heard witness Ali.",
                    "Bahar": "[fr] The Council heard witness Bahar.",
                    "Cyrus": "Cyrus (équipe).", "Dara": "Dara (Amina).",
                    "Elham": "Elham (Omid).", "Farid": "[fr] The Council heard witness Farid."}
    assert origin(found["The Council heard witness Bahar."]) == "mt:libretranslate"
    assert state_of(found["The Council heard witness Elham."]) is State.APPROVED
    assert msgfmt_ok(project.po("fr"))
