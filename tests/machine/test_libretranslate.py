"""Drafts through a LibreTranslate server: Persian, keys, URLs, provenance."""

from __future__ import annotations

import json

from mt_helpers import drafts, entries, expected, msgfmt_ok, origin
from mt_servers import LibreTranslateServer

from translate_letter.catalog.states import State, state_of
from translate_letter.machine.masking import mask


def test_persian_is_drafted_through_a_self_hosted_libretranslate(catalogs, libre):
    result = catalogs.run("pretranslate", "-l", "fa", "--engine", "libretranslate",
                          "--url", libre.url)  # no trailing slash, no key

    assert result.exit_code == 0, result.output + result.stderr
    fa = entries(catalogs.po("fa"))
    assert all(state_of(m) is State.DRAFT for m in fa.values())
    assert all(m.string == expected(msgid, "fa") for msgid, m in fa.items())
    assert {origin(m) for m in fa.values()} == {"mt:libretranslate"}
    sent = libre.translations()
    assert {s.params["target"] for s in sent} == {"fa"}
    assert {s.params["source"] for s in sent} == {"en"}
    assert not any("api_key" in s.params for s in sent)
    assert sorted(libre.texts()) == sorted({mask(msgid, "fa").text for msgid in fa})
    assert len(sent) <= 8  # the texts travel in lists, one request per worker
    assert not drafts(catalogs.po("fr"))  # only the language asked for
    assert msgfmt_ok(catalogs.po("fa"))


def test_stats_count_the_drafts(catalogs, libre):
    catalogs.ok("pretranslate", "-l", "fr", "--engine", "libretranslate", "--url", libre.url)

    rows = {r["lang"]: r for r in json.loads(catalogs.ok("stats", "--json").output)}
    assert rows["fr"]["counts"]["draft"] == rows["fr"]["total"] > 0
    assert rows["fr"]["counts"]["translated"] == 0
    assert rows["fa"]["counts"]["draft"] == 0


def test_the_api_key_is_sent_when_given_and_a_refused_key_stops_with_one_line(small, serve):
    project = small("The Council met. It adjourned.")
    server = serve(LibreTranslateServer, api_key="s3cret")
    before = project.snapshot()

    refused = project.run("pretranslate", "-l", "fa", "--engine", "libretranslate",
                          "--url", server.url + "/", "--api-key", "wrong")

    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1
    assert "libretranslate" in refused.stderr and "--api-key" in refused.stderr
    assert project.snapshot() == before

    project.ok("pretranslate", "-l", "fa", "--engine", "libretranslate",
               "--url", server.url, "--api-key", "s3cret")
    assert {s.params["api_key"] for s in server.translations()} == {"wrong", "s3cret"}
    assert set(drafts(project.po("fa"))) == {"The Council met.", "It adjourned."}


def test_a_language_the_server_lacks_is_refused_before_anything_is_written(small, serve):
    project = small("The Council met.")
    server = serve(LibreTranslateServer, languages={"en": "English", "fr": "French"})
    before = project.snapshot()

    result = project.run("pretranslate", "-l", "fr,fa", "--engine", "libretranslate",
                         "--url", server.url)

    assert result.exit_code == 2
    assert "Persian (fa)" in result.stderr
    assert project.snapshot() == before
    assert server.translations() == []


def test_the_public_server_needs_a_key(small, monkeypatch):
    monkeypatch.delenv("LIBRE_API_KEY", raising=False)
    monkeypatch.delenv("LIBRETRANSLATE_URL", raising=False)
    project = small("The Council met.")
    before = project.snapshot()
    result = project.run("pretranslate", "--engine", "libretranslate")
    assert result.exit_code == 2
    assert "--api-key" in result.stderr and "--url" in result.stderr
    assert project.snapshot() == before
