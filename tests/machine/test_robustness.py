"""A misbehaving service never costs finished work: retries, timeouts, a dead server, Ctrl-C,
and the speed-ups (concurrency, cache, deduplication)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mt_helpers import drafts, entries, expected, msgfmt_ok
from mt_servers import Fault, GoogleServer, LibreTranslateServer

from translate_letter.catalog.reader import load_catalog

SRC = Path(__file__).resolve().parents[2] / "src"
THREE = "The Council met. It heard the report. It adjourned."


def libre_args(server: LibreTranslateServer, *more: str) -> list[str]:
    return ["pretranslate", "--engine", "libretranslate", "--url", server.url, *more]


def test_429_is_retried_after_the_delay_the_server_asks_for(small, libre):
    project = small(THREE)
    libre.fail("It heard the report.", Fault(status=429, headers={"Retry-After": "1"}))

    result = project.run(*libre_args(libre, "-l", "fr"))

    assert result.exit_code == 0, result.output
    assert len(drafts(project.po("fr"))) == 3
    tries = [s for s in libre.translations() if s.text == "It heard the report."]
    assert len(tries) == 2
    assert tries[1].at - tries[0].at >= 0.9  # Retry-After: 1 was honoured


def test_5xx_answers_are_retried_with_backoff(small, libre):
    project = small(THREE)
    libre.fail("It adjourned.", Fault(status=503), Fault(status=502))

    result = project.run(*libre_args(libre, "-l", "fr"))

    assert result.exit_code == 0, result.output
    assert drafts(project.po("fr"))["It adjourned."].string == "[fr] It adjourned."
    tries = [s.at for s in libre.translations() if s.text == "It adjourned."]
    assert len(tries) == 3
    assert tries[2] - tries[1] > tries[1] - tries[0]  # the pause grows


def test_a_request_that_times_out_is_sent_again(small, libre):
    project = small(THREE)
    libre.fail("It heard the report.", Fault(delay=3))

    result = project.run(*libre_args(libre, "-l", "fr", "--timeout", "0.5"))

    assert result.exit_code == 0, result.output
    assert drafts(project.po("fr"))["It heard the report."].string == "[fr] It heard the report."
    assert libre.texts().count("It heard the report.") == 2


def test_a_text_that_always_times_out_is_reported_and_the_rest_is_kept(small, libre):
    project = small(THREE)
    libre.fail("It heard the report.", Fault(delay=3), Fault(delay=3))

    result = project.run(*libre_args(libre, "-l", "fr", "--timeout", "0.4", "--retries", "1"))

    assert result.exit_code == 1
    assert "failed: fr \"It heard the report.\"" in result.stderr
    assert "no answer within 0.4 s (after 2 attempts)" in result.stderr
    assert "1 failed" in result.output
    assert set(drafts(project.po("fr"))) == {"The Council met.", "It adjourned."}
    assert msgfmt_ok(project.po("fr"))


def test_a_server_that_dies_mid_run_leaves_valid_catalogs_and_a_rerun_completes(
        catalogs, serve, monkeypatch):
    server = serve(GoogleServer, die_after=20)  # one text per request
    monkeypatch.setenv("TRANSLATE_LETTER_GOOGLE_URL", server.url)
    result = catalogs.run("pretranslate", "-l", "fa", "--workers", "2", "--retries", "1")
    server.stop()

    assert result.exit_code == 1
    assert "stopped: engine google stopped answering" in result.output
    assert msgfmt_ok(catalogs.po("fa"))
    kept = drafts(catalogs.po("fa"))
    assert len(kept) == server.answered >= 20
    total = len(entries(catalogs.po("fa")))
    assert len(kept) < total

    revived = serve(GoogleServer, port=server.port)
    catalogs.ok("pretranslate", "-l", "fa")
    assert len(drafts(catalogs.po("fa"))) == total
    assert not set(revived.texts()) & {s.text for s in server.translations()[:20]}
    assert msgfmt_ok(catalogs.po("fa"))


def _as_from_a_terminal() -> None:
    """Ctrl+C reaches a command started from a shell: SIGINT neither ignored nor blocked,
    whatever the test runner's own process did with it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _signal_state(pid: int) -> str:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return " ".join(line for line in status if line.startswith(("SigBlk", "SigIgn", "State")))


