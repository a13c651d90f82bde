"""The XLIFF of a language from the editor, and the file uploaded back: what was taken,
what conflicted, what was refused."""

from __future__ import annotations

import io

from lxml import etree

from translate_letter.catalog.entry import entries
from translate_letter.catalog.reader import load_catalog
from translate_letter.web.services import services

from .conftest import Reviewer, app_of

LONG = "متن بسیار بلند " * 400
X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def upload(who, data: bytes, name: str = "letter-fa.xlf", lang: str = "fa", **form):
    return who.client.post(f"/exchange/letter/{lang}", data={
        "file": (io.BytesIO(data), name), "csrf_token": who.csrf, **form},
        content_type="multipart/form-data")


def with_targets(data: bytes, texts: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    for uid, text in texts.items():
        target = root.find(f".//x:trans-unit[@id='{uid}']/x:target", X12)
        target.text = text
        target.set("state", "translated")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def test_a_translator_downloads_the_xliff_and_uploads_it_back(app, sign_in, fa_po):
    fatemeh = sign_in("fatemeh")
    editor = fatemeh.client.get("/edit/letter/fa").text
    assert "/exchange/letter/fa" in editor
    got = fatemeh.client.get("/exchange/letter/fa/xliff")
    assert got.status_code == 200 and got.mimetype == "application/xliff+xml"
    assert "letter-fa.xlf" in got.headers["Content-Disposition"]
    first, second, third = fatemeh.entries()[:3]
    # meanwhile a reviewer saves the first entry in the editor
    roya = sign_in("roya")
    assert roya.put(first["id"], "متن رویا.", first["version"]).status_code == 200
    sent = with_targets(got.data, {first["id"]: "متن فاطمه یک.",
                                   second["id"]: "متن فاطمه دو.",
                                   third["id"]: LONG})
    answer = upload(fatemeh, sent)
    assert answer.status_code == 200
    page = answer.text
    assert "1 taken, " in page and "1 in conflict, 1 refused" in page
    assert "متن رویا." in page and "متن فاطمه یک." in page  # the conflict, both texts
    assert "ten times the source plus 200" in page  # refused, with the reason
    services(app).workspace.flush()
    texts = {e.id: e for e in entries(load_catalog(fa_po))}
    assert texts[first["id"]].text == "متن رویا."
    assert texts[second["id"]].text == "متن فاطمه دو."
    assert texts[second["id"]].translator == "fatemeh"
    assert texts[third["id"]].text != LONG
    assert fatemeh.entry(second["id"])["translation"] == "متن فاطمه دو."


def test_an_upload_for_another_language_or_without_its_token_changes_nothing(app, sign_in,
                                                                             fa_po):
    fatemeh = sign_in("fatemeh")
    data = fatemeh.client.get("/exchange/letter/fa/xliff2").data
    before = fa_po.read_bytes()
    fred = sign_in("fred")
    assert upload(fred, data).status_code == 403  # fred has no role for Persian
    assert upload(fred, data, lang="fr").status_code == 400  # a Persian file for French
    no_token = fatemeh.client.post("/exchange/letter/fa", data={
        "file": (io.BytesIO(data), "x.xlf")}, content_type="multipart/form-data")
    assert no_token.status_code == 400
    huge = upload(fatemeh, b"<xliff>" + b" " * (2 * 1024 * 1024) + b"</xliff>")
    assert huge.status_code == 413
    services(app).workspace.flush()
    assert fa_po.read_bytes() == before


def test_the_editors_memory_takes_other_projects_files_through_a_setting(catalogs):
    """A TMX of another project, named by ``memory-files``: the editor's memory panel offers
    its translation of a near-identical sentence, as ``pretranslate`` would."""
    first = entries(load_catalog(catalogs.po("fa")))[0].source
    memories = catalogs.root / "memories"
    memories.mkdir()
    (memories / "other.tmx").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
        'creationtool="x" creationtoolversion="1"/><body><tu>'
        f'<tuv xml:lang="en"><seg>{first[:-1]}!</seg></tuv>'
        '<tuv xml:lang="fa"><seg>ترجمه‌ای از پروژه‌ای دیگر.</seg></tuv></tu></body></tmx>',
        encoding="utf-8")
    pyproject = catalogs.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8") +
                         'memory-files = ["memories/other.tmx"]\n', encoding="utf-8")
    application = next(app_of(catalogs))
    try:
        farid = Reviewer(application.test_client(), "farid")
        eid = next(e["id"] for e in farid.entries() if e["source"] == first)
        memory = farid.entry(eid)["suggestions"]["memory"]
        assert memory[0]["translation"] == "ترجمه‌ای از پروژه‌ای دیگر."
        assert memory[0]["doc"] == "other.tmx" and memory[0]["similarity"] >= 90
    finally:
        services(application).close()
