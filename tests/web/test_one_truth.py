"""One truth for the catalogs, with real processes side by side on one project folder: the
review app (``translate-letter serve``), CLI commands, hand edits and git.

Every test counts reverted acknowledged saves and lost outside edits; both must be 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_translated, state_of
from translate_letter.catalog.writer import save_catalog
from translate_letter.review.sql_journal import SqlJournal
from translate_letter.review.store import WATCH_SECONDS
from translate_letter.storage import open_database

from .conftest import po_translation, wait_for
from .processes import Server, add_translators, cli, msgfmt_ok

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "machine"))
from mt_servers import LibreTranslateServer  # noqa: E402

pytestmark = pytest.mark.slow


def wait_written(root: Path) -> None:
    """Wait until the app has written every acknowledged save into its PO file: its journal
    holds none unwritten (the file is read only after that)."""
    db = open_database(root / "instance")
    try:
        assert wait_for(lambda: SqlJournal(db).unwritten_catalogs() == [], timeout=30)
    finally:
        db.close()


def reverted(po: Path, acknowledged: dict[str, str]) -> list[str]:
    """Sources whose last acknowledged text is not the one in the PO file."""
    catalog = load_catalog(po)
    return [source for source, text in acknowledged.items()
            if catalog.get(source) is None or catalog.get(source).string != text]


class Saver(threading.Thread):
    """A translator saving round-robin over ``entries``, each save based on the version the
    last answer gave, until told to stop; records the last acknowledged text of each."""

    def __init__(self, api, entries: list[dict], label: str, limit: int = 400) -> None:
        super().__init__(daemon=True)
        self.api, self.entries, self.label, self.limit = api, entries, label, limit
        self.stop = threading.Event()
        self.acknowledged: dict[str, str] = {}
        self.versions = {e["id"]: e["version"] for e in entries}
        self.refused: list[str] = []
        self.saves = 0

    def run(self) -> None:
        n = 0
        while not self.stop.is_set() and n < self.limit:
            entry = self.entries[n % len(self.entries)]
            text = f"ترجمه {self.label} {n}"
            response = self.api.put(entry["id"], text, self.versions[entry["id"]])
            if response.status_code == 200:
                self.versions[entry["id"]] = response.json()["version"]
                self.acknowledged[entry["source"]] = text
                self.saves += 1
            else:
                self.refused.append(f"{response.status_code} {response.text[:200]}")
            n += 1

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=60)


def loop(root: Path, args: list[str], runs: int) -> list[subprocess.CompletedProcess]:
    """Run a CLI command ``runs`` times, one after the other."""
    return [cli(root, *args) for _ in range(runs)]


def assert_app_agrees(api, saver: Saver) -> None:
    """The app shows each last acknowledged text at the version its save returned, and a
    save on that version is accepted (no false conflict)."""
    now = {e["id"]: e for e in api.entries()}
    for entry in saver.entries:
        current = now[entry["id"]]
        assert current["version"] == saver.versions[entry["id"]], current
        assert current["translation"] == saver.acknowledged[entry["source"]]
    first = saver.entries[0]
    again = api.put(first["id"], "ترجمه پایانی", saver.versions[first["id"]])
    assert again.status_code == 200, again.text


def test_update_looping_during_saves_reverts_no_acknowledged_save(catalogs):
    add_translators(catalogs.root, "farid")
    server = Server(catalogs.root)
    try:
        api = server.api("farid")
        saver = Saver(api, api.entries()[:10], "update")
        saver.start()
        runs = loop(catalogs.root, ["update", "-l", "fa"], 5)
        saver.finish()
        assert [r.returncode for r in runs] == [0] * 5, runs[-1].stderr
        assert saver.saves > 10 and saver.refused == []
        stats = json.loads(cli(catalogs.root, "stats", "--json", "-l", "fa").stdout)
        assert stats[0]["counts"]["translated"] == 10  # the CLI counts the app's saves
        assert reverted(catalogs.po("fa"), saver.acknowledged) == []
        assert_app_agrees(api, saver)
    finally:
        server.stop()
    msgfmt_ok(catalogs.po("fa"))


def memory_file(catalogs, path: Path) -> Path:
    """A PO translation memory with a reviewed Persian text for every source."""
    catalog = load_catalog(catalogs.po("fa"))
    for message in messages(catalog):
        mark_translated(message, f"حافظه {message.id}", "memory-team")
    save_catalog(path, catalog)
    return path


def test_pretranslate_memory_looping_during_saves_replaces_no_person(catalogs, tmp_path):
    add_translators(catalogs.root, "farid")
    memory = memory_file(catalogs, tmp_path / "memory.po")
    server = Server(catalogs.root)
    try:
        api = server.api("farid")
        entries = api.entries()
        saver = Saver(api, entries[::2], "person", limit=len(entries[::2]) * 10)
        saver.start()
        # Each of the person's entries saved once before the loop starts: a draft written
        # into an entry nobody had saved yet is a real conflict for a save made after it.
        assert wait_for(lambda: len(saver.acknowledged) == len(saver.entries), timeout=30)
        runs = loop(catalogs.root, ["pretranslate", "-l", "fa", "--engine", "memory",
                                    "--memory", str(memory)], 3)
        saver.finish()
        assert [r.returncode for r in runs] == [0] * 3, runs[-1].stderr
        assert saver.refused == []
        wait_written(catalogs.root)
        assert reverted(catalogs.po("fa"), saver.acknowledged) == []
        catalog = load_catalog(catalogs.po("fa"))
        people = {e["source"] for e in saver.entries}
        assert all(str(state_of(catalog.get(s))) == "translated" for s in saver.acknowledged)
        drafted = [m for m in messages(catalog) if m.id not in people]
        assert drafted and all(m.string == f"حافظه {m.id}" for m in drafted)
        assert_app_agrees(api, saver)
    finally:
        server.stop()
    msgfmt_ok(catalogs.po("fa"))


def test_pretranslate_against_a_slow_server_during_saves_replaces_no_person(catalogs):
    add_translators(catalogs.root, "fred")
    service = LibreTranslateServer(latency=0.05)
    server = Server(catalogs.root)
    try:
        api = server.api("fred", lang="fr")
        entries = api.entries()
        saver = Saver(api, entries[::3], "personne", limit=len(entries[::3]) * 4)
        saver.start()
        run = cli(catalogs.root, "pretranslate", "-l", "fr", "--engine", "libretranslate",
                  "--url", service.url, "--workers", "2")
        saver.finish()
        assert run.returncode == 0, run.stderr
        assert saver.refused == []
        wait_written(catalogs.root)
        assert reverted(catalogs.po("fr"), saver.acknowledged) == []
        assert_app_agrees(api, saver)
    finally:
        server.stop()
        service.stop()
    msgfmt_ok(catalogs.po("fr"))


def test_a_second_serve_on_the_folder_exits_2_naming_the_first(catalogs):
    first = Server(catalogs.root)
    try:
        second = cli(catalogs.root, "serve", "--port", "0", timeout=60)
        assert second.returncode == 2
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1, second.stderr
        assert f"pid {first.process.pid} at {first.url}" in lines[0]
    finally:
        first.kill()  # the kernel releases its lock: a restart is not blocked
    again = Server(catalogs.root)
    again.stop()


def edit_in_place(po: Path, old: str, new: str) -> None:
    """Change the file's bytes where they are, as an editor saving in place does: same
    inode, same size, and likely the same timestamp as the app's write just before."""
    old_bytes, new_bytes = old.encode(), new.encode()
    assert len(old_bytes) == len(new_bytes)
    with open(po, "r+b") as handle:
        data = handle.read()
        assert data.count(old_bytes) == 1, old
        handle.seek(data.index(old_bytes))
        handle.write(new_bytes)