def test_ctrl_c_leaves_a_valid_catalog_with_the_finished_drafts(catalogs, serve):
    server = serve(GoogleServer, latency=0.3)  # one text per request, seconds of work left
    env = {**os.environ, "PYTHONPATH": str(SRC), "TRANSLATE_LETTER_GOOGLE_URL": server.url}
    command = [sys.executable, "-m", "translate_letter", "-C", str(catalogs.root),
               "pretranslate", "-l", "fa", "--workers", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + 30
    while server.answered < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    signals = _signal_state(process.pid)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)

    assert process.returncode != 0, (server.answered, signals, stderr)
    assert "Traceback" not in stderr
    assert msgfmt_ok(catalogs.po("fa"))
    kept = drafts(catalogs.po("fa"))
    assert 8 <= len(kept) < len(entries(catalogs.po("fa"))), stderr
    assert all(m.string == expected(msgid, "fa") for msgid, m in kept.items())


def test_requests_run_concurrently_up_to_the_number_of_workers(small, serve):
    project = small(" ".join(f"Sentence number {word} is here." for word in "abcdefgh"))
    seen = {}
    for lang, workers in (("fr", "4"), ("ar", "1")):
        server = serve(LibreTranslateServer, latency=0.3)
        project.ok(*libre_args(server, "-l", lang, "--workers", workers))
        assert len(server.texts()) == 8
        seen[workers] = server.max_in_flight

    assert seen["4"] >= 3  # four workers overlap (all four, unless one starts late)
    assert seen["4"] <= 4
    assert seen["1"] == 1


@pytest.mark.databases("sqlite", "postgresql")
def test_a_rerun_takes_known_texts_from_the_cache_and_sends_nothing(small, libre):
    project = small(THREE)
    first = project.ok(*libre_args(libre, "-l", "fr"))
    assert len(libre.translations()) == 3 and "3 requests" in first.output
    before = {k: m.string for k, m in drafts(project.po("fr")).items()}

    project.po("fr").unlink()
    project.ok("update", "-l", "fr")
    second = project.ok(*libre_args(libre, "-l", "fr"))

    assert len(libre.translations()) == 3  # nothing more
    assert "3 from cache, 0 requests" in second.output
    assert {k: m.string for k, m in drafts(project.po("fr")).items()} == before
    assert before["It adjourned."] == "[fr] It adjourned."
    cache = project.database()  # the review database keeps the answers
    assert len(cache.query("SELECT text FROM mt_cache WHERE target = 'fr'")) == 3
    cache.close()


def test_duplicate_texts_are_translated_once(small, libre):
    project = small("The Council met in 2019. The Council met in 2020. Iran refused.",
                    doc="a", b="Iran refused. The Council met in 2021.")

    project.ok(*libre_args(libre, "-l", "fr"))

    assert sorted(libre.texts()) == ["Iran refused.", "The Council met in {1}."]
    a = load_catalog(project.root / "locales" / "fr" / "LC_MESSAGES" / "a.po")
    b = load_catalog(project.root / "locales" / "fr" / "LC_MESSAGES" / "b.po")
    assert {m.id: m.string for m in a if m.id} == {
        "The Council met in 2019.": "[fr] The Council met in 2019.",
        "The Council met in 2020.": "[fr] The Council met in 2020.",
        "Iran refused.": "[fr] Iran refused.",
    }
    assert {m.id: m.string for m in b if m.id} == {
        "Iran refused.": "[fr] Iran refused.",
        "The Council met in 2021.": "[fr] The Council met in 2021.",
    }
