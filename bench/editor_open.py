"""Opening the editor on a long document: the document view beside the segment view.

A 5,000-sentence document (1,000 paragraphs of five), ``translate-letter serve`` on
loopback, Debian's Chromium.  Prints the time from navigation until each view is
interactive (the editor marks itself ready), the median of several opens of each,
alternated in the same run, and their ratio.  The first open of the document view is shown
apart: it segments the source once, then the server keeps the result.

    python bench/editor_open.py [--entries 5000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from review_load import PASSWORD, make_project, start_server

TARGET_S = 1.0
TARGET_RATIO = 2.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def open_view(page: Page, url: str) -> float:
    """Seconds from navigation until the editor marks itself ready (its ``editor-ready``
    performance mark: entries loaded, the view drawn, the current sentence editable)."""
    page.goto("about:blank")
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#editor[data-ready=true]", state="attached", timeout=60_000)
    return page.evaluate("performance.getEntriesByName('editor-ready')[0].startTime") / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        make_project(root, args.entries, clients=1)  # the document "load", one translator
        process, url = start_server(root)
        url = url.rstrip("/")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(url + "/login")
                page.fill("#username", "client0")
                page.fill("#password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(url + "/dashboard")
                segment_url = f"{url}/edit/load/fa"
                document_url = segment_url + "?view=document"
                first_document = open_view(page, document_url)
                shown = page.locator(".doc-row").count()
                segments, documents = [], []
                for _ in range(args.repeats):
                    segments.append(open_view(page, segment_url))
                    documents.append(open_view(page, document_url))
                browser.close()
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)

    segment, document = statistics.median(segments), statistics.median(documents)
    ratio = document / segment
    met = document <= TARGET_S and ratio <= TARGET_RATIO
    print(f"document: {args.entries} sentences in {shown} blocks; median of {args.repeats} opens")
    print(f"segment view interactive in {segment * 1000:.0f} ms (baseline)")
    print(f"document view interactive in {document * 1000:.0f} ms; "
          f"document / segment = {ratio:.2f} "
          f"(target <= {TARGET_S:.0f} s and <= {TARGET_RATIO:.0f}x: {'met' if met else 'MISSED'})")
    print(f"first document view open, segmenting the source once: {first_document * 1000:.0f} ms")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
