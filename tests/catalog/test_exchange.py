"""XLIFF and TMX out to a translator's own tool and back in: the files are read by
translate-toolkit as a CAT tool's library reads them, changed with lxml as a CAT tool
changes them, and imported under the review's rule."""

from __future__ import annotations

import subprocess

import pytest
from lxml import etree
from translate.storage import factory
from translate.storage.tmx import tmxfile
from translate.storage.xliff2 import Xliff2File

from translate_letter.catalog.entry import entries
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import State, mark_translated
from translate_letter.catalog.writer import save_catalog

NS = {"x12": "urn:oasis:names:tc:xliff:document:1.2",
      "x20": "urn:oasis:names:tc:xliff:document:2.0"}
CHANGED = ["ترجمهٔ تازه شمارهٔ یک.", "ترجمهٔ تازه شمارهٔ دو.", "ترجمهٔ تازه شمارهٔ سه.",
           "ترجمهٔ تازه شمارهٔ چهار.", "ترجمهٔ تازه شمارهٔ پنج."]


def by_id(path):
    return {entry.id: entry for entry in entries(load_catalog(path))}


def export(project, tmp_path, fmt, *more):
    out = tmp_path / f"letter-fa.{'xlf' if fmt != 'tmx' else 'tmx'}"
    project.ok("export", "-l", "fa", "--format", fmt, "-o", str(out), *more)
    return out


def change_targets(path, version, texts):
    """Change the first units' targets as a CAT tool does; returns their ids."""
    tree = etree.parse(str(path))
    if version == "1.2":
        units = tree.findall(".//x12:trans-unit", NS)[:len(texts)]
        for unit, text in zip(units, texts, strict=True):
            target = unit.find("x12:target", NS)
            target.text = text
            target.set("state", "translated")
    else:
        units = tree.findall(".//x20:unit", NS)[:len(texts)]
        for unit, text in zip(units, texts, strict=True):
            segment = unit.find("x20:segment", NS)
            target = segment.find("x20:target", NS)
            if target is None:
                target = etree.SubElement(segment, f"{{{NS['x20']}}}target")
            target.text = text
            segment.set("state", "translated")
            segment.attrib.pop("subState", None)
    tree.write(str(path), xml_declaration=True, encoding="utf-8")
    return [unit.get("id") for unit in units]


