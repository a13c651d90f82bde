"""The pretranslate command's surface: engine list, bad input refused with one line."""

from __future__ import annotations

import pytest


def test_list_engines_names_every_engine_with_key_and_offline_columns(project):
    result = project.ok("pretranslate", "--list-engines")

    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert set(rows) == {"google", "mymemory", "libretranslate", "deepl", "microsoft",
                         "yandex", "papago", "qcri", "baidu", "llm", "memory"}
    assert rows["google"].split()[1:3] == ["no", "no"]
    assert rows["deepl"].split()[1:3] == ["yes", "no"]
    assert rows["memory"].split()[1:3] == ["no", "yes"]
    assert "DEEPL_API_KEY" in rows["deepl"]


@pytest.mark.parametrize("args, message", [
    (("--engine", "babelfish"), "unknown engine 'babelfish'"),
    (("-l", "xx"), "unknown language code: 'xx'"),
    (("-l", "de", "--engine", "memory"), "no catalog for de"),
    (("--engine", "deepl", "-l", "fa", "--api-key", "k"), "does not translate Persian (fa)"),
    (("--engine", "deepl"), "DEEPL_API_KEY"),
    (("--engine", "papago", "--api-key", "only-an-id"), "ID:SECRET"),
    (("--memory", "tm.tmx"), "--memory and --threshold go with --engine memory"),
    (("--engine", "chatgpt"), "unknown engine 'chatgpt'"),
    (("--engine", "llm", "--url", "http://127.0.0.1:1/v1"), "--model"),
    (("--engine", "llm", "--model", "m"), "OPENAI_API_KEY"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(catalogs, monkeypatch, args,
                                                            message):
    for variable in ("DEEPL_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL"):
        monkeypatch.delenv(variable, raising=False)
    before = catalogs.snapshot()

    result = catalogs.run("pretranslate", *args)

    assert result.exit_code == 2
    assert result.stderr.startswith("translate-letter: error: ")
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert catalogs.snapshot() == before
