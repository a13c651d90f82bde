"""An XLIFF import beside the running review app: the app's acknowledged save of an entry
the file also changed stays, the import reports the conflict, and the rest is taken in."""

from __future__ import annotations

import pytest
from lxml import etree

from translate_letter.catalog.entry import entries
from translate_letter.catalog.reader import load_catalog

from .conftest import wait_for
from .processes import Server, add_translators, cli, msgfmt_ok

pytestmark = pytest.mark.slow

X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def test_an_import_beside_the_app_keeps_the_apps_save_and_reports_the_conflict(catalogs,
                                                                               tmp_path):
    root = catalogs.root
    add_translators(root, "roya")
    out = tmp_path / "letter-fa.xlf"
    assert cli(root, "export", "-l", "fa", "-o", str(out)).returncode == 0
    server = Server(root, flush_delay=60)  # the app's save stays in its journal
    try:
        roya = server.api("roya")
        first, second = roya.entries()[:2]
        saved = roya.put(first["id"], "متن رویا در برنامه.", first["version"])
        assert saved.status_code == 200
        tree = etree.parse(str(out))
        for uid, text in ((first["id"], "متن ابزار ترجمه یک."),
                          (second["id"], "متن ابزار ترجمه دو.")):
            unit = tree.find(f".//x:trans-unit[@id='{uid}']", X12)
            unit.find("x:target", X12).text = text
            unit.find("x:target", X12).set("state", "translated")
        tree.write(str(out), xml_declaration=True, encoding="utf-8")

        result = cli(root, "import", str(out), "--as", "leila")
        assert result.returncode == 1, result.stdout + result.stderr
        assert first["id"] in result.stdout and "changed since the export" in result.stdout
        assert "متن رویا در برنامه." in result.stdout
        assert "1 taken" in result.stderr and "1 in conflict" in result.stderr
        # the app takes the imported text in as a change made outside it
        assert wait_for(lambda: roya.entry(second["id"])["translation"] ==
                        "متن ابزار ترجمه دو.", timeout=30)
        assert roya.entry(first["id"])["translation"] == "متن رویا در برنامه."
        # Its history names the importer and the file, as the file's provenance says: a
        # change made outside the app, not a save of an account.
        change = roya.entry(second["id"])["history"][0]
        assert change["user"] is None and change["after"] == "متن ابزار ترجمه دو."
        assert change["origin"].startswith("translated leila ")
        assert change["origin"].endswith(" import:letter-fa.xlf")
    finally:
        server.stop()
    po = catalogs.po("fa")
    texts = {e.id: e.text for e in entries(load_catalog(po))}
    assert texts[first["id"]] == "متن رویا در برنامه."
    assert texts[second["id"]] == "متن ابزار ترجمه دو."
    msgfmt_ok(po)