def test_hand_edits_within_milliseconds_of_the_apps_write_are_kept(catalogs):
    add_translators(catalogs.root, "farid")
    po = catalogs.po("fa")
    catalog = load_catalog(po)
    hand = messages(catalog)[30:45]
    for n, message in enumerate(hand):
        mark_translated(message, f"دست {n:02d} الف", "editor")
    save_catalog(po, catalog)
    server = Server(catalogs.root, flush_delay=0.01)
    try:
        api = server.api("farid")
        entries = {e["source"]: e for e in api.entries()}
        saved = list(entries.values())[:15]
        acknowledged, conflicts = {}, 0
        for n, (entry, message) in enumerate(zip(saved, hand, strict=True)):
            text = f"ذخیره {n}"
            assert api.put(entry["id"], text, entry["version"]).status_code == 200
            acknowledged[entry["source"]] = text
            marker = f'msgstr "{text}"'.encode()
            assert wait_for(lambda marker=marker: marker in po.read_bytes(), timeout=10)
            edit_in_place(po, f"دست {n:02d} الف", f"دست {n:02d} بـب")
            # An editor still on the version before the hand edit is refused and sees it.
            stale = api.put(entries[message.id]["id"], "کهنه", entries[message.id]["version"])
            assert stale.status_code == 409, stale.text
            assert stale.json()["entry"]["translation"] == f"دست {n:02d} بـب"
            conflicts += 1
        server.stop()
        final = load_catalog(po)
        lost = [m.id for n, m in enumerate(hand) if final.get(m.id).string != f"دست {n:02d} بـب"]
        assert lost == [] and reverted(po, acknowledged) == [] and conflicts == 15
    finally:
        if server.process.poll() is None:
            server.stop()
    msgfmt_ok(po)


