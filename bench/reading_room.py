"""The reading room's cache: requests per second for the Persian letter page.

The review app serves the shipped letter (Persian approved, so public) on loopback; a
client asks for ``/read/letter/fa/`` again and again:

- cached: the page as rendered once (what readers get while no catalog changes);
- revalidated: the same with ``If-None-Match`` (a 304, no body);
- rendered every time (the baseline): the catalog's modification time is moved before
  each request, so the page is decided and rendered anew each time.

Prints requests per second of each and their ratio to the baseline, all in this run.

    python bench/reading_room.py [--requests 200]
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from werkzeug.serving import make_server

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_approved
from translate_letter.catalog.writer import save_catalog
from translate_letter.web import create_app

PAGE = "/read/letter/fa/"


def make_project(root: Path) -> Path:
    """The shipped letter and catalogs, every Persian entry approved; returns its catalog."""
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    po = root / "locales" / "fa" / "LC_MESSAGES" / "letter.po"
    catalog = load_catalog(po)
    for message in messages(catalog):
        mark_approved(message, message.string, "bench", "2026-12-01")
    save_catalog(po, catalog)
    return po


def rate(port: int, count: int, before: Callable[[], None] = lambda: None,
         headers: dict[str, str] | None = None, status: int = 200) -> float:
    """Requests per second for ``count`` requests of the page, ``before`` run before each."""
    elapsed = 0.0
    for _ in range(count):
        before()
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", PAGE, headers=headers or {})
        response = connection.getresponse()
        response.read()
        connection.close()
        elapsed += time.perf_counter() - start
        assert response.status == status, response.status
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    count = parser.parse_args().requests
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    with tempfile.TemporaryDirectory() as tmp:
        po = make_project(Path(tmp))
        app = create_app({"PROJECT_ROOT": tmp})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_port
        try:
            first = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            first.request("GET", PAGE)
            etag = first.getresponse().getheader("ETag")

            def catalog_changed() -> None:
                info = os.stat(po)
                os.utime(po, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))

            baseline = rate(port, max(count // 10, 10), before=catalog_changed)
            cached = rate(port, count)
            revalidated = rate(port, count, headers={"If-None-Match": etag}, status=304)
        finally:
            server.shutdown()
            app.extensions["review"].close()
    print(f"reading room, {PAGE} of the shipped letter (Persian approved), one client:")
    print(f"  rendered every time (baseline) {baseline:8.1f} requests/s   1.0x")
    print(f"  cached                         {cached:8.1f} requests/s  {cached / baseline:5.1f}x")
    print(f"  revalidated (304)              {revalidated:8.1f} requests/s  "
          f"{revalidated / baseline:5.1f}x")


if __name__ == "__main__":
    main()
