"""Programs that save a PO file in place (truncate, then write: polib, cp, many editors, git
checkout) leave moments when the file is empty or half-written.  The review app takes in
only complete files: it waits, says why once, and writes nothing into a file it has not
taken in, so no entry, header, hand edit or save is lost.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog, read_catalog
from translate_letter.catalog.states import mark_translated
from translate_letter.catalog.writer import po_bytes
from translate_letter.core.config import load_settings
from translate_letter.core.errors import UserError
from translate_letter.review.sql_journal import SqlJournal
from translate_letter.review.store import CatalogStore
from translate_letter.storage import open_database

from .conftest import po_translation, wait_for
from .processes import Server, add_translators, cli, msgfmt_ok
from .test_one_truth import reverted, wait_written

PAUSE = 1.5  # seconds a slow writer leaves the file empty


def write_slowly(po: Path, data: bytes, during: Callable[[], None]) -> None:
    """Save ``data`` into ``po`` in place: empty the file, run ``during``, and write the
    bytes :data:`PAUSE` seconds after emptying it."""
    with open(po, "wb") as handle:
        emptied = time.monotonic()
        during()
        time.sleep(max(0.0, PAUSE - (time.monotonic() - emptied)))
        handle.write(data)


def save_held_up(pofile: polib.POFile, during: Callable[[], None]) -> None:
    """polib's own ``save()``, held up right after it opened (and so emptied) the file, as a
    busy disk holds it up: ``during`` runs then, and the bytes follow :data:`PAUSE` seconds
    after the file was emptied."""
    held = []

    def in_save(frame, event, arg):
        if event == "line" and "fhandle" in frame.f_locals and not held:
            held.append(time.monotonic())
            during()
            time.sleep(max(0.0, PAUSE - (time.monotonic() - held[0])))
        return in_save

    def tracer(frame, event, arg):
        return in_save if frame.f_code is polib._BaseFile.save.__code__ else None

    sys.settrace(tracer)
    try:
        pofile.save()
    finally:
        sys.settrace(None)
    assert held, "polib's save() no longer opens the file as 'fhandle'"


class Translator:
    """A person saving one entry after another through the API while files are written."""

    def __init__(self, server: Server, entries: list[dict]) -> None:
        self.api = server.api("farid")
        self.entries = entries
        self.acknowledged: dict[str, str] = {}

    def save(self, n: int, total: int, po: Path) -> None:
        """One save while ``po`` is empty: the app still lists every entry, acknowledges the
        save, and writes nothing into the empty file."""
        listed = {e["id"]: e for e in self.api.entries()}
        assert len(listed) == total  # the empty file is not taken in
        entry = self.entries[n % len(self.entries)]
        text = f"ذخیره {n}"
        answer = self.api.put(entry["id"], text, listed[entry["id"]]["version"])
        assert answer.status_code == 200, answer.text
        self.acknowledged[entry["source"]] = text
        time.sleep(0.3)  # many flush rounds
        assert po.stat().st_size == 0  # not written back over the writer's file


def assert_whole(po: Path, total: int, edited: dict[str, str],
                 translator: Translator) -> None:
    final = load_catalog(po)
    assert len(messages(final)) == total
    assert {msgid: final.get(msgid).string for msgid in edited} == edited
    assert reverted(po, translator.acknowledged) == []
    text = po.read_text("utf-8")
    assert str(final.locale) == "fa" and "Language: fa\\n" in text and "Plural-Forms:" in text
    msgfmt_ok(po)


# Writes a hand edit of the n-th round into the catalog, running ``during`` while the file
# is empty; returns the entry's msgid and its new text.
HandWriter = Callable[[Path, int, Callable[[], None]], tuple[str, str]]


def hand_edits_beside_the_app(project, rounds: int, write: HandWriter) -> None:
    """``rounds`` hand edits of the Persian catalog written in place beside the running app,
    a translator saving in the app while the file is empty; nothing may be lost."""
    add_translators(project.root, "farid")
    po = project.po("fa")
    server = Server(project.root)
    try:
        translator = Translator(server, server.api("farid").entries()[:10])
        total = len(translator.api.entries())
        edited: dict[str, str] = {}
        for n in range(rounds):
            wait_written(project.root)
            msgid, text = write(po, n, lambda n=n: translator.save(n, total, po))
            edited[msgid] = text
            assert wait_for(lambda msgid=msgid, text=text: po_translation(po, msgid) == text)
        wait_written(project.root)
        shown = {e["source"]: e for e in translator.api.entries()}
        for msgid, text in edited.items():  # changes made outside the app
            assert (shown[msgid]["translation"], shown[msgid]["author"]) == (text, None)
    finally:
        server.stop()
    assert_whole(po, total, edited, translator)


def slow_writer(po: Path, n: int, during: Callable[[], None]) -> tuple[str, str]:
    catalog = load_catalog(po)
    hand = messages(catalog)[40 + n]
    mark_translated(hand, f"ویرایش دستی {n}", "editor")
    write_slowly(po, po_bytes(catalog), during)
    return hand.id, hand.string


def polib_writer(po: Path, n: int, during: Callable[[], None]) -> tuple[str, str]:
    pofile = polib.pofile(str(po), wrapwidth=79)
    hand = pofile[50 + n]
    hand.msgstr, hand.flags = f"ویرایش با polib {n}", []
    save_held_up(pofile, during)
    return hand.msgid, hand.msgstr


@pytest.mark.slow
def test_a_slow_in_place_writer_beside_the_app_loses_no_entry_header_edit_or_save(shipped):
    hand_edits_beside_the_app(shipped, 20, slow_writer)


@pytest.mark.slow
def test_polib_saving_in_place_beside_the_app_loses_nothing(shipped):
    hand_edits_beside_the_app(shipped, 5, polib_writer)


@pytest.fixture
def store(shipped, tmp_path):
    """The review app's catalog store on the shipped project, in this process."""
    db = open_database(tmp_path / "instance")
    opened = CatalogStore(load_settings(shipped.root), SqlJournal(db), flush_delay=0.05)
    yield opened
    opened.close()
    db.close()


