"""The layers of the package hold: import-linter checks the contracts of pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(root: Path, src: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, check=False)


def test_the_package_keeps_its_layers():
    result = lint_imports(REPO, REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def lint_with(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess:
    """lint-imports over a copy of the package whose ``module`` (a path under the package)
    gained ``line``."""
    shutil.copytree(REPO / "src" / "translate_letter", tmp_path / "src" / "translate_letter",
                    ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copyfile(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    changed = tmp_path / "src" / "translate_letter" / module
    changed.write_text(changed.read_text("utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    return lint_imports(tmp_path, tmp_path / "src")


def test_an_upward_import_breaks_the_contract(tmp_path):
    result = lint_with(tmp_path, "core/document.py", "from ..web import errors")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "translate_letter.core.document -> translate_letter.web.errors" in result.stdout


def test_the_database_imports_no_stage_of_the_work(tmp_path):
    result = lint_with(tmp_path, "storage/location.py", "from ..languages import profile")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "translate_letter.storage.location -> translate_letter.languages" in result.stdout
