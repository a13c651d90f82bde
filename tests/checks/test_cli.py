"""The check command: exit codes, JSON, the list of checks, third-party catalogs, and
findings marked as intended surviving update and GNU msgmerge."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import QA_INTENDED, comment_values, mark_translated
from translate_letter.catalog.writer import save_catalog
from translate_letter.checks import (
    CHECKS,
    LEVELS,
    CheckContext,
    check_entry,
    mark_intended,
    unmark_intended,
)
from translate_letter.core.errors import UserError

from .conftest import ARABIC_CATALOG

LAWYERS = ("14 human rights lawyers residing Iran, EU, UK and US asked U.N. security council "
           "to intervene in massive violation of human rights in Iran.")
WITHOUT_14 = ("وکلای حقوق بشر مقیم ایران، اتحادیه اروپا، بریتانیا و ایالات متحده از شورای "
              "امنیت سازمان ملل متحد خواستند در نقض گسترده حقوق بشر در ایران مداخله کند.")


def translate_lawyers(project, text=WITHOUT_14):
    catalog = load_catalog(project.po("fa"))
    message = catalog.get(LAWYERS)
    mark_translated(message, text, "translator")
    save_catalog(project.po("fa"), catalog)


def test_fresh_catalogs_have_only_warnings_and_exit_0(catalogs):
    result = catalogs.run("check")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3 * 65
    assert all(": warning: untranslated: not translated" in line for line in lines)
    assert result.stderr.strip() == "195 warnings"


def test_an_error_level_finding_exits_1_and_json_has_the_documented_shape(catalogs):
    translate_lawyers(catalogs)
    result = catalogs.run("check", "-l", "fa", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert all(set(f) == {"doc", "lang", "msgid", "msgctxt", "check", "level", "message"}
               for f in findings)
    [error] = [f for f in findings if f["level"] == "error"]
    assert error == {"doc": "letter", "lang": "fa", "msgid": LAWYERS, "msgctxt": None,
                     "check": "numbers", "level": "error",
                     "message": "numbers differ from the source: missing 14"}
    assert {f["lang"] for f in findings} == {"fa"}


def test_bad_input_exits_2_with_one_line_and_changes_nothing(catalogs, tmp_path):
    before = catalogs.snapshot()
    result = catalogs.run("check", "-l", "xx")
    assert (result.exit_code, result.stderr) == (
        2, "translate-letter: error: unknown language code: 'xx'\n")
    catalogs.po("ar").write_text('msgid "unterminated\nmsgstr ""\n', encoding="utf-8")
    result = catalogs.run("check")
    assert result.exit_code == 2
    assert result.stderr.startswith("translate-letter: error: ")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert result.stdout == ""
    glossary = catalogs.root / "locales" / "glossary.csv"
    glossary.write_text("en,fa,kind\nKelly Craft,کلی کرافت,person\n", encoding="utf-8")
    result = catalogs.run("check", "-l", "fa")
    assert (result.exit_code, result.stderr) == (
        2, f"translate-letter: error: {glossary}:2: kind must be one of name, term, "
        "institution\n")
    glossary.unlink()
    shutil.rmtree(catalogs.root / "locales" / "fa")
    result = catalogs.run("check", "-l", "fa")
    assert result.exit_code == 2 and "no catalogs for fa" in result.stderr
    after = catalogs.snapshot()
    assert set(after) == {k for k in before if not k.startswith("locales/fa/")}
    assert all(after[k] == before[k] for k in after if k != "locales/ar/LC_MESSAGES/letter.po")


def test_list_names_every_check_with_its_level(project):
    result = project.ok("check", "--list")
    listed = [line.split()[:2] for line in result.stdout.splitlines()]
    assert listed == [[c.id, c.level] for c in CHECKS.values()]
    rows = json.loads(project.ok("check", "--list", "--json").stdout)
    assert [r["id"] for r in rows] == list(CHECKS)
    assert {r["level"] for r in rows} == set(LEVELS)
    assert {"numbers", "symbols", "glossary", "names", "script", "latin", "bidi",
            "end-punctuation", "brackets", "french-spacing", "whitespace", "double-space",
            "untranslated", "draft", "same-as-source", "sentence-count", "length",
            "placeholders", "plurals"} <= set(CHECKS)
    assert all(r["description"] and "\n" not in r["description"] for r in rows)


def test_a_third_party_arabic_catalog_with_six_plural_forms_is_checked(project):
    path = project.root / "locales" / "ar" / "LC_MESSAGES" / "files.po"
    path.parent.mkdir(parents=True)
    path.write_text(ARABIC_CATALOG, encoding="utf-8")
    result = project.run("check", "-l", "ar", "--json")
    assert result.exit_code == 1, result.output
    found = sorted((f["msgid"], f["msgctxt"], f["check"], f["message"])
                   for f in json.loads(result.stdout))
    assert found == [
        ("%(count)d folder", None, "placeholders",
         "form 4: placeholders differ from the source: missing '%(count)d'"),
        ("%d hour", None, "untranslated", "not translated"),
        ("Delete the files?", None, "draft", "unreviewed draft (fuzzy)"),
        ("Welcome, {name}!", None, "placeholders",
         "placeholders differ from the source: missing '{name}'; not in the source: '{اسم}'"),
    ]


def test_a_plural_entry_with_too_few_forms_is_an_error(project):
    path = project.root / "locales" / "ar" / "LC_MESSAGES" / "files.po"
    path.parent.mkdir(parents=True)
    path.write_text(ARABIC_CATALOG, encoding="utf-8")
    catalog = load_catalog(path)
    message = catalog.get("%d hour")
    message.string = ("لا ساعات", "ساعة واحدة")
    found = {f.check: f.message for f in check_entry(
        message, "ar", CheckContext.for_catalog(catalog, "ar"))}
    assert found["plurals"] == "2 plural forms; the catalog's Plural-Forms header says 6"


def test_a_finding_marked_intended_is_not_reported_and_survives_update_and_msgmerge(catalogs):
    translate_lawyers(catalogs)
    assert catalogs.run("check", "-l", "fa").exit_code == 1
    catalog = load_catalog(catalogs.po("fa"))
    mark_intended(catalog.get(LAWYERS), "numbers")
    save_catalog(catalogs.po("fa"), catalog)
    assert "# qa-intended: numbers" in catalogs.po("fa").read_text(encoding="utf-8")
    assert catalogs.run("check", "-l", "fa").exit_code == 0

    # The letter changes elsewhere: update merges a new template into the catalog.
    letter = catalogs.root / "source" / "letter.txt"
    letter.write_text(letter.read_text(encoding="utf-8").replace(
        "Sincerely,", "Yours sincerely,"), encoding="utf-8")
    catalogs.ok("extract")
    catalogs.ok("update", "-l", "fa")
    assert load_catalog(catalogs.po("fa")).get("Yours sincerely,") is not None
    assert comment_values(load_catalog(catalogs.po("fa")).get(LAWYERS), QA_INTENDED) == [
        "numbers"]
    assert catalogs.run("check", "-l", "fa").exit_code == 0

    merged = catalogs.root / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "-o", str(merged), str(catalogs.po("fa")),
                    str(catalogs.pot)], check=True)
    shutil.move(merged, catalogs.po("fa"))
    assert catalogs.run("check", "-l", "fa").exit_code == 0

    catalog = load_catalog(catalogs.po("fa"))
    unmark_intended(catalog.get(LAWYERS), "numbers")
    save_catalog(catalogs.po("fa"), catalog)
    assert catalogs.run("check", "-l", "fa").exit_code == 1


def test_only_known_checks_can_be_marked_intended(catalogs):
    message = messages(load_catalog(catalogs.po("fa")))[0]
    with pytest.raises(UserError, match="unknown check id: 'number'"):
        mark_intended(message, "number")
    mark_intended(message, "latin")
    mark_intended(message, "numbers")
    mark_intended(message, "latin")
    assert comment_values(message, QA_INTENDED) == ["latin", "numbers"]


def test_the_shipped_drafts_raise_nothing_but_their_draft_state(shipped):
    result = shipped.run("check", "--json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    assert {(f["check"], f["level"]) for f in findings} == {("draft", "warning")}
    assert len(findings) == 3 * 65
