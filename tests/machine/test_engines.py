"""Every engine --list-engines shows sends a real request to a loopback server speaking its
service's protocol; the services that take lists get them, within their limits."""

from __future__ import annotations

import pytest
from mt_helpers import drafts, expected, msgfmt_ok, origin
from mt_servers import (
    BaiduServer,
    DeeplServer,
    Fault,
    GoogleCloudServer,
    GoogleServer,
    LibreTranslateServer,
    MicrosoftServer,
    MyMemoryServer,
    PapagoServer,
    QcriServer,
    YandexServer,
)

from translate_letter.machine import ENGINES, suggestion_engines, translate_segment
from translate_letter.machine.masking import mask

MANY = " ".join(f"The Council heard witness number {w} today." for w in
                ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve"))

# engine → (server, its options, environment, language, the service's code for it)
CASES = {
    "google": (GoogleServer, {}, {}, "fa", "fa"),
    "mymemory": (MyMemoryServer, {}, {}, "fa", "fa-IR"),
    "libretranslate": (LibreTranslateServer, {}, {}, "fa", "fa"),
    "deepl": (DeeplServer, {"key": "d-key"}, {"DEEPL_API_KEY": "d-key"}, "fr", "FR"),
    "microsoft": (MicrosoftServer, {}, {"MICROSOFT_API_KEY": "ms-key"}, "fa", "fa"),
    "yandex": (YandexServer, {}, {"YANDEX_API_KEY": "y-key"}, "fa", "fa"),
    "papago": (PapagoServer, {}, {"PAPAGO_CLIENT_ID": "naver-id",
                                  "PAPAGO_SECRET_KEY": "naver-secret"}, "fr", "fr"),
    "qcri": (QcriServer, {}, {"QCRI_API_KEY": "qcri-key"}, "ar", "ar"),
    "baidu": (BaiduServer, {}, {"BAIDU_APPID": "baidu-app", "BAIDU_APPKEY": "baidu-key"},
              "ar", "ara"),
}


def test_every_listed_engine_is_proven_here():
    assert set(ENGINES) == {*CASES, "llm", "memory"}  # llm: test_llm.py; memory: offline


@pytest.mark.parametrize("engine", sorted(CASES))
def test_every_engine_drafts_through_its_services_protocol(engine, small, serve, monkeypatch):
    kind, options, environ, lang, code = CASES[engine]
    server = serve(kind, **options)
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv(f"TRANSLATE_LETTER_{engine.upper()}_URL", server.url)
    monkeypatch.setenv("LIBRETRANSLATE_URL", server.url)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    project = small("The Council met on 18 April 2017. It heard the report (S/PV.7926).")

    result = project.run("pretranslate", "-l", lang, "--engine", engine)

    assert result.exit_code == 0, result.output + result.stderr
    found = drafts(project.po(lang))
    assert {k: m.string for k, m in found.items()} == {
        k: expected(k, lang, code=code) for k in ("The Council met on 18 April 2017.",
                                                  "It heard the report (S/PV.7926).")}
    assert {origin(m) for m in found.values()} == {f"mt:{engine}"}
    assert "S/PV.7926" not in " ".join(server.texts())  # masked on the way out
    assert msgfmt_ok(project.po(lang))


@pytest.mark.parametrize("kind, engine, options, environ, per_request", [
    (LibreTranslateServer, "libretranslate", {}, {}, 50),
    (DeeplServer, "deepl", {"key": "d-key"}, {"DEEPL_API_KEY": "d-key"}, 50),
    (MicrosoftServer, "microsoft", {}, {"MICROSOFT_API_KEY": "ms-key"}, 1000),
    (GoogleCloudServer, "google", {}, {"GOOGLE_API_KEY": "g-key"}, 128),
])
def test_services_that_take_lists_get_many_texts_per_request(kind, engine, options, environ,
                                                             per_request, small, serve,
                                                             monkeypatch):
    server = serve(kind, **options)
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv(f"TRANSLATE_LETTER_{engine.upper()}_URL", server.url)
    project = small(MANY)

    result = project.run("pretranslate", "-l", "fr", "--engine", engine, "--workers", "2",
                         "--url", server.url)

    assert result.exit_code == 0, result.output + result.stderr
    assert len(drafts(project.po("fr"))) == 12
    sizes = [len(s.texts) for s in server.translations()]
    assert sizes == [6, 6]  # spread over the two workers
    assert max(sizes) <= per_request
    assert "12 distinct texts, 0 from cache, 2 requests" in result.output


def test_a_batch_the_service_refuses_is_sent_again_text_by_text(small, serve):
    server = serve(LibreTranslateServer)
    server.fail("The Council heard witness number one today.", Fault(status=400))
    project = small(MANY)

    result = project.run("pretranslate", "-l", "fr", "--engine", "libretranslate",
                         "--url", server.url, "--workers", "2")

    assert result.exit_code == 0, result.output + result.stderr
    assert len(drafts(project.po("fr"))) == 12
    assert sorted(len(s.texts) for s in server.translations()) == [1] * 6 + [6, 6]


def test_google_with_a_key_uses_the_cloud_api_and_a_wrong_key_stops_with_one_line(
        small, serve, monkeypatch):
    server = serve(GoogleCloudServer, key="right")
    monkeypatch.setenv("TRANSLATE_LETTER_GOOGLE_URL", server.url)
    project = small("The Council met.")
    before = project.snapshot()

    refused = project.run("pretranslate", "-l", "fr", "--api-key", "wrong")

    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and "--api-key" in refused.stderr
    assert project.snapshot() == before
    project.ok("pretranslate", "-l", "fr", "--api-key", "right")
    assert drafts(project.po("fr"))["The Council met."].string == "[fr] The Council met."


def test_a_keyed_service_refusing_the_key_stops_before_writing(small, serve, monkeypatch):
    server = serve(MicrosoftServer, key="right")
    monkeypatch.setenv("TRANSLATE_LETTER_MICROSOFT_URL", server.url)
    project = small("The Council met.")
    before = project.snapshot()

    result = project.run("pretranslate", "-l", "fa", "--engine", "microsoft",
                         "--api-key", "wrong")

    assert result.exit_code == 2
    assert "refused" in result.stderr and "HTTP 401" in result.stderr
    assert project.snapshot() == before


def test_one_segment_through_an_engine_for_the_review_app(small, serve):
    server = serve(LibreTranslateServer)
    project = small("The Council met on 18 April 2017.")
    from translate_letter.core.config import load_settings
    from translate_letter.machine import Options
    settings = load_settings(project.root)
    options = Options(engine="libretranslate", url=server.url)

    first = translate_segment(settings, "libretranslate", "fa", "The Council met in 2019.",
                              options=options)
    again = translate_segment(settings, "libretranslate", "fa", "The Council met in 2019.",
                              options=options)

    assert first.text == expected("The Council met in 2019.", "fa")
    assert first.origin == "mt:libretranslate" and first.problem is None
    assert again == first
    assert server.texts() == [mask("The Council met in 2019.", "fa").text]  # then the cache
    assert drafts(project.po("fa")) == {}  # nothing written
    assert suggestion_engines(settings) == ["memory"]
