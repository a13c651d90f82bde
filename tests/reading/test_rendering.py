"""Public files are made in worker processes, off the server's threads: one making per
file at a time, the previous version served while the next is made, and a language's files
made again only when what they are made of changed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_approved
from translate_letter.catalog.writer import save_catalog
from translate_letter.web.services import services

from ..conftest import wait_for
from .conftest import REVIEWER

PERSIAN_PDF = "read/letter/fa/letter.pdf"
FRENCH_PDF = "read/letter/fr/letter.pdf"


def at_once(server, path: str, readers: int = 12) -> list:
    """``readers`` anonymous readers asking for ``path`` at the same moment."""
    with ThreadPoolExecutor(readers) as pool:
        return list(pool.map(lambda _: server.get("/" + path), range(readers)))


def approve_one_more(server) -> str:
    """A reviewer approves one of the Persian drafts left; its text."""
    po = server.project.po("fa")
    catalog = load_catalog(po)
    last = messages(catalog)[-1]
    mark_approved(last, last.string, REVIEWER, "2026-12-01")
    save_catalog(po, catalog)
    return last.string


def test_readers_of_a_file_not_made_yet_share_one_making(server):
    room = services(server.app).reading_room

    answers = at_once(server, FRENCH_PDF)

    # A few readers wait for it; the others are told at once to come back in a moment.
    assert {a.status_code for a in answers} <= {200, 503}
    made = [a for a in answers if a.status_code == 200]
    assert len({a.content for a in made}) <= 1
    assert all(a.headers["Retry-After"] == "5" for a in answers if a.status_code == 503)
    assert wait_for(lambda: server.get("/" + FRENCH_PDF).status_code == 200)
    assert room.renders[FRENCH_PDF] == 1
    later = at_once(server, FRENCH_PDF)
    assert {a.status_code for a in later} == {200}
    assert room.renders[FRENCH_PDF] == 1


def test_a_changed_catalog_is_served_as_it_was_until_its_next_version_is_made(server):
    room = services(server.app).reading_room
    assert wait_for(lambda: server.get("/" + PERSIAN_PDF).status_code == 200)
    assert wait_for(lambda: server.get("/" + FRENCH_PDF).status_code == 200)
    before = server.get("/" + PERSIAN_PDF).headers["ETag"]
    french = server.get("/" + FRENCH_PDF).headers["ETag"]
    made = room.renders.copy()

    approve_one_more(server)
    answers = at_once(server, PERSIAN_PDF, readers=8)

    # Nobody waits: every reader gets the Persian letter as it was, or already as it is.
    assert {a.status_code for a in answers} == {200}
    assert answers[0].headers["ETag"] == before
    assert wait_for(lambda: server.get("/" + PERSIAN_PDF).headers["ETag"] != before)
    assert room.renders[PERSIAN_PDF] == made[PERSIAN_PDF] + 1  # made once again, not 8 times
    # The French letter is not made again for a Persian change.
    assert server.get("/" + FRENCH_PDF).headers["ETag"] == french
    assert room.renders[FRENCH_PDF] == made[FRENCH_PDF]


def test_a_page_listing_a_changed_title_follows_and_the_others_stay(server):
    room = services(server.app).reading_room
    for path in ("/", "/read/letter/fr/", "/read/letter/fr/letter.txt"):
        assert wait_for(lambda path=path: server.get(path).status_code == 200)
    made = room.renders.copy()

    approve_one_more(server)

    # The list of letters shows the Persian title: it is made again (once, as readers ask
    # for it); the French files and the French page (which shows no other language's
    # title) are not.
    assert wait_for(lambda: server.get("/").status_code == 200 and
                room.renders["index.html"] == made["index.html"] + 1)
    for path in ("/read/letter/fr/", "/read/letter/fr/letter.txt"):
        assert server.get(path).status_code == 200
    assert room.renders["read/letter/fr/index.html"] == made["read/letter/fr/index.html"]
    assert room.renders["read/letter/fr/letter.txt"] == made["read/letter/fr/letter.txt"]
