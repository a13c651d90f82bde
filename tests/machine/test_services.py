"""Google and MyMemory through their real protocols on 127.0.0.1, and Google with no network."""

from __future__ import annotations

from mt_helpers import drafts, origin
from mt_servers import DeeplServer, GoogleServer, MyMemoryServer, tagged

from translate_letter.machine.chunks import split_text


def test_without_a_reachable_google_the_default_engine_fails_fast_with_one_line(
        small, closed_port, monkeypatch):
    project = small("The Council met. It adjourned.")
    monkeypatch.setenv("TRANSLATE_LETTER_GOOGLE_URL", f"http://127.0.0.1:{closed_port}")
    before = project.snapshot()

    result = project.run("pretranslate")  # google is the default engine

    assert result.exit_code == 2
    assert result.stderr.startswith("translate-letter: error: engine google unreachable")
    assert result.stderr.count("\n") == 1
    assert "--engine memory" in result.stderr and "--url" in result.stderr
    assert "Traceback" not in result.output
    assert project.snapshot() == before


def test_google_drafts_a_segment_longer_than_it_accepts_by_cutting_between_clauses(
        small, serve, monkeypatch):
    sentence = "The Council must act on the grave violations reported in Iran this year. "
    long_paragraph = (sentence * 80).strip()  # about 5,900 characters, one segment
    server = serve(GoogleServer)
    monkeypatch.setenv("TRANSLATE_LETTER_GOOGLE_URL", server.url)
    project = small("Dear Council,\n\n" + long_paragraph.replace(". ", "; ", 79))

    project.ok("pretranslate", "-l", "fr")

    texts = server.texts()
    assert max(len(t) for t in texts) < 5000
    found = drafts(project.po("fr"))
    msgid = next(k for k in found if k.startswith("The Council"))
    assert len(msgid) > 5000
    # Every piece came back, joined with the original whitespace between them.
    draft = found[msgid].string
    assert draft.replace("[fr] ", "") == msgid
    assert draft.count("[fr] ") == len([t for t in texts if t.startswith("The Council")]) >= 2
    assert origin(found[msgid]) == "mt:google"


def test_split_text_keeps_whitespace_and_respects_the_limit():
    text = "  One sentence here. Another one, with a clause; and more.\tLast words  "

    pieces = split_text(text, 20)

    assert "".join(p.text for p in pieces) == text
    assert all(len(p.text) <= 20 for p in pieces if p.translate)
    assert [p.text for p in pieces if p.translate] == [
        "One sentence here.", "Another one,", "with a clause;", "and more.", "Last words"]
    assert not any(p.text.strip() for p in pieces if not p.translate)
    assert split_text("Short.", None) == split_text("Short.", 100)


def test_mymemory_gets_its_own_language_codes_and_short_requests(small, serve, monkeypatch):
    server = serve(MyMemoryServer)
    monkeypatch.setenv("TRANSLATE_LETTER_MYMEMORY_URL", server.url)
    project = small("; ".join(["The Council met"] * 40) + ".\n\nIt adjourned.")

    project.ok("pretranslate", "-l", "fa", "--engine", "mymemory")

    assert {s.params["langpair"] for s in server.translations()} == {"en-GB|fa-IR"}
    assert max(len(t) for t in server.texts()) < 500
    found = drafts(project.po("fa"))
    assert found["It adjourned."].string == tagged("It adjourned.", "en", "fa-IR")
    assert {origin(m) for m in found.values()} == {"mt:mymemory"}


def test_mymemory_quota_warning_is_never_taken_for_a_translation(small, serve, monkeypatch):
    server = serve(MyMemoryServer)
    server.quota_left = 1
    monkeypatch.setenv("TRANSLATE_LETTER_MYMEMORY_URL", server.url)
    project = small("The Council met. It heard the report.")

    result = project.run("pretranslate", "-l", "fr", "--engine", "mymemory",
                         "--workers", "1", "--retries", "0")

    assert result.exit_code == 1
    found = drafts(project.po("fr"))
    assert len(found) == 1
    assert not any("MYMEMORY WARNING" in m.string for m in found.values())
    assert "HTTP 429" in result.stderr


def test_a_keyed_engine_takes_its_key_from_the_environment(small, serve, monkeypatch):
    server = serve(DeeplServer, key="k3y:fx")
    monkeypatch.setenv("DEEPL_API_KEY", "k3y:fx")
    monkeypatch.setenv("TRANSLATE_LETTER_DEEPL_URL", server.url)
    project = small("The Council met. It adjourned.")

    project.ok("pretranslate", "-l", "fr", "--engine", "deepl")

    assert {(s.params["source_lang"], s.params["target_lang"])
            for s in server.translations()} == {("EN", "FR")}
    found = drafts(project.po("fr"))
    assert found["It adjourned."].string == "[FR] It adjourned."
    assert origin(found["It adjourned."]) == "mt:deepl"
