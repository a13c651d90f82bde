"""The offline memory engine: exact and fuzzy matches from reviewed translations."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mt_helpers import drafts, entries, missing, origin

from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_draft, mark_translated
from translate_letter.catalog.writer import save_catalog

REVIEWED = {
    "The Security Council met in Geneva on Monday.":
        "Le Conseil de sécurité s'est réuni à Genève lundi.",
    "The Council met in 2019.": "Le Conseil s'est réuni en 2019.",
}
NEW = ("The Security Council met in Geneva on Monday. "
       "The Security Council met in Geneva on Tuesday. "
       "The Council met in 2020. "
       "Nothing like this was ever said before. "
       "A sentence left as a draft.")


def reviewed_project(small):
    """Document ``old`` translated into French by a person; document ``new`` untranslated."""
    project = small(" ".join(REVIEWED) + " A sentence left as a draft.", doc="old", new=NEW)
    path = project.root / "locales" / "fr" / "LC_MESSAGES" / "old.po"
    catalog = load_catalog(path)
    for message in catalog:
        if message.id in REVIEWED:
            mark_translated(message, REVIEWED[message.id], "amina")
        elif message.id:
            mark_draft(message, "Une phrase laissée en brouillon.", "mt:google")
    save_catalog(path, catalog)
    return project


def new_po(project) -> Path:
    return project.root / "locales" / "fr" / "LC_MESSAGES" / "new.po"


def test_exact_and_fuzzy_matches_from_the_projects_catalogs(small):
    project = reviewed_project(small)

    result = project.ok("pretranslate", "--engine", "memory", "-l", "fr")

    found = drafts(new_po(project))
    exact = found["The Security Council met in Geneva on Monday."]
    assert exact.string == "Le Conseil de sécurité s'est réuni à Genève lundi."
    assert origin(exact) == "memory:100%"
    fuzzy = found["The Security Council met in Geneva on Tuesday."]
    assert fuzzy.string == "Le Conseil de sécurité s'est réuni à Genève lundi."
    similarity = int(origin(fuzzy).removeprefix("memory:").rstrip("%"))
    assert 75 <= similarity < 100
    assert "Nothing like this was ever said before." not in found
    assert "A sentence left as a draft." not in found  # a draft is not memory
    assert "2 without a match" in result.output
    assert entries(project.root / "locales" / "fr" / "LC_MESSAGES" / "old.po")[
        "A sentence left as a draft."].string == "Une phrase laissée en brouillon."


def test_a_fuzzy_match_with_another_number_is_flagged(small):
    project = reviewed_project(small)

    project.ok("pretranslate", "--engine", "memory", "-l", "fr")

    flagged = drafts(new_po(project))["The Council met in 2020."]
    assert flagged.string == "Le Conseil s'est réuni en 2019."
    assert missing(flagged) == ["2020", "2019 (not in the source)"]


def test_the_threshold_decides_which_fuzzy_matches_count(small):
    project = reviewed_project(small)

    result = project.ok("pretranslate", "--engine", "memory", "-l", "fr", "--threshold", "99")

    found = drafts(new_po(project))
    assert set(found) == {"The Security Council met in Geneva on Monday."}
    assert "4 without a match" in result.output


def test_memory_files_in_po_and_tmx(small, tmp_path):
    project = small("The Council heard the report. The Council adjourned at noon.")
    po = tmp_path / "other.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The Council heard the report."\nmsgstr "Le Conseil a entendu le rapport."\n',
        encoding="utf-8")
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/>'
        '<body><tu><tuv xml:lang="en-US"><seg>The Council adjourned at noon.</seg></tuv>'
        '<tuv xml:lang="fr-FR"><seg>Le Conseil a levé la séance à midi.</seg></tuv>'
        '<tuv xml:lang="fa"><seg>شورا ظهر جلسه را پایان داد.</seg></tuv></tu></body></tmx>',
        encoding="utf-8")

    project.ok("pretranslate", "--engine", "memory", "--memory", str(po), "--memory", str(tmx))

    assert {k: m.string for k, m in drafts(project.po("fr")).items()} == {
        "The Council heard the report.": "Le Conseil a entendu le rapport.",
        "The Council adjourned at noon.": "Le Conseil a levé la séance à midi.",
    }
    assert {k: m.string for k, m in drafts(project.po("fa")).items()} == {
        "The Council adjourned at noon.": "شورا ظهر جلسه را پایان داد.",
    }
    assert drafts(project.po("ar")) == {}


def test_a_bad_memory_file_is_refused_before_anything_is_written(small, tmp_path):
    project = reviewed_project(small)
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>", encoding="utf-8")
    before = project.snapshot()

    for args, message in (
        (("--memory", str(broken)), "not a valid TMX file"),
        (("--memory", str(tmp_path / "absent.po")), "no such memory file"),
        (("--memory", str(tmp_path)), "no such memory file"),
        (("--threshold", "101"), "--threshold"),
    ):
        result = project.run("pretranslate", "--engine", "memory", *args)
        assert result.exit_code == 2, args
        assert message in result.output, args
        assert project.snapshot() == before


def test_memories_from_other_projects_in_mo_and_lenient_po(small, tmp_path):
    """Another project's compiled MO and its PO with an xgettext header this project would
    refuse as a catalog of its own: both are memories, read leniently."""
    project = small("The Council heard the report. The Council adjourned at noon.")
    other = tmp_path / "other.po"
    other.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
        'msgid "The Council heard the report."\nmsgstr "Le Conseil a entendu le rapport."\n\n'
        '#, fuzzy\nmsgid "The Council adjourned at noon."\nmsgstr "Un brouillon."\n',
        encoding="utf-8")
    compiled = tmp_path / "compiled.po"
    compiled.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The Council adjourned at noon."\nmsgstr "Le Conseil a levé la séance à midi."\n',
        encoding="utf-8")
    mo = tmp_path / "other.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(compiled)], check=True)

    project.ok("pretranslate", "-l", "fr", "--engine", "memory", "--memory", str(other),
               "--memory", str(mo))

    assert {k: m.string for k, m in drafts(project.po("fr")).items()} == {
        "The Council heard the report.": "Le Conseil a entendu le rapport.",
        "The Council adjourned at noon.": "Le Conseil a levé la séance à midi.",
    }
