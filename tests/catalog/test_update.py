"""extract + update after the source changed: valid catalogs, msgmerge's decisions, nothing
lost — not a translation of a vanished segment, not a save made while update ran."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import (
    State,
    comment_values,
    mark_approved,
    mark_translated,
    state_of,
)
from translate_letter.catalog.writer import save_catalog
from translate_letter.web import create_app
from translate_letter.web.services import services

from ..web.conftest import Reviewer, add_people

OLD = ("The past month in particular has seen some of the worst crimes against civilians that "
       "Iran have ever")
NEW = ("The past months in particular have seen some of the worst crimes against civilians "
       "that Iran have ever")


def edit_source(project, old: str, new: str) -> None:
    source = project.root / "source" / "letter.txt"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new), encoding="utf-8")


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def test_an_edited_long_sentence_leaves_valid_catalogs_with_the_previous_source(shipped):
    before = {lang: load_catalog(shipped.po(lang)) for lang in ("fa", "fr", "ar")}
    old_id = next(m.id for m in messages(before["fa"]) if m.id.startswith(OLD))
    edit_source(shipped, OLD, NEW)
    shipped.ok("extract")
    result = shipped.ok("update")
    assert "1 changed source(s) now drafts" in result.output
    new_id = old_id.replace(OLD, NEW)
    for lang in ("fa", "fr", "ar"):
        path = shipped.po(lang)
        checked = msgfmt_check(path)
        assert checked.returncode == 0, checked.stderr
        entry = polib.pofile(str(path)).find(new_id)
        assert entry.previous_msgid == old_id and "fuzzy" in entry.flags
        assert entry.msgstr == before[lang].get(old_id).string
        message = load_catalog(path).get(new_id)
        assert comment_values(message, "draft")[0].startswith("source-changed")

    app = create_app({"PROJECT_ROOT": shipped.root, "FLUSH_DELAY": 0.05})
    try:
        add_people(app)
        entries = Reviewer(app.test_client(), "farid").entries("letter", "fa")
        entry = next(e for e in entries if e["source"] == new_id)
        assert entry["previous_source"] == old_id
        changes = [(tag, text.strip()) for tag, text in entry["diff"] if tag != "equal"]
        assert ("delete", "month") in changes and ("insert", "months") in changes
        assert ("delete", "has") in changes and ("insert", "have") in changes
    finally:
        services(app).close()


def people_translate(project, lang: str, count: int) -> dict[str, tuple[str, State]]:
    """Translate the first ``count`` entries (every third one approved)."""
    path = project.po(lang)
    catalog = load_catalog(path)
    for number, message in enumerate(messages(catalog)[:count]):
        if number % 3 == 0:
            mark_approved(message, f"«{message.id[::-1]}»", "roya", "2026-11-28")
        else:
            mark_translated(message, f"«{message.id[::-1]}»", "farid", "2026-11-28")
    save_catalog(path, catalog)
    return {m.id: (m.string, state_of(m)) for m in messages(catalog)[:count]}


def test_obsolete_entries_come_back_with_their_translation_and_state(catalogs):
    people = people_translate(catalogs, "fa", 30)
    source = catalogs.root / "source" / "letter.txt"
    original = source.read_text(encoding="utf-8")
    paragraphs = original.split("\n\n")
    source.write_text("\n\n".join(paragraphs[:3] + paragraphs[6:]), encoding="utf-8")
    catalogs.ok("extract")
    catalogs.ok("update")
    catalog = load_catalog(catalogs.po("fa"))
    gone = {m.id for m in catalog.obsolete.values()}
    assert gone and gone <= set(people)
    assert msgfmt_check(catalogs.po("fa")).returncode == 0

    source.write_text(original, encoding="utf-8")
    catalogs.ok("extract")
    catalogs.ok("update")
    back = load_catalog(catalogs.po("fa"))
    assert not back.obsolete
    assert {m.id: (m.string, state_of(m)) for m in messages(back) if m.id in people} == people


def test_an_emptied_source_is_refused_and_forced_through_loses_nothing(catalogs):
    people = people_translate(catalogs, "fr", 65)
    source = catalogs.root / "source" / "letter.txt"
    original = source.read_text(encoding="utf-8")
    source.write_text("", encoding="utf-8")
    before = catalogs.snapshot()
    result = catalogs.run("extract")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "letter.txt: no text to translate" in result.stderr and "--force" in result.stderr
    assert catalogs.snapshot() == before

    catalogs.ok("extract", "--force")
    result = catalogs.run("update")
    assert result.exit_code == 2 and "template is empty" in result.stderr
    catalogs.ok("update", "--force")  # everything obsolete, nothing thrown away
    assert not messages(load_catalog(catalogs.po("fr")))

    source.write_text(original, encoding="utf-8")
    catalogs.ok("extract")
    # Persian had no translation: it holds no entry now, as a file cut short would.
    refused = catalogs.run("update")
    assert refused.exit_code == 2 and "fa/LC_MESSAGES/letter.po: holds none" in refused.stderr
    catalogs.ok("update", "--force")
    back = load_catalog(catalogs.po("fr"))
    assert {m.id: (m.string, state_of(m)) for m in messages(back)} == people


def test_a_source_that_would_obsolete_most_translations_is_refused(catalogs):
    people_translate(catalogs, "ar", 20)
    source = catalogs.root / "source" / "letter.txt"
    source.write_text("A different letter altogether.\n\nWith two paragraphs.\n", "utf-8")
    before = catalogs.snapshot()
    result = catalogs.run("extract")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "would make 20 of its 20 translated entries obsolete" in result.stderr
    assert catalogs.snapshot() == before
    catalogs.ok("extract", "--force")
    result = catalogs.run("update", "-l", "ar")
    assert result.exit_code == 2 and "obsolete" in result.stderr
    assert load_catalog(catalogs.po("ar")).get(messages(load_catalog(catalogs.po("ar")))[0].id)


def test_update_says_how_many_translated_entries_it_left_alone(catalogs):
    people_translate(catalogs, "fa", 12)
    edit_source(catalogs, OLD, NEW)
    catalogs.ok("extract")
    result = catalogs.ok("update", "-l", "fa")
    # The edited sentence is among the twelve: it is a draft now, the other eleven stay.
    assert "1 changed source(s) now drafts" in result.output
    assert "11 translated or approved left as they were" in result.output


SAVER = textwrap.dedent('''
    """Stands for the review app's writer: each save re-reads an entry under the project lock
    and appends a number to its translation."""
    import sys, time
    from pathlib import Path
    from translate_letter.catalog.entry import messages
    from translate_letter.catalog.lock import acquire, project_lock
    from translate_letter.catalog.reader import load_catalog
    from translate_letter.catalog.states import mark_translated
    from translate_letter.catalog.writer import save_catalog
    from translate_letter.core.config import load_settings

    settings = load_settings(sys.argv[1])
    path = settings.catalog_path("letter", "fa")
    stop = Path(sys.argv[2])
    lock = project_lock(settings)
    number = 0
    while not stop.exists():
        with acquire(lock):
            catalog = load_catalog(path)
            chosen = [m for m in messages(catalog) if not m.id.startswith(sys.argv[3])]
            message = chosen[number % len(chosen)]
            mark_translated(message, f"{message.string} {number}".strip(), "farid")
            save_catalog(path, catalog)
        print(f"{number}\\t{message.id}", flush=True)
        number += 1
        time.sleep(0.02)
''')


@pytest.mark.slow
def test_updates_running_beside_a_saving_writer_lose_no_save(catalogs, tmp_path):
    """Real processes: a writer saving under the project lock while ``update`` runs again
    and again on a changing source; no save is reverted."""
    stop, log = tmp_path / "stop", tmp_path / "saves.log"
    with log.open("w") as out:
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(catalogs.root), str(stop),
                                  "The past month"], stdout=out, text=True)
    try:
        # Rounds until the writer has saved often enough beside them (at least two).
        for round_number in range(50):
            if round_number >= 2 and len(log.read_text().splitlines()) >= 20:
                break
            edit_source(catalogs, *((OLD, NEW) if round_number % 2 == 0 else (NEW, OLD)))
            catalogs.ok("extract")
            done = subprocess.run([sys.executable, "-m", "translate_letter", "-C",
                                   str(catalogs.root), "update", "-l", "fa"],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
    finally:
        stop.touch()
        saver.wait(timeout=120)
    saves: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        number, msgid = line.split("\t")
        saves.setdefault(msgid, set()).add(number)
    assert sum(len(numbers) for numbers in saves.values()) >= 20, "the writer barely saved"
    catalog = load_catalog(catalogs.po("fa"))
    for msgid, numbers in saves.items():
        assert numbers <= set(catalog.get(msgid).string.split()), f"a save of {msgid!r} was lost"


def test_update_writes_nothing_before_refusing_a_catalog_whose_charset_cannot_hold_the_source(
        project):
    (project.root / "source" / "letter.txt").write_text("The Council met. It adjourned.",
                                                         encoding="utf-8")
    project.ok("extract")
    project.ok("update")
    latin = project.po("fr")
    latin.write_bytes(latin.read_text("utf-8").replace("charset=utf-8", "charset=ISO-8859-1")
                      .encode("latin-1"))
    project.ok("stats")  # a Latin-1 catalog is a good catalog
    (project.root / "source" / "letter.txt").write_text(
        "The Council met. It heard the “report”. It adjourned.", encoding="utf-8")
    project.ok("extract")
    before = project.snapshot()
    result = project.run("update")
    assert result.exit_code == 2
    assert project.snapshot() == before  # not fa either, which comes first
    assert result.stderr.splitlines() == [
        f"translate-letter: error: {latin}: '“' cannot be written in the catalog's charset "
        "(iso-8859-1)"]
