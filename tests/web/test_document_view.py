"""The editor's document view, paragraph sign-off, neighbours, machine suggestions and fast
saving, in Debian's Chromium against the real server on loopback, with a LibreTranslate
service on loopback as the engine the maintainer offers."""

from __future__ import annotations

import importlib
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from translate_letter.accounts import load_account
from translate_letter.catalog.entry import entry_id, messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import state_of
from translate_letter.cli import cli
from translate_letter.web import create_app
from translate_letter.web.services import services

from . import test_browser
from .conftest import add_people, po_translation, wait_for
from .test_browser import open_editor

# The browser and the signed-in pages of the editor's browser tests, over this module's site.
browser = test_browser.browser
open_as = test_browser.open_as

sys.path.insert(0, str(Path(__file__).parents[1] / "machine"))
mt_servers = importlib.import_module("mt_servers")

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# Paragraph 14 of the letter, in Persian; the second sentence drops "120 (1956)" and
# "4 November 1956": a QA error (numbers) that must block its approval.
PARAGRAPH = [
    "ما در گذشته نمونه‌ای دیده‌ایم که در آن شورا توانست پیوند میان نقض فاحش حقوق بشر و خطر "
    "بروز درگیری‌ها را برقرار کند.",
    "ما قطعنامهٔ مربوط به مجارستان را به شورا یادآوری می‌کنیم.",
    "شورا نشست ویژهٔ اضطراری مجمع عمومی را فراخواند (نگاه کنید به A/PV.564 تا A/PV.573) تا "
    "اقدامات مناسب انجام شود.",
    "ما از شورا می‌خواهیم در مورد وضعیت وخیم حقوق بشر در ایران نیز همین کار را بکند.",
]


