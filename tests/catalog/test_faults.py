"""Faults get one clear line (exit 2) and leave files as they were; files keep their mode."""

from __future__ import annotations

import ctypes
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .test_update import NEW, OLD, edit_source


def cli(root: Path, *args: str, preexec=None) -> subprocess.CompletedProcess:
    """The real command in its own process (so limits and users apply to it alone)."""
    return subprocess.run([sys.executable, "-m", "translate_letter", "-C", str(root), *args],
                          capture_output=True, text=True, preexec_fn=preexec)


def one_line(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_catalog_keeps_its_mode_and_new_files_follow_the_umask(catalogs):
    po = catalogs.po("fa")
    po.chmod(0o640)
    edit_source(catalogs, OLD, NEW)
    catalogs.ok("extract")
    done = cli(catalogs.root, "update", "-l", "fa", preexec=lambda: os.umask(0o077))
    assert done.returncode == 0, done.stderr
    assert mode(po) == 0o640
    assert mode(catalogs.pot) == 0o644  # written by extract in this process (umask 022)
    fresh = catalogs.po("fr").parent.parent.parent / "de" / "LC_MESSAGES" / "letter.po"
    done = cli(catalogs.root, "update", "-l", "de", preexec=lambda: os.umask(0o027))
    assert done.returncode == 0, done.stderr
    assert mode(fresh) == 0o640


def test_a_full_disk_is_one_line_and_leaves_the_catalog_as_it_was(catalogs):
    edit_source(catalogs, OLD, NEW)
    catalogs.ok("extract")
    before = catalogs.snapshot()
    # A file-size limit makes the write fail as a full disk does, in that process only.
    limit = 2_000
    done = cli(catalogs.root, "update", preexec=lambda: resource.setrlimit(
        resource.RLIMIT_FSIZE, (limit, limit)))
    one_line(done, "letter.po: cannot write")
    assert catalogs.snapshot() == before
    assert not list(catalogs.root.rglob("*.tmp"))


def without_override() -> None:
    """Run the command without the capabilities that let root write where modes forbid it
    (dropped from the bounding set, so the executed program never gets them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


@pytest.mark.parametrize(("command", "folder", "file"), [
    ("update", "locales/fa/LC_MESSAGES", "letter.po"),
    ("extract", "locales", "letter.pot"),
])
def test_an_unwritable_catalog_or_template_is_one_line_and_changes_nothing(catalogs, command,
                                                                         folder, file):
    edit_source(catalogs, OLD, NEW)
    before = catalogs.snapshot()
    (catalogs.root / folder).chmod(0o555)
    try:
        one_line(cli(catalogs.root, command, preexec=without_override),
                 f"{file}: cannot write")
    finally:
        (catalogs.root / folder).chmod(0o755)
    assert catalogs.snapshot() == before


def test_a_nul_byte_in_a_source_document_is_refused_with_its_line(catalogs):
    source = catalogs.root / "source" / "letter.txt"
    text = source.read_text("utf-8").split("\n")
    text[4] += "\0"
    source.write_text("\n".join(text), "utf-8")
    before = catalogs.snapshot()
    one_line(cli(catalogs.root, "extract"), "letter.txt:5:", "NUL")
    assert catalogs.snapshot() == before


@pytest.mark.parametrize(("setting", "reason"), [
    ('languages = "fa"', "languages must be a list of language codes"),
    ("languages = [1, 2]", "languages must be a list of language codes"),
    ("source-dir = 3", "source-dir must be a string"),
    ("locales-dir = false", "locales-dir must be a string"),
    ("source-language = []", "source-language must be a string"),
])
def test_a_setting_of_the_wrong_type_is_refused_with_its_line(catalogs, setting, reason):
    pyproject = catalogs.root / "pyproject.toml"
    lines = pyproject.read_text("utf-8").splitlines()
    key = setting.split(" =")[0]
    lines = [line for line in lines if not line.startswith(f"{key} ")] + [setting]
    pyproject.write_text("\n".join(lines) + "\n", "utf-8")
    result = catalogs.run("stats")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert f"pyproject.toml:{len(lines)}:" in result.stderr and reason in result.stderr


@pytest.mark.parametrize(("row", "reason"), [
    ("Iran,ایران,Iran,إيران,name,note,extra", "7 fields where the header names 6"),
    ("Iran,ایران", "2 fields where the header names 6"),
    ('"Iran,ایران,Iran,إيران,name,note', "not valid CSV"),
    ("Iran,ایران,Iran,إيران,planet,", "kind must be one of"),
])
def test_a_malformed_glossary_row_is_refused_with_its_line(catalogs, row, reason):
    glossary = catalogs.root / "locales" / "glossary.csv"
    glossary.write_text(f"en,fa,fr,ar,kind,note\nCouncil,شورا,Conseil,مجلس,institution,\n"
                        f"{row}\nUN,سازمان ملل,ONU,الأمم المتحدة,institution,\n", "utf-8")
    result = catalogs.run("check")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "glossary.csv:" in result.stderr and reason in result.stderr
    if "CSV" not in reason:
        assert "glossary.csv:3:" in result.stderr


def put_translation(po: Path, translation_escaped: str) -> int:
    """Give the first entry of ``po`` a translation written as PO text (escapes kept), as a
    hand edit does; returns the line of that msgstr."""
    lines = po.read_text("utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line == 'msgstr ""' and n > 5)
    lines[at] = f'msgstr "{translation_escaped}"'
    po.write_text("\n".join(lines), "utf-8")
    return at + 1


@pytest.mark.parametrize(("written", "named"), [
    ("Le Conseil\ufffe", "U+FFFE noncharacter"),
    ("Le Conseil\\000", "U+0000"),
    ("Le Conseil\\357\\277\\277", "U+FFFF noncharacter"),
])
def test_a_forbidden_character_in_a_file_is_one_line_and_the_other_languages_still_build(
        catalogs, written, named):
    line = put_translation(catalogs.po("fr"), written)
    before = catalogs.snapshot()
    for command in (["build", "-l", "fr", "-f", "all"], ["check", "-l", "fr"], ["compile"],
                    ["publish", "-o", str(catalogs.root / "site")]):
        one_line(cli(catalogs.root, *command), f"letter.po:{line}:", named)
    assert catalogs.snapshot() == before
    built = cli(catalogs.root, "build", "-l", "fa,ar", "-f", "all", "--min-complete", "0")
    assert built.returncode == 0, built.stderr
    assert {p.name for p in (catalogs.root / "dist" / "ar").iterdir()} == {
        "letter.txt", "letter.md", "letter.html", "letter.pdf", "letter.docx"}
