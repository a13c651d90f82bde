"""extract → update → stats → compile → build, with GNU gettext as the referee."""

from __future__ import annotations

import gettext
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import (
    State,
    comment_values,
    mark_approved,
    mark_draft,
    mark_translated,
    state_of,
)
from translate_letter.catalog.writer import save_catalog

from ..conftest import LETTER


def fill(project, lang, translate, limit=None, how="translated"):
    """Give the first ``limit`` entries of ``lang`` a translation, as a person would."""
    path = project.po(lang)
    catalog = load_catalog(path)
    for message in messages(catalog)[:limit]:
        text = translate(message.id)
        if how == "translated":
            mark_translated(message, text, "tester")
        elif how == "approved":
            mark_approved(message, text, "reviewer")
        else:
            mark_draft(message, text, "mt:test")
    save_catalog(path, catalog)
    return catalog


def pseudo(msgid: str) -> str:
    return f"«{msgid[::-1]}»"


def test_extract_writes_one_template_per_source(project):
    (project.root / "source" / "notice.txt").write_text("A short notice. Two lines.\n", "utf-8")
    project.ok("extract")
    assert project.pot.exists()
    assert (project.root / "locales" / "notice.pot").exists()
    template = load_catalog(project.pot)
    first = messages(template)[0]
    assert first.locations == [("source/letter.txt", 1)]
    assert first.auto_comments == ["paragraph 1, sentence 1"]
    assert len(messages(template)) == 65


def test_pybabel_extract_yields_the_same_messages(project):
    project.ok("extract")
    # The repository's own babel.cfg, which also maps the review app's interface.
    shutil.copyfile(Path(__file__).resolve().parents[2] / "babel.cfg", project.root / "babel.cfg")
    pybabel = shutil.which("pybabel") or str(Path(sys.executable).with_name("pybabel"))
    subprocess.run(
        [pybabel, "-q", "extract", "-F", "babel.cfg", "-o", "pybabel.pot", "."],
        cwd=project.root, check=True,
    )
    ours = load_catalog(project.pot)
    theirs = load_catalog(project.root / "pybabel.pot")

    def summary(catalog):
        return [(m.id, m.locations, m.auto_comments) for m in messages(catalog)]

    assert summary(ours) == summary(theirs)
    assert len(summary(ours)) == 65


def test_update_creates_catalogs_with_language_and_plural_forms(catalogs):
    for lang, plurals in [("fa", 2), ("fr", 3), ("ar", 6)]:
        text = catalogs.po(lang).read_text("utf-8")
        assert f'"Language: {lang}\\n"' in text
        assert f'"Plural-Forms: nplurals={plurals}; plural=' in text
        assert load_catalog(catalogs.po(lang)).num_plurals == plurals
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalogs.po(lang))], check=True)


def test_every_catalog_with_translations_passes_msgfmt_check(catalogs):
    fill(catalogs, "fa", pseudo, limit=20)
    fill(catalogs, "fr", pseudo, limit=10, how="approved")
    fill(catalogs, "ar", pseudo, limit=5, how="draft")
    for lang in ("fa", "fr", "ar"):
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalogs.po(lang))],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_compiled_mo_is_read_by_gnu_gettext_and_leaves_drafts_out(catalogs):
    catalog = fill(catalogs, "fr", pseudo, limit=10)
    draft_id = messages(catalog)[20].id
    draft_catalog = load_catalog(catalogs.po("fr"))
    mark_draft(next(m for m in draft_catalog if m.id == draft_id), "brouillon", "mt:test")
    save_catalog(catalogs.po("fr"), draft_catalog)
    catalogs.ok("compile")
    mo = catalogs.po("fr").with_suffix(".mo")
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    for message in messages(catalog)[:10]:
        assert translations.gettext(message.id) == pseudo(message.id)
    assert translations.gettext(draft_id) == draft_id  # a draft is not compiled in
    reference = catalogs.root / "reference.mo"
    subprocess.run(["msgfmt", "-o", str(reference), str(catalogs.po("fr"))], check=True)
    with reference.open("rb") as handle:
        expected = gettext.GNUTranslations(handle)._catalog
    # msgfmt drops POT-Creation-Date from the header; every message must be the same.
    assert {k: v for k, v in expected.items() if k} == {
        k: v for k, v in translations._catalog.items() if k}