def put_in_place(po: Path, data: bytes) -> None:
    """Write ``data`` into ``po`` in place, dated a while ago: as a writer that stopped
    there would leave it (the file no longer changes, so only its contents can tell)."""
    with open(po, "r+b") as handle:
        handle.truncate(0)
        handle.write(data)
    past = time.time() - 5
    os.utime(po, (past, past))


def published(cat) -> dict[str, tuple[int, str]]:
    return {eid: (e.version, e.translation) for eid, e in cat.entries.items()}


def parses_shorter(data: bytes, entries: int) -> bool:
    try:
        return len(messages(read_catalog(data))) < entries
    except UserError:
        return False


def test_no_byte_prefix_of_a_catalog_is_taken_in(store, caplog):
    caplog.set_level(logging.WARNING, "translate_letter.review.store")
    cat = store.catalog("letter", "fa")
    full = cat.path.read_bytes()
    before = published(cat)
    line_ends = [n + 1 for n, byte in enumerate(full) if byte == ord("\n")]
    cuts = sorted(set(range(0, len(full), len(full) // 485)) | set(line_ends[::4]))
    valid_and_shorter = 0
    for cut in cuts:
        put_in_place(cat.path, full[:cut])
        valid_and_shorter += parses_shorter(full[:cut], len(before))
        store.refresh(cat)
        assert published(cat) == before, cut
    assert valid_and_shorter >= 60  # what would have replaced the catalog
    put_in_place(cat.path, full)
    store.refresh(cat)
    assert published(cat) == before and cat.refused is None
    said = [r.getMessage() for r in caplog.records if "not taken in" in r.getMessage()]
    assert said and all(a != b for a, b in zip(said, said[1:], strict=False))  # said once


def test_a_file_that_lost_its_language_or_entries_is_not_taken_in_and_said_once(store,
                                                                                caplog):
    caplog.set_level(logging.WARNING, "translate_letter.review.store")
    cat = store.catalog("letter", "fa")
    full = cat.path.read_text("utf-8")
    before = published(cat)
    catalog = read_catalog(full.encode())
    gone = messages(catalog)[30]
    catalog.delete(gone.id)
    for broken in (full.replace('"Language: fa\\n"\n', ""), po_bytes(catalog).decode()):
        put_in_place(cat.path, broken.encode())
        for _ in range(5):
            store.refresh(cat)
        assert published(cat) == before
    said = [r.getMessage() for r in caplog.records if "not taken in" in r.getMessage()]
    assert len(said) == 2, said
    assert "lost the Language field" in said[0] and "lacks 1 of its entries" in said[1]
    # A complete change is taken in at once.
    edited = read_catalog(full.encode())
    mark_translated(messages(edited)[30], "ویرایش کامل", "editor")
    put_in_place(cat.path, po_bytes(edited))
    store.refresh(cat)
    assert cat.refused is None
    assert [e.translation for e in cat.entries.values()][30] == "ویرایش کامل"


@pytest.mark.slow
def test_serve_refuses_a_catalog_that_holds_no_entry(catalogs):
    po = catalogs.po("fa")
    segments = len(messages(load_catalog(catalogs.pot)))
    po.write_bytes(b"")
    started = cli(catalogs.root, "serve", "--port", "0", timeout=60)
    assert started.returncode == 2
    assert started.stderr.splitlines() == [
        f"translate-letter: error: {po}: holds none of the {segments} segments of its "
        "document (an empty file, or one cut short while another program wrote it); restore "
        "it (git checkout), or delete it and run 'translate-letter update'"]


def test_a_file_left_incomplete_makes_the_saves_say_they_wait_until_it_is_whole(
        store, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, "translate_letter.review.store")
    monkeypatch.setattr("translate_letter.review.store.PATIENCE_SECONDS", 0.0)
    cat = store.catalog("letter", "fa")
    full = cat.path.read_bytes()
    put_in_place(cat.path, full[:full.index(b"\n\n") + 2])  # the header only
    store.refresh(cat)
    assert cat.write_error is None  # a moment: saves are simply kept meanwhile
    store.refresh(cat)
    assert "holds none of the" in cat.write_error  # what a save answers now (503)
    put_in_place(cat.path, full)
    store.refresh(cat)
    assert cat.write_error is None and cat.refused is None
    said = [r.getMessage() for r in caplog.records]
    assert sum("not taken in" in m for m in said) == 1 and "taken in again" in said[-1]