class Site:
    def __init__(self, root: Path, url: str, app, libre) -> None:
        self.root = root
        self.url = url
        self.app = app
        self.libre = libre

    def po(self, lang: str = "fa") -> Path:
        return self.root / "locales" / lang / "LC_MESSAGES" / "letter.po"

    def sources(self) -> list[str]:
        return [m.id for m in messages(load_catalog(self.po()))]

    def entry(self, index: int) -> tuple[str, str]:
        source = self.sources()[index]
        return entry_id(source, None), source

    def paragraph(self, starts: str) -> list[str]:
        """The sources of the paragraph whose first sentence starts with ``starts``."""
        sources = self.sources()
        first = next(i for i, s in enumerate(sources) if s.startswith(starts))
        where = load_catalog(self.po()).get(sources[first]).auto_comments[0]
        place = where.split(",")[0]
        return [s for s in sources[first:first + 8]
                if load_catalog(self.po()).get(s).auto_comments[0].split(",")[0] == place]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    libre = mt_servers.LibreTranslateServer()
    environment = pytest.MonkeyPatch()
    environment.setenv("LIBRETRANSLATE_URL", libre.url)
    root = tmp_path_factory.mktemp("document")
    shutil.copytree(REPO / "source", root / "source")
    (root / "pyproject.toml").write_text(
        '[tool.translate-letter]\nlanguages = ["fa", "fr", "ar"]\n'
        'suggestion-engines = ["libretranslate"]\n', encoding="utf-8")
    runner = CliRunner()
    for args in (["extract"], ["update"]):
        result = runner.invoke(cli, ["-C", str(root), *args])
        assert result.exit_code == 0, result.output
    app = create_app({"PROJECT_ROOT": root, "FLUSH_DELAY": 0.1})
    add_people(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(root, f"http://127.0.0.1:{server.server_port}", app, libre)
    server.shutdown()
    services(app).workspace.close()
    libre.stop()
    environment.undo()


def confirm_each(page: Page, *answers: bool) -> list[str]:
    """The messages of the confirmations the page asks for from now on; each is answered
    by the next of ``answers`` (accepted once they run out)."""
    asked: list[str] = []
    left = list(answers)

    def answer(dialog) -> None:
        asked.append(dialog.message)
        if left.pop(0) if left else True:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    return asked


def open_document(page: Page, site: Site, eid: str = "") -> None:
    page.goto(f"{site.url}/edit/letter/fa?view=document" + (f"#{eid}" if eid else ""))
    page.wait_for_selector("#editor[data-ready=true]", state="attached")


def translation_span(page: Page, eid: str):
    return page.locator(f'.doc-translation .sent[data-id="{eid}"]')


def test_document_view_keeps_the_layout_and_numbering_with_rtl_translation(site, open_as):
    page = open_as("farid")
    open_document(page, site)
    rows = page.locator(".doc-row")
    expect(page.locator("#document")).to_be_visible()
    assert page.locator("#panes").is_hidden()
    # Every block of the letter is a row, in the source's order: paragraphs, bullets, the
    # numbered signatories (numbers in Persian digits in the translation column).
    assert rows.count() == 47
    expect(rows.first.locator(".doc-source")).to_contain_text("14 human rights lawyers")
    assert page.locator(".doc-row.kind-bulleted").count() == 8
    numbered = page.locator(".doc-row.kind-numbered")
    assert numbered.count() == 14
    expect(numbered.nth(0).locator(".doc-source .doc-marker")).to_have_text("1.")
    expect(numbered.nth(13).locator(".doc-source .doc-marker")).to_have_text("14.")
    expect(numbered.nth(13).locator(".doc-translation .doc-marker")).to_have_text("۱۴.")
    expect(numbered.nth(13).locator(".doc-source")).to_contain_text("Daniel Rasteen")
    # The first bullets follow each other without a blank line; the third has one before it.
    bullets = page.locator(".doc-row.kind-bulleted")
    assert "gap" not in bullets.nth(1).get_attribute("class")
    assert "gap" in bullets.nth(2).get_attribute("class")
    translation = rows.first.locator(".doc-translation")
    assert translation.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert translation.get_attribute("lang") == "fa"
    assert rows.first.locator(".doc-source").evaluate(
        "e => getComputedStyle(e).direction") == "ltr"


def test_click_type_and_save_changes_the_running_text_and_the_po_file(site, open_as):
    eid, source = site.entry(3)  # "Dear President Kelly Craft,"
    next_id, _ = site.entry(4)
    page = open_as("farid")
    open_document(page, site)
    page.locator(f'.doc-source .sent[data-id="{eid}"]').click()
    field = page.locator("#translation")
    expect(field).to_be_focused()
    # The editing box opens under the sentence's paragraph, inside the document.
    assert page.locator(".doc-row + #edit-box").count() == 1
    text = "جناب رئیس، خانم کلی کرافت گرامی،"
    field.fill(text)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#message")).to_have_text("Saved (translated).")
    expect(translation_span(page, eid)).to_have_text(text)
    expect(translation_span(page, eid)).to_have_class(re.compile("state-translated"))
    expect(translation_span(page, next_id)).to_have_class(re.compile("current"))
    assert wait_for(lambda: po_translation(site.po(), source) == text)
    # Back to the segment view on the same sentence, and to the document again.
    page.keyboard.press("Alt+ArrowUp")
    page.click("#view-toggle")
    expect(page.locator(f'.row.current[data-id="{eid}"]')).to_have_count(1)
    expect(field).to_have_value(text)
    assert "view=document" not in page.url
    page.click("#view-toggle")
    expect(translation_span(page, eid)).to_have_class(re.compile("current"))
    assert "view=document" in page.url


def test_reviewer_approves_a_paragraph_but_not_the_sentence_with_a_qa_error(site, open_as):
    sources = site.paragraph("We have seen in an instance in the past")
    assert len(sources) == 4
    workspace = services(site.app).workspace
    farid = load_account(services(site.app).db, "farid")
    for source, text in zip(sources, PARAGRAPH, strict=True):
        eid = entry_id(source, None)
        version = workspace.catalog("letter", "fa").entries[eid].version
        services(site.app).commands.save(farid, "letter", "fa", eid, text, "translated", version)
    planted = entry_id(sources[1], None)
    page = open_as("roya")
    open_document(page, site, planted)
    span = translation_span(page, planted)
    expect(span.locator(".qa-mark.error")).to_have_count(1)
    asked = confirm_each(page)
    span.locator("xpath=ancestor::div[contains(@class,'doc-row')]").locator(
        ".approve-block").click()
    expect(page.locator("#signoff-summary")).to_have_text("3 approved. Not approved (1):")
    assert asked == ["Approve 4 translated entries?"]
    refused = page.locator("#signoff-refused li")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(sources[1])
    expect(refused).to_contain_text("QA errors block approval")
    for source in sources:
        expect(translation_span(page, entry_id(source, None))).to_have_class(
            re.compile("state-translated" if source == sources[1] else "state-approved"))

    def states() -> list[str]:
        catalog = load_catalog(site.po())
        return [str(state_of(catalog.get(source))) for source in sources]

    assert wait_for(lambda: states() == ["approved", "translated", "approved", "approved"])


def test_segment_view_shows_the_sentences_before_and_after(site, open_as):
    sources = site.sources()
    eid, _ = site.entry(5)
    page = open_as("farid")
    open_editor(page, site, eid)
    expect(page.locator("#context-before")).to_contain_text(sources[4])
    expect(page.locator("#context-after")).to_contain_text(sources[6])
    expect(page.locator("#source")).to_have_text(sources[5])
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#context-before")).to_contain_text(sources[5])
    expect(page.locator("#context-after")).to_contain_text(sources[7])
    page.locator("#context-before").click()
    expect(page.locator("#source")).to_have_text(sources[5])


def test_machine_suggestion_from_the_offered_engine_is_inserted_with_its_key(site, open_as):
    eid, source = site.entry(8)
    page = open_as("farid")
    open_editor(page, site, eid)
    before = len(site.libre.texts())
    page.locator("#translation").click()
    page.keyboard.press("Control+m")
    item = page.locator('#machine li[data-engine="libretranslate"]')
    expect(item).to_contain_text("mt:libretranslate")
    expect(item).to_contain_text("[fa]")
    expect(page.locator("#machine")).to_contain_text("memory")
    page.keyboard.press("Control+m")
    page.keyboard.press("1")
    suggestion = item.locator(".suggestion").text_content()
    expect(page.locator("#translation")).to_have_value(suggestion)
    assert site.libre.texts()[before:]  # the engine was asked
    page.keyboard.press("Control+Enter")
    expect(page.locator("#message")).to_have_text("Saved (translated).")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#history")).to_contain_text("from mt:libretranslate")
    assert wait_for(lambda: po_translation(site.po(), source) == suggestion)
    # Asked again (a new page), the answer comes from pretranslate's cache.
    asked = len(site.libre.texts())
    open_editor(page, site, eid)
    page.click("#ask-machines")
    expect(item).to_contain_text("[fa]")
    assert len(site.libre.texts()) == asked


def test_thirty_fast_saves_in_one_tab_send_the_version_last_received(site, open_as):
    eid, source = site.entry(9)
    page = open_as("farid")
    open_editor(page, site, eid)
    sent: list[int] = []
    page.on("request", lambda r: sent.append(r.post_data_json["version"])
            if r.method == "PUT" else None)
    field = page.locator("#translation")
    for n in range(30):
        field.fill(f"ترجمهٔ شمارهٔ {n + 1}")
        page.keyboard.press("Control+Enter")
        page.keyboard.press("Alt+ArrowUp")  # back at once, before the answer arrives
    expect(page.locator("#message")).to_have_text("Saved (translated).")
    expect(page.locator("#conflict")).to_be_hidden()
    assert len(sent) == 30
    assert sent == list(range(sent[0], sent[0] + 30))
    assert wait_for(lambda: po_translation(site.po(), source) == "ترجمهٔ شمارهٔ 30")


def test_a_stale_second_tab_gets_409_and_keeps_its_text(site, open_as):
    eid, source = site.entry(10)
    first = open_as("farid")
    second = first.context.new_page()
    for page in (first, second):
        open_editor(page, site, eid)
    first.locator("#translation").fill("متن نخستین زبانه")
    first.keyboard.press("Control+Enter")
    expect(first.locator("#message")).to_have_text("Saved (translated).")
    typed = "متن زبانهٔ دوم"
    second.locator("#translation").fill(typed)
    second.keyboard.press("Control+Enter")
    expect(second.locator("#conflict")).to_be_visible()
    expect(second.locator("#translation")).to_have_value(typed)
    expect(second.locator("#mine-text")).to_have_text(typed)
    assert po_translation(site.po(), source) in ("", "متن نخستین زبانه")


def test_reviewer_approves_everything_the_segment_view_shows(site, open_as):
    sources = site.paragraph("As you know, the UN Human Rights Council-appointed")
    workspace = services(site.app).workspace
    farid = load_account(services(site.app).db, "farid")
    eid = entry_id(sources[2], None)
    version = workspace.catalog("letter", "fa").entries[eid].version
    text = "از این رو خواستار بحث رسمی شورا دربارهٔ وضعیت حقوق بشر در ایران هستیم."
    services(site.app).commands.save(farid, "letter", "fa", eid, text, "translated", version)
    page = open_as("roya")
    open_editor(page, site)
    page.locator("#search").fill("therefore hereby urging")
    expect(page.locator("#count")).to_have_text(re.compile(r"^1 of \d+ entries$"))
    asked = confirm_each(page)
    page.click("#approve-shown")
    expect(page.locator("#signoff-summary")).to_have_text("1 approved.")
    assert asked == ["Approve 1 translated entry?"]
    expect(page.locator(f'.row[data-id="{eid}"]')).to_have_class(re.compile("state-approved"))
    assert wait_for(lambda: str(state_of(load_catalog(site.po()).get(sources[2]))) == "approved")
    # The sentences before it, untranslated and not shown, were left alone.
    assert str(state_of(load_catalog(site.po()).get(sources[0]))) == "untranslated"


def test_a_paragraphs_sign_off_approves_only_what_another_person_translated(site, open_as):
    sources = site.paragraph("As outlined above, the aforementioned reports")
    assert len(sources) == 4
    shipped = load_catalog(REPO / "locales" / "fa" / "LC_MESSAGES" / "letter.po")
    texts = [shipped.get(source).string for source in sources]
    workspace = services(site.app).workspace
    db = services(site.app).db
    saves = [("farid", "translated"), ("farid", "draft"), ("roya", "translated")]
    for source, text, (name, state) in zip(sources, texts, saves, strict=False):
        eid = entry_id(source, None)
        version = workspace.catalog("letter", "fa").entries[eid].version
        services(site.app).commands.save(load_account(db, name), "letter", "fa", eid, text,
                                         state, version)
    ids = [entry_id(source, None) for source in sources]
    page = open_as("roya")
    open_document(page, site, ids[2])
    block = translation_span(page, ids[0]).locator(
        "xpath=ancestor::div[contains(@class,'doc-row')]").locator(".approve-block")
    asked = confirm_each(page, False)
    block.click()
    expect(page.locator("#message")).to_have_text("Nothing was approved.")
    question = ("Approve 1 translated entry?\n\n1 draft is left as it is: a draft is approved "
                "by someone who opens it. 1 translation you saved is left for another reviewer.")
    assert asked == [question]
    assert str(state_of(load_catalog(site.po()).get(sources[0]))) == "translated"
    block.click()
    expect(page.locator("#signoff-summary")).to_have_text("1 approved.")
    assert asked == [question, question]
    expect(translation_span(page, ids[0])).to_have_class(re.compile("state-approved"))
    expect(translation_span(page, ids[1])).to_have_class(re.compile("state-draft"))
    expect(translation_span(page, ids[2])).to_have_class(re.compile("state-translated"))

    def states() -> list[str]:
        catalog = load_catalog(site.po())
        return [str(state_of(catalog.get(source))) for source in sources]

    assert wait_for(lambda: states() == ["approved", "draft", "translated", "untranslated"])
    # Her own sentence, approved alone in the document view, is refused with the reason.
    translation_span(page, ids[2]).click()
    page.keyboard.press("Control+Shift+Enter")
    expect(page.locator("#message")).to_contain_text(
        "roya saved this translation last: another reviewer approves it (four eyes)")