def test_update_after_editing_one_sentence_keeps_the_others(catalogs):
    fill(catalogs, "fa", pseudo)
    fill(catalogs, "fr", pseudo, how="approved")
    catalog = load_catalog(catalogs.po("fa"))
    message = next(m for m in catalog if m.id.startswith("The Security Council has a major role"))
    message.user_comments.append("checked against the UN Persian terminology")
    save_catalog(catalogs.po("fa"), catalog)

    source = catalogs.root / "source" / "letter.txt"
    text = source.read_text("utf-8")
    old = "The Security Council has a major role to play."
    new = "The Security Council has a decisive role to play."
    source.write_text(text.replace(old, new), "utf-8")
    catalogs.ok("extract")
    result = catalogs.ok("update")
    assert "1 changed" in result.output

    for lang, state in [("fa", State.TRANSLATED), ("fr", State.APPROVED)]:
        updated = load_catalog(catalogs.po(lang))
        entries = {m.id: m for m in messages(updated)}
        edited = entries[new]
        assert state_of(edited) == State.DRAFT
        assert edited.previous_id == [old]
        assert edited.string == pseudo(old)
        assert comment_values(edited, "draft")[0].startswith("source-changed")
        assert comment_values(edited, "approved") == []
        others = [m for m in messages(updated) if m.id != new]
        assert len(others) == 64
        assert all(state_of(m) == state and m.string == pseudo(m.id) for m in others)
    fa = load_catalog(catalogs.po("fa"))
    assert "checked against the UN Persian terminology" in next(
        m for m in fa if m.id == new).user_comments
    assert f'#| msgid "{old}"' in catalogs.po("fa").read_text("utf-8")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalogs.po("fa"))], check=True)


def test_removed_sentence_becomes_obsolete(catalogs):
    fill(catalogs, "fr", pseudo)
    source = catalogs.root / "source" / "letter.txt"
    text = source.read_text("utf-8")
    removed = "Failure in that task would be a tragedy to shame us all."
    source.write_text(text.replace(" " + removed, ""), "utf-8")
    catalogs.ok("extract")
    catalogs.ok("update", "-l", "fr")
    po_text = catalogs.po("fr").read_text("utf-8")
    assert f'#~ msgid "{removed}"' in po_text
    assert removed not in {m.id for m in messages(load_catalog(catalogs.po("fr")))}


def test_state_and_provenance_survive_gnu_msgmerge(catalogs):
    fill(catalogs, "fr", pseudo, limit=3, how="approved")
    fill(catalogs, "fa", pseudo, limit=3, how="draft")
    for lang in ("fr", "fa"):
        merged = catalogs.root / f"merged-{lang}.po"
        subprocess.run(["msgmerge", "-q", "-o", str(merged), str(catalogs.po(lang)),
                        str(catalogs.pot)], check=True)
        before = [state_of(m) for m in messages(load_catalog(catalogs.po(lang)))]
        after = [state_of(m) for m in messages(load_catalog(merged))]
        assert before == after
    fr_after = [state_of(m) for m in messages(load_catalog(catalogs.root / "merged-fr.po"))]
    assert fr_after[:3] == [State.APPROVED] * 3


def test_stats_json_counts_every_state(catalogs):
    fill(catalogs, "fr", pseudo, limit=10, how="approved")
    catalog = load_catalog(catalogs.po("fr"))
    for message in messages(catalog)[10:15]:
        mark_translated(message, pseudo(message.id), "tester")
    for message in messages(catalog)[15:18]:
        mark_draft(message, pseudo(message.id), "mt:test")
    save_catalog(catalogs.po("fr"), catalog)
    rows = json.loads(catalogs.ok("stats", "--json", "-l", "fr").output)
    assert rows[0]["counts"] == {"untranslated": 47, "draft": 3, "translated": 5, "approved": 10}
    assert rows[0]["total"] == 65
    assert rows[0]["percent"]["approved"] == round(1000 / 65, 1)
    table = catalogs.ok("stats").output
    assert "letter" in table and "fa" in table and "approved" in table


def test_an_approval_whose_text_changed_is_void(catalogs):
    catalog = fill(catalogs, "fr", pseudo, limit=1, how="approved")
    message = messages(catalog)[0]
    assert state_of(message) == State.APPROVED
    message.string = "changed by hand in an editor"
    assert state_of(message) == State.TRANSLATED


def test_build_without_translations_reproduces_the_source(catalogs):
    catalogs.ok("build", "--min-complete", "0")
    for lang in ("fa", "fr", "ar"):
        assert (catalogs.root / "dist" / lang / "letter.txt").read_bytes() == LETTER.read_bytes()


def test_build_with_every_segment_translated_keeps_the_layout(catalogs):
    fill(catalogs, "fa", pseudo)
    catalogs.ok("build", "-l", "fa")
    built = (catalogs.root / "dist" / "fa" / "letter.txt").read_text("utf-8")
    source = LETTER.read_text("utf-8")
    assert built.count("\n") == source.count("\n")
    assert built.count("●\u00a0«") == 8
    assert "\n\n۱.«" in built and "\n\n۱۴. «" in built  # numbering in Persian digits
    for message in messages(load_catalog(catalogs.po("fa"))):
        assert pseudo(message.id) in built