def test_same_entry_changed_in_the_app_and_by_hand_keeps_the_save_and_records_the_other(
        catalogs):
    add_translators(catalogs.root, "farid")
    po = catalogs.po("fa")
    server = Server(catalogs.root, flush_delay=1.0)
    try:
        api = server.api("farid")
        entry = api.entries()[3]
        assert api.put(entry["id"], "ذخیره در برنامه", entry["version"]).status_code == 200
        catalog = load_catalog(po)  # before the app writes its save: a clash
        mark_translated(catalog.get(entry["source"]), "ویرایش دستی", "editor")
        save_catalog(po, catalog)
        assert wait_for(lambda: po_translation(po, entry["source"]) == "ذخیره در برنامه")
        detail = api.entry(entry["id"])
        assert detail["translation"] == "ذخیره در برنامه" and detail["version"] == 2
        outside = [h for h in detail["history"] if h["user"] is None]
        assert [(h["after"], h["superseded"]) for h in outside] == [("ویرایش دستی", True)]
    finally:
        server.stop()


def test_a_save_with_u2028_is_refused_and_every_command_still_reads_the_catalog(catalogs):
    add_translators(catalogs.root, "farid")
    server = Server(catalogs.root)
    try:
        api = server.api("farid")
        entry = api.entries()[0]
        before = catalogs.po("fa").read_bytes()
        for char, name in (("\u2028", "U+2028"), ("\u2029", "U+2029"), ("\x85", "U+0085")):
            refused = api.put(entry["id"], f"یک{char}دو", entry["version"])
            assert refused.status_code == 400 and name in refused.json()["error"]
        assert catalogs.po("fa").read_bytes() == before
    finally:
        server.stop()
    for command in (["stats"], ["check", "-l", "fa"], ["compile"], ["update"]):
        assert cli(catalogs.root, *command).returncode in (0, 1), command
    again = Server(catalogs.root)
    again.stop()


def test_kill_9_leaves_every_acknowledged_save_for_the_cli_and_the_next_start(catalogs):
    add_translators(catalogs.root, "farid")
    po = catalogs.po("fa")
    server = Server(catalogs.root, flush_delay=60)  # nothing reaches the file by itself
    try:
        api = server.api("farid")
        saver = Saver(api, api.entries()[:8], "kill", limit=24)
        saver.run()
        # While the app runs, the CLI already counts and compiles its acknowledged saves.
        stats = json.loads(cli(catalogs.root, "stats", "--json", "-l", "fa").stdout)
        assert stats[0]["counts"]["translated"] == 8
        assert reverted(po, saver.acknowledged) == []
        assert cli(catalogs.root, "compile").returncode == 0
        more = Saver(api, saver.entries, "after", limit=8)
        more.versions = dict(saver.versions)
        more.run()
        assert more.refused == []  # the CLI's write made no false conflict
    finally:
        server.kill()
    stats = json.loads(cli(catalogs.root, "stats", "--json", "-l", "fa").stdout)
    assert stats[0]["counts"]["translated"] == 8
    assert reverted(po, more.acknowledged) == []  # written by the command before it read
    restarted = Server(catalogs.root)
    try:
        assert_app_agrees(restarted.api("farid"), more)
    finally:
        restarted.stop()
    msgfmt_ok(po)


