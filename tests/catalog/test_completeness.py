"""A catalog is measured against its document's segments: one that holds none, or only some
of them, is never 100 % complete, and an empty or header-only one is refused by every
command rather than counted, built or published as a letter without text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.project import document_template
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_approved, mark_translated
from translate_letter.catalog.stats import catalog_stats
from translate_letter.catalog.writer import save_catalog
from translate_letter.core.config import load_settings
from translate_letter.publish import publication

from ..conftest import Project

RULE = '\n[tool.translate-letter.publish]\ninclude = "approved"\nmin-complete = 100\n'


def header_only(po: Path) -> bytes:
    """The catalog's header and no entry, as a file cut short after its header is."""
    data = po.read_bytes()
    return data[:data.index(b"\n\n") + 2]


def keep_approved(po: Path, count: int) -> None:
    """Leave only the first ``count`` entries of ``po``, each translated by one person and
    approved by another."""
    catalog = load_catalog(po)
    for message in messages(catalog)[count:]:
        catalog.delete(message.id, message.context)
    for message in messages(catalog):
        mark_translated(message, f"ترجمه {message.id}", "farid", "2026-11-30")
        mark_approved(message, message.string, "roya", "2026-12-01")  # four eyes
    save_catalog(po, catalog)


def test_a_header_only_catalog_is_0_percent_complete(catalogs):
    settings = load_settings(catalogs.root)
    catalogs.po("fa").write_bytes(header_only(catalogs.po("fa")))
    stats = catalog_stats("letter", "fa", load_catalog(catalogs.po("fa")),
                          document_template(settings, "letter"))
    segments = len(messages(load_catalog(catalogs.pot)))
    assert stats.total == segments and stats.counts["untranslated"] == segments
    assert [stats.complete(level) for level in ("approved", "translated", "drafts")] == [0] * 3


def test_a_catalog_with_some_segments_counts_the_others_untranslated_and_is_not_published(
        catalogs):
    (catalogs.root / "pyproject.toml").write_text(
        (catalogs.root / "pyproject.toml").read_text() + RULE)
    keep_approved(catalogs.po("fa"), 10)
    segments = len(messages(load_catalog(catalogs.pot)))
    row = json.loads(catalogs.ok("stats", "--json", "-l", "fa").output)[0]
    assert row["total"] == segments and row["counts"]["approved"] == 10
    assert row["counts"]["untranslated"] == segments - 10
    assert row["percent"]["approved"] == round(1000 / segments, 1)
    site = catalogs.root / "site"
    result = catalogs.run("publish", "-o", str(site))
    assert result.exit_code == 1
    assert f"left out: fa: letter is {round(1000 / segments)}% approved" in result.stderr
    assert not (site / "read" / "letter" / "fa").exists()
    built = catalogs.run("build", "-l", "fa", "--include", "approved")
    assert built.exit_code == 1
    assert f"fa: letter is {round(1000 / segments)}% complete" in built.stderr


@pytest.mark.parametrize("cut", ["empty", "header only"])
def test_an_empty_or_header_only_catalog_is_refused_by_every_command(catalogs: Project, cut):
    po = catalogs.po("fa")
    segments = len(messages(load_catalog(catalogs.pot)))
    po.write_bytes(b"" if cut == "empty" else header_only(po))
    (catalogs.root / "site").mkdir()
    before = catalogs.snapshot()
    for command in (["stats"], ["check"], ["compile"], ["build", "-l", "fa"],
                    ["publish", "-o", str(catalogs.root / "site")], ["update"],
                    ["pretranslate", "-l", "fa", "--engine", "memory"]):
        result = catalogs.run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.splitlines() == [
            f"translate-letter: error: {po}: holds none of the {segments} segments of its "
            "document (an "
            "empty file, or one cut short while another program wrote it); restore it (git "
            "checkout), or delete it and run 'translate-letter update'"], command
    assert catalogs.snapshot() == before
    # The other languages are still read, counted and built.
    assert catalogs.run("stats", "-l", "fr,ar").exit_code == 0
    assert catalogs.run("build", "-l", "fr", "--min-complete", "0").exit_code == 0


def test_the_reading_room_leaves_out_a_header_only_catalog(catalogs):
    settings = load_settings(catalogs.root)
    for lang in ("fa", "fr"):
        keep_approved(catalogs.po(lang), len(messages(load_catalog(catalogs.pot))))
    catalogs.po("fa").write_bytes(header_only(catalogs.po("fa")))
    editions = {e.lang: e for e in publication(settings, {}).editions}
    assert editions["fr"].published and not editions["fa"].published
    assert "holds none of the" in editions["fa"].reason