def test_build_include_levels_choose_what_counts(catalogs):
    fill(catalogs, "fr", pseudo, how="draft")
    assert catalogs.run("build", "-l", "fr").exit_code == 1
    catalogs.ok("build", "-l", "fr", "--include", "drafts")
    built = (catalogs.root / "dist" / "fr" / "letter.txt").read_text("utf-8")
    assert built.count("«") == 65


def test_build_refuses_a_language_below_min_complete(catalogs):
    fill(catalogs, "fr", pseudo, limit=40)  # 61 %
    before = catalogs.snapshot()
    result = catalogs.run("build", "-l", "fr")
    assert result.exit_code == 1
    assert "fr: letter is 62% complete" in result.stderr
    assert catalogs.snapshot() == before
    catalogs.ok("build", "-l", "fr", "--min-complete", "60", "-o", str(catalogs.root / "out"))
    assert (catalogs.root / "out" / "fr" / "letter.txt").exists()


# Bad input: exit 2, one line on stderr naming the file and the problem, nothing written.

def _assert_user_error(result, *fragments):
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("translate-letter: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


def test_missing_source_folder_is_a_user_error(project):
    shutil.rmtree(project.root / "source")
    before = project.snapshot()
    _assert_user_error(project.run("extract"), "source", "not found")
    assert project.snapshot() == before


def test_non_utf8_source_is_a_user_error(catalogs):
    (catalogs.root / "source" / "latin1.txt").write_bytes("Café crème.".encode("latin-1"))
    before = catalogs.snapshot()
    _assert_user_error(catalogs.run("extract"), "latin1.txt", "not UTF-8")
    assert catalogs.snapshot() == before


@pytest.mark.parametrize("command", ["update", "stats", "compile", "build"])
def test_unknown_language_code_is_a_user_error(catalogs, command):
    before = catalogs.snapshot()
    _assert_user_error(catalogs.run(command, "-l", "xx-nope"), "unknown language code", "xx-nope")
    assert catalogs.snapshot() == before


@pytest.mark.parametrize(
    "broken",
    [
        'msgid "unterminated\nmsgstr ""\n',
        'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        'msgstr "orphan"\n',
        "this is not PO at all\n",
    ],
)
@pytest.mark.parametrize("command", ["update", "stats", "compile"])
def test_malformed_po_is_a_user_error(catalogs, broken, command):
    path = catalogs.po("ar")
    path.write_text(path.read_text("utf-8") + "\n" + broken, "utf-8")
    before = catalogs.snapshot()
    _assert_user_error(catalogs.run(command), "ar/LC_MESSAGES/letter.po:")
    assert catalogs.snapshot() == before


def test_build_leaves_out_the_language_of_a_malformed_po_and_writes_the_others(catalogs):
    path = catalogs.po("ar")
    path.write_text(path.read_text("utf-8") + '\nmsgid "unterminated\nmsgstr ""\n', "utf-8")

    result = catalogs.run("build", "--min-complete", "0")

    assert result.exit_code == 1
    assert result.stderr.startswith("translate-letter: not written: ar: letter cannot be read: ")
    assert "ar/LC_MESSAGES/letter.po:" in result.stderr and result.stderr.count("\n") == 1
    written = sorted(p.relative_to(catalogs.root / "dist").as_posix()
                     for p in (catalogs.root / "dist").rglob("*.txt"))
    assert written == ["fa/letter.txt", "fr/letter.txt"]


def test_console_script_reports_errors_without_traceback(project):
    result = subprocess.run(
        [sys.executable, "-m", "translate_letter", "-C", str(project.root), "update", "-l", "zz"],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "translate-letter: error: unknown language code: 'zz'"




def test_strict_build_leaves_out_a_letter_whose_text_has_qa_errors(catalogs):
    def faithful(msgid):
        return msgid  # keeps every number and symbol, as a careful translation does

    catalog = fill(catalogs, "fr", faithful)
    wrong = next(m for m in messages(catalog) if "S/PV.7926" in m.id)
    mark_translated(wrong, "Voir le procès-verbal S/PV.7962.", "tester")
    save_catalog(catalogs.po("fr"), catalog)
    catalogs.ok("build", "-l", "fr")  # without --strict the letter is written
    (catalogs.root / "dist" / "fr" / "letter.txt").unlink()
    result = catalogs.run("build", "-l", "fr", "--strict")
    assert result.exit_code == 1
    assert "fr: letter has" in result.stderr and "QA error" in result.stderr
    assert not (catalogs.root / "dist" / "fr" / "letter.txt").exists()
    mark_translated(wrong, faithful(wrong.id), "tester")
    save_catalog(catalogs.po("fr"), catalog)
    catalogs.ok("build", "-l", "fr", "--strict")
    assert (catalogs.root / "dist" / "fr" / "letter.txt").exists()
