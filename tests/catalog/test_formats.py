"""The formats registry: PO, MO and TMX chosen by extension, each read as translation units."""

from __future__ import annotations

import subprocess

import pytest
from babel.messages.catalog import Catalog

from translate_letter.catalog import formats
from translate_letter.catalog.formats import TranslationUnit, format_for, read_units
from translate_letter.catalog.states import State, mark_draft, mark_translated
from translate_letter.core.errors import UserError

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&d;</seg></tuv>
<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&secret;</seg>
</tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize("name, fmt", [("a.po", "po"), ("b.POT", "po"), ("c.mo", "mo"),
                                       ("d.tmx", "tmx")])
def test_a_format_is_chosen_by_the_files_extension(tmp_path, name, fmt):
    assert format_for(tmp_path / name).name == fmt


def test_an_unknown_extension_is_one_line_naming_the_known_ones(tmp_path):
    with pytest.raises(UserError) as refused:
        format_for(tmp_path / "letter.xlsx")
    assert str(refused.value) == (f"{tmp_path / 'letter.xlsx'}: unknown file format '.xlsx' "
                                  "(known: .mo, .po, .pot, .tmx, .xlf, .xliff)")


def test_mo_written_from_a_catalog_is_read_back_without_its_drafts(tmp_path):
    catalog = Catalog(locale="fr", fuzzy=False)
    catalog.add("The Council met.", "Le Conseil s'est réuni.")
    mark_translated(catalog["The Council met."], "Le Conseil s'est réuni.", "amina")
    catalog.add("A draft.", "Un brouillon.")
    mark_draft(catalog["A draft."], "Un brouillon.", "mt:google")
    path = tmp_path / "other.mo"
    format_for(path).write_catalog(path, catalog)

    shown = subprocess.run(["msgunfmt", str(path)], capture_output=True, text=True, check=True)
    assert 'msgstr "Le Conseil s\'est réuni."' in shown.stdout and "brouillon" not in shown.stdout
    assert read_units(path, "en") == [TranslationUnit("The Council met.",
                                                      "Le Conseil s'est réuni.", "fr")]


def test_tmx_written_is_read_back_unit_for_unit(tmp_path):
    units = [TranslationUnit("The Council met.", "Le Conseil s'est réuni.", "fr"),
             TranslationUnit("A <b>bold</b> & plain claim.", "Une affirmation « nette ».", "fr",
                             State.APPROVED)]
    path = tmp_path / "team.tmx"
    format_for(path).write_units(path, units, "en")
    assert read_units(path, "en") == units


@pytest.mark.parametrize("text, reason", [
    (LAUGHS, "refused, the file declares what TMX never needs"),
    (EXTERNAL, "refused, the file declares what TMX never needs"),
    ("<tmx><body><tu>", "not a valid TMX file"),
    ("<xliff/>", "not a TMX file (root element <xliff>)"),
])
def test_a_hostile_or_broken_tmx_is_one_line(tmp_path, text, reason):
    path = tmp_path / "memory.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as refused:
        read_units(path, "en")
    assert reason in str(refused.value) and "\n" not in str(refused.value)


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "big.tmx"
    path.write_bytes(b" " * 2_000_000 + b"<tmx/>")
    monkeypatch.setattr(formats, "MAX_BYTES", 1024 * 1024)
    with pytest.raises(UserError, match="1 MB a file of translations may hold"):
        read_units(path, "en")