@pytest.mark.parametrize(("fmt", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
def test_a_round_trip_through_a_cat_tool_changes_exactly_the_units_it_changed(
        shipped, tmp_path, fmt, version):
    po = shipped.po("fa")
    before = by_id(po)
    out = export(shipped, tmp_path, fmt)
    # as translate-toolkit (Virtaal, Pootle, Weblate) reads it
    store = factory.getobject(str(out)) if version == "1.2" else \
        Xliff2File.parsefile(str(out))
    units = [u for u in store.units if not u.isheader()]
    ids = [u.getid().rpartition("\x04")[2] for u in units]  # "letter\x04<id>": file, unit
    assert set(ids) == set(before)
    assert units[0].source == before[ids[0]].source
    assert units[0].target == before[ids[0]].text
    assert etree.parse(str(out)).getroot().get("version") == version

    changed = change_targets(out, version, CHANGED)
    result = shipped.run("import", str(out), "--as", "leila")
    assert result.exit_code == 0, result.output + result.stderr
    assert "5 taken" in result.stderr
    after = by_id(po)
    assert {eid for eid in after if after[eid].text != before[eid].text} == set(changed)
    for eid, text in zip(changed, CHANGED, strict=True):
        assert after[eid].text == text
        assert after[eid].state is State.TRANSLATED
        assert after[eid].origin == f"translated leila {after[eid].origin.split()[2]} " \
                                    f"import:{out.name}"
    for eid in set(before) - set(changed):  # every other entry as it was, provenance too
        assert after[eid].message.string == before[eid].message.string
        assert after[eid].message.user_comments == before[eid].message.user_comments
        assert after[eid].message.flags == before[eid].message.flags
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)


def test_the_xliff_says_each_entrys_state_place_draft_origin_and_glossary_terms(shipped,
                                                                                  tmp_path):
    out = export(shipped, tmp_path, "xliff")
    tree = etree.parse(str(out))
    catalog = by_id(shipped.po("fa"))
    states = {"draft": "needs-review-translation", "translated": "translated",
              "approved": "signed-off", "untranslated": "new"}
    for unit in tree.findall(".//x12:trans-unit", NS):
        entry = catalog[unit.get("id")]
        assert unit.find("x12:target", NS).get("state") == states[str(entry.state)]
        notes = {(n.get("from"), n.text) for n in unit.findall("x12:note", NS)}
        assert {("place", str(place)) for place in entry.places} <= notes
        if entry.state is State.DRAFT:
            assert ("draft", entry.origin) in notes
    glossary = [n.text for n in tree.findall(".//x12:note[@from='glossary']", NS)]
    assert any(text.startswith("Security Council = ") for text in glossary)
    two = etree.parse(str(export(shipped, tmp_path, "xliff2")))
    drafts = two.findall(".//x20:segment[@subState='tl:draft']", NS)
    assert len(drafts) == sum(e.state is State.DRAFT for e in catalog.values())


def test_state_selects_what_is_sent(shipped, tmp_path):
    out = export(shipped, tmp_path, "xliff", "--state", "draft,translated")
    catalog = by_id(shipped.po("fa"))
    ids = {u.get("id") for u in etree.parse(str(out)).findall(".//x12:trans-unit", NS)}
    assert ids == {eid for eid, e in catalog.items()
                   if e.state in (State.DRAFT, State.TRANSLATED)}
    bad = shipped.run("export", "-l", "fa", "--state", "finished", "-o", str(out))
    assert bad.exit_code == 2 and "unknown state 'finished'" in bad.stderr


def test_an_entry_changed_since_the_export_is_a_conflict_and_keeps_its_text(shipped,
                                                                            tmp_path):
    po = shipped.po("fa")
    out = export(shipped, tmp_path, "xliff")
    changed = change_targets(out, "1.2", CHANGED[:2])
    catalog = load_catalog(po)  # meanwhile, someone translates the first entry
    first = next(e for e in entries(catalog) if e.id == changed[0])
    mark_translated(first.message, "متن خود برنامه.", "roya")
    save_catalog(po, catalog)
    result = shipped.run("import", str(out), "--as", "leila")
    assert result.exit_code == 1
    assert changed[0] in result.output and "changed since the export" in result.output
    assert "متن خود برنامه." in result.output and CHANGED[0] in result.output
    after = by_id(po)
    assert after[changed[0]].text == "متن خود برنامه."
    assert after[changed[1]].text == CHANGED[1]  # the other unit is taken


def test_draft_imports_are_drafts_from_the_file_and_an_import_never_approves(shipped,
                                                                             tmp_path):
    out = export(shipped, tmp_path, "xliff2")
    tree = etree.parse(str(out))
    segment = tree.find(".//x20:segment", NS)
    uid = tree.find(".//x20:unit", NS).get("id")
    target = segment.find("x20:target", NS)
    if target is None:
        target = etree.SubElement(segment, f"{{{NS['x20']}}}target")
    target.text = "پیش‌نویس از فایل."
    segment.set("state", "final")  # the tool says signed off: the import does not
    tree.write(str(out), xml_declaration=True, encoding="utf-8")
    shipped.ok("import", str(out), "--draft")
    entry = by_id(shipped.po("fa"))[uid]
    assert entry.state is State.DRAFT and entry.origin.startswith(f"draft import:{out.name}")
    out2 = export(shipped, tmp_path, "xliff")
    tree = etree.parse(str(out2))
    unit = tree.find(f".//x12:trans-unit[@id='{uid}']", NS)
    unit.find("x12:target", NS).text = "ترجمه از فایل."
    unit.find("x12:target", NS).set("state", "signed-off")
    unit.set("approved", "yes")
    tree.write(str(out2), xml_declaration=True, encoding="utf-8")
    shipped.ok("import", str(out2), "--as", "leila")
    assert by_id(shipped.po("fa"))[uid].state is State.TRANSLATED


def test_tmx_export_is_the_teams_memory_and_drafts_a_fresh_catalog(shipped, catalogs,
                                                                   tmp_path):
    catalog = load_catalog(shipped.po("fa"))  # the shipped catalogs hold drafts only
    for entry in entries(catalog)[:5]:
        mark_translated(entry.message, entry.text, "roya")
    save_catalog(shipped.po("fa"), catalog)
    out = export(shipped, tmp_path, "tmx")
    memory = tmxfile(out.read_bytes())
    kept = sum(e.state in (State.TRANSLATED, State.APPROVED) and not e.plural
               for lang in ("fa", "fr", "ar") for e in entries(load_catalog(shipped.po(lang))))
    assert kept == 5 and len(memory.units) == kept
    result = catalogs.run("pretranslate", "-l", "fa", "--engine", "memory", "--memory",
                          str(out))
    assert result.exit_code == 0, result.output + result.stderr
    drafted = [e for e in entries(load_catalog(catalogs.po("fa"))) if e.state is State.DRAFT]
    translated_fa = {e.source for e in entries(load_catalog(shipped.po("fa")))
                     if e.state in (State.TRANSLATED, State.APPROVED)}
    assert {e.source for e in drafted} >= translated_fa


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="letter"
 source-language="en" target-language="fa" datatype="plaintext"><body><trans-unit id="x">
<source>&lol3;</source></trans-unit></body></file></xliff>"""


@pytest.mark.parametrize(("name", "make", "says"), [
    ("broken.xlf", lambda p: b"<xliff version='1.2'><file>", "not well-formed XML"),
    ("laughs.xlf", lambda p: BILLION_LAUGHS, "declares a DTD or entities"),
    ("huge.xlf", lambda p: b"<xliff>" + b" " * (50 * 1024 * 1024) + b"</xliff>",
     "50 MB is more than"),
    ("other.xlf", lambda p: p.read_bytes().replace(b'original="letter"', b'original="memo"'),
     "a file for the document 'memo'"),
    ("german.xlf", lambda p: p.read_bytes().replace(b'target-language="fa"',
                                                     b'target-language="de"'),
     "a file in 'de', which is not a language of this project"),
])
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(shipped, tmp_path, name,
                                                                   make, says):
    exported = export(shipped, tmp_path, "xliff")
    change_targets(exported, "1.2", CHANGED)
    bad = tmp_path / name
    bad.write_bytes(make(exported))
    before = shipped.snapshot()
    result = shipped.run("import", str(bad))
    assert result.exit_code == 2, result.output + result.stderr
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert shipped.snapshot() == before


def test_units_whose_source_is_gone_are_reported(shipped, tmp_path):
    out = export(shipped, tmp_path, "xliff")
    tree = etree.parse(str(out))
    unit = tree.find(".//x12:trans-unit", NS)
    unit.set("id", "0000000000000000")
    unit.find("x12:target", NS).text = "جمله‌ای که دیگر نیست."
    tree.write(str(out), xml_declaration=True, encoding="utf-8")
    result = shipped.run("import", str(out), "--json")
    assert result.exit_code == 0, result.output + result.stderr
    assert '"id": "0000000000000000"' in result.output
    assert "1 no longer in the documents" in result.stderr


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_plural_entry_travels_as_a_group_of_its_forms(version):
    from translate_letter.catalog.formats.xliff import (
        XliffFile,
        XliffUnit,
        read_xliff,
        xliff_bytes,
    )

    unit = XliffUnit("0123456789abcdef", ("%d lawyer signed", "%d lawyers signed"),
                     ("%d وکیل امضا کرد", "%d وکیل امضا کردند"), State.TRANSLATED,
                     "feedfacefeedface", (("place", "paragraph 2"),), plural=True)
    data = xliff_bytes(XliffFile(version, "letter", "en", "fa", [unit]))
    group = etree.fromstring(data).find(".//x12:group" if version == "1.2" else ".//x20:group",
                                        NS)
    assert group is not None and group.get("id") == unit.id and len(group) == 2
    (back,) = read_xliff(data, "plural.xlf")[0].units
    assert (back.id, back.sources, back.targets, back.base, back.plural, back.state) == (
        unit.id, unit.sources, unit.targets, unit.base, True, State.TRANSLATED)
