"""Settings are typed and checked once, when loaded: an unknown key or a wrong type stops
every command with one line naming the file, the line and the key, before any work."""

from __future__ import annotations

import pytest

from translate_letter.core.config import OPTIONS, load_settings
from translate_letter.core.errors import UserError


def settle(project, line: str) -> int:
    """Put ``line`` first under ``[tool.translate-letter]``; returns its line number."""
    path = project.root / "pyproject.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("[tool.translate-letter]") + 1
    lines.insert(at, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


@pytest.mark.parametrize("line, reason", [
    ("four-eys = false", "unknown setting 'four-eys' under [tool.translate-letter] "
                         "(did you mean 'four-eyes'?)"),
    ("colour = 'red'", "unknown setting 'colour' under [tool.translate-letter] "
                       "(see the README's settings)"),
    ("four-eyes = 'no'", "four-eyes must be true or false, not 'no'"),
    ("memory-threshold = true", "memory-threshold must be a number, not True"),
    ("session-idle-minutes = 1.5", "session-idle-minutes must be an integer, not 1.5"),
    ("suggestion-engines = ['memory', 3]",
     "suggestion-engines must be a list of engine names, not ['memory', 3]"),
    ("publish = 'all'", "publish must be a table, not 'all'"),
])
def test_a_wrong_setting_stops_every_command_before_it_writes(shipped, line, reason):
    number = settle(shipped, line)
    before = shipped.snapshot()
    with pytest.raises(UserError, match=r"pyproject\.toml:\d+: "):
        load_settings(shipped.root)
    for command in (("update",), ("compile",), ("stats",), ("build", "-o", "out")):
        result = shipped.run(*command)
        assert result.exit_code == 2, command
        assert result.stderr.strip().endswith(reason), result.stderr
        assert f"pyproject.toml:{number}: " in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert shipped.snapshot() == before


def test_every_setting_has_a_default_of_its_own_type():
    for key, option in OPTIONS.items():
        assert option.default is None or option.accepts(option.default), key


def test_a_setting_left_out_reads_as_its_default(shipped):
    settings = load_settings(shipped.root)
    assert settings.setting("four-eyes") is True
    assert settings.setting("memory-threshold") == 75.0
    assert settings.setting("session-idle-minutes") == 120