def test_the_commands_find_the_journal_of_an_app_with_its_own_instance_folder(catalogs,
                                                                             tmp_path):
    instance = tmp_path / "elsewhere"
    add_translators(catalogs.root, "farid", instance=instance)
    po = catalogs.po("fa")
    server = Server(catalogs.root, 60, "--instance", str(instance))  # no write by itself
    try:
        api = server.api("farid")
        saver = Saver(api, api.entries()[:3], "elsewhere", limit=3)
        saver.run()
    finally:
        server.kill()
    assert reverted(po, saver.acknowledged) != []  # only in the journal, elsewhere
    stats = json.loads(cli(catalogs.root, "stats", "--json", "-l", "fa").stdout)
    assert stats[0]["counts"]["translated"] == 3
    assert reverted(po, saver.acknowledged) == []
    trail = json.loads(cli(catalogs.root, "audit", "--json").stdout)
    assert ("signed-in", "farid") in {(e["event"], e["account"]) for e in trail}
    msgfmt_ok(po)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


def git_project(catalogs) -> str:
    """The project in a git repository with its catalogs committed; the Persian one's path."""
    relative = str(catalogs.po("fa").relative_to(catalogs.root))
    git(catalogs.root, "init", "-q")
    git(catalogs.root, "add", relative)
    git(catalogs.root, "commit", "-qm", "catalogs")
    return relative


def test_an_old_copy_of_the_file_as_the_app_wrote_it_gets_the_later_saves_again(catalogs):
    add_translators(catalogs.root, "farid")
    po = catalogs.po("fa")
    relative = git_project(catalogs)
    server = Server(catalogs.root)
    try:
        api = server.api("farid")
        saver = Saver(api, api.entries()[:6], "git", limit=3)
        saver.run()
        wait_written(catalogs.root)
        git(catalogs.root, "commit", "-qam", "the first saves")  # the file as the app wrote it
        more = Saver(api, saver.entries, "later", limit=6)
        more.versions = dict(saver.versions)
        more.run()
        wait_written(catalogs.root)
        git(catalogs.root, "checkout", "--", relative)  # the later saves are gone from the file
        assert wait_for(lambda: reverted(po, more.acknowledged) == [])
        assert_app_agrees(api, more)
    finally:
        server.stop()
    msgfmt_ok(po)


def hand_edit(po: Path, old: str, new: str) -> None:
    """Replace a translation in the file's text, as a person in an editor does."""
    data = po.read_text("utf-8")
    assert data.count(f'msgstr "{old}"') == 1, old
    po.write_text(data.replace(f'msgstr "{old}"', f'msgstr "{new}"'), "utf-8")


def test_a_git_revert_or_a_hand_revert_of_an_app_save_holds(catalogs):
    add_translators(catalogs.root, "farid")
    po = catalogs.po("fa")
    catalog = load_catalog(po)
    for n, message in enumerate(messages(catalog)[:4]):
        mark_translated(message, f"پیشین {n}", "editor")
    save_catalog(po, catalog)
    git_project(catalogs)
    server = Server(catalogs.root)
    try:
        api = server.api("farid")
        first, second, third = api.entries()[:3]
        assert api.put(first["id"], "ذخیره یک", first["version"]).status_code == 200
        wait_written(catalogs.root)
        git(catalogs.root, "commit", "-qam", "a save of the app")
        git(catalogs.root, "revert", "--no-edit", "HEAD")  # the maintainer undoes it
        assert wait_for(lambda: api.entry(first["id"])["translation"] == "پیشین 0")
        # Two saves, then one of them set back by hand in an editor.
        for entry, text in ((second, "ذخیره دو"), (third, "ذخیره سه")):
            assert api.put(entry["id"], text, entry["version"]).status_code == 200
        wait_written(catalogs.root)
        hand_edit(po, "ذخیره دو", "پیشین 1")
        assert wait_for(lambda: api.entry(second["id"])["translation"] == "پیشین 1")
        time.sleep(3 * WATCH_SECONDS)  # rounds in which the app could bring its text back
        assert po_translation(po, first["source"]) == "پیشین 0"
        assert po_translation(po, second["source"]) == "پیشین 1"
        assert po_translation(po, third["source"]) == "ذخیره سه"
        shown = api.entry(second["id"])
        assert shown["author"] is None and shown["version"] == 3
        assert [h["after"] for h in shown["history"]][:2] == ["پیشین 1", "ذخیره دو"]
    finally:
        server.stop()
    msgfmt_ok(po)
