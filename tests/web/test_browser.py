"""The editor in a real browser (Debian's Chromium through Playwright) against the real
server on loopback. One server and one browser serve the whole module."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from translate_letter.catalog.entry import entry_id, messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_translated, state_of
from translate_letter.catalog.writer import save_catalog
from translate_letter.cli import cli
from translate_letter.web import create_app
from translate_letter.web.services import services

from ..conftest import sign_in_page
from .conftest import PASSWORD, add_people, po_translation, wait_for

REPO = Path(__file__).resolve().parents[2]
BIG_ENTRIES = 5000


class Site:
    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.url = url

    def po(self, lang: str = "fa", doc: str = "letter") -> Path:
        return self.root / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"

    def entry(self, index: int) -> tuple[str, str]:
        """(id, source) of the index-th entry of the Persian letter."""
        source = messages(load_catalog(self.po()))[index].id
        return entry_id(source, None), source


def write_big_document(root: Path) -> None:
    """Beside the letter, a 5,000-sentence document; the real CLI extracts both and makes
    their (empty) catalogs."""
    paragraphs = [" ".join(f"Statement {n} asks the Council to review case number {n}."
                           for n in range(p * 5, p * 5 + 5)) for p in range(BIG_ENTRIES // 5)]
    (root / "source" / "big.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    runner = CliRunner()
    for args in (["extract"], ["update"]):
        result = runner.invoke(cli, ["-C", str(root), *args])
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    write_big_document(root)
    app = create_app({"PROJECT_ROOT": root, "FLUSH_DELAY": 0.1})
    add_people(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(root, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    services(app).workspace.close()


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Browser:
    return chromium


@pytest.fixture
def open_as(site: Site, browser: Browser):
    """A fresh browser context signed in as a person; returns its page."""
    contexts = []

    def sign_in(name: str) -> Page:
        context = browser.new_context()
        contexts.append(context)
        return sign_in_page(context.new_page(), site.url, name, PASSWORD)

    yield sign_in
    for context in contexts:
        context.close()


def open_editor(page: Page, site: Site, eid: str = "", doc: str = "letter",
                lang: str = "fa") -> None:
    page.goto(f"{site.url}/edit/{doc}/{lang}" + (f"#{eid}" if eid else ""))
    page.wait_for_selector("#editor[data-ready=true]", state="attached")


def test_persian_edit_saved_with_ctrl_enter_is_there_after_reload_and_in_the_po(site,
                                                                                  open_as):
    first, source = site.entry(0)
    second, _ = site.entry(1)
    text = "چهارده وکیل حقوق بشر از شورای امنیت (UN Security Council) خواستند اقدام کند."
    page = open_as("farid")
    open_editor(page, site)
    field = page.locator("#translation")
    assert field.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert field.get_attribute("lang") == "fa"
    field.fill(text)
    page.keyboard.press("Control+Enter")
    expect(page.locator(f'.row.current[data-id="{second}"]')).to_have_count(1)
    expect(page.locator("#message")).to_have_text("Saved (translated).")
    page.reload()
    page.wait_for_selector("#editor[data-ready=true]", state="attached")
    expect(page.locator(f'.row[data-id="{first}"] .row-translation')).to_have_text(text)
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(f'.row.current[data-id="{first}"]')).to_have_count(1)
    expect(field).to_have_value(text)
    expect(page.locator("#state")).to_have_text("translated")
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator(f'.row.current[data-id="{second}"]')).to_have_count(1)
    assert wait_for(lambda: po_translation(site.po(), source) == text)


def test_markup_in_a_translation_is_shown_as_text_and_runs_nothing(site, open_as):
    eid, source = site.entry(2)
    payload = "<img src=x onerror=alert(1)> ترجمه"
    page = open_as("farid")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_editor(page, site, eid)
    page.locator("#translation").fill(payload)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#message")).to_have_text(re.compile("Saved"))
    page.reload()
    page.wait_for_selector("#editor[data-ready=true]", state="attached")
    row = page.locator(f'.row[data-id="{eid}"] .row-translation')
    expect(row).to_have_text(payload)
    page.locator(f'.row[data-id="{eid}"]').click()
    expect(page.locator("#history")).to_contain_text(payload)
    assert page.locator("#list img, #entry img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    assert wait_for(lambda: po_translation(site.po(), source) == payload)


def test_second_editor_sees_the_conflict_and_keeps_what_it_typed(site, open_as):
    eid, source = site.entry(3)
    first, second = open_as("farid"), open_as("fatemeh")
    for page in (first, second):
        open_editor(page, site, eid)
    first.locator("#translation").fill("رئیس محترم، خانم کلی کرافت،")
    first.keyboard.press("Control+Enter")
    expect(first.locator("#message")).to_have_text(re.compile("Saved"))
    typed = "جناب رئیس، خانم کرافت گرامی،"
    second.locator("#translation").fill(typed)
    second.keyboard.press("Control+Enter")
    expect(second.locator("#conflict")).to_be_visible()
    expect(second.locator("#theirs-text")).to_have_text("رئیس محترم، خانم کلی کرافت،")
    expect(second.locator("#theirs-author")).to_have_text("farid")
    expect(second.locator("#mine-text")).to_have_text(typed)
    expect(second.locator("#translation")).to_have_value(typed)
    second.click("#keep-mine")
    expect(second.locator("#message")).to_have_text(re.compile("Saved"))
    assert wait_for(lambda: po_translation(site.po(), source) == typed)


def test_unsaved_text_comes_back_after_a_reload_and_saves_against_its_version(site, open_as):
    eid, source = site.entry(6)
    page = open_as("farid")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved text?"
    open_editor(page, site, eid)
    typed = "متنی که هنوز ذخیره نشده است"
    page.locator("#translation").fill(typed)
    page.reload()
    page.wait_for_selector("#editor[data-ready=true]", state="attached")
    expect(page.locator("#translation")).to_have_value(typed)
    expect(page.locator(f'.row[data-id="{eid}"] .unsaved-mark')).to_have_count(1)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#message")).to_have_text("Saved (translated).")
    assert wait_for(lambda: po_translation(site.po(), source) == typed)


def test_french_translator_cannot_change_a_persian_entry(site, open_as):
    eid, source = site.entry(4)
    page = open_as("fred")
    assert "Persian" not in page.locator("main").text_content()
    response = page.goto(f"{site.url}/edit/letter/fa")
    assert response.status == 403
    open_editor(page, site, lang="fr")
    status = page.evaluate("""async (eid) => {
        const token = document.querySelector('meta[name="csrf-token"]').content;
        const response = await fetch(`/api/letter/fa/entries/${eid}`, {
            method: "PUT", headers: {"Content-Type": "application/json", "X-CSRFToken": token},
            body: JSON.stringify({translation: "Piraté", state: "translated", version: 1})});
        return response.status;
    }""", eid)
    assert status == 403
    assert po_translation(site.po(), source) == ""


def test_reviewer_approves_anothers_text_with_the_shortcut_but_not_their_own(site, open_as):
    eid, source = site.entry(7)  # no number, symbol or name for the QA checks to miss
    text = "از این رو خواستار بحث رسمی شورا دربارهٔ وضعیت حقوق بشر در ایران هستیم."
    translator = open_as("farid")
    open_editor(translator, site, eid)
    translator.locator("#translation").fill(text)
    translator.keyboard.press("Control+Enter")
    expect(translator.locator("#message")).to_have_text("Saved (translated).")
    page = open_as("roya")
    open_editor(page, site, eid)
    expect(page.locator("#translation")).to_have_value(text)
    page.keyboard.press("Control+Shift+Enter")
    expect(page.locator("#message")).to_have_text("Saved (approved).")

    def approved() -> bool:
        message = load_catalog(site.po()).get(source)
        return str(state_of(message)) == "approved"

    assert wait_for(approved)
    # Her own text, typed and approved at once, is refused with the reason and kept.
    own, own_source = site.entry(9)
    page.goto(site.url + "/dashboard")  # a new page: the editor reads its entry at load
    open_editor(page, site, own)
    mine = "متنی که رویا خودش نوشته است."
    page.locator("#translation").fill(mine)
    page.keyboard.press("Control+Shift+Enter")
    expect(page.locator("#message")).to_contain_text(
        "under four eyes a reviewer who changes a text does not approve it")
    expect(page.locator("#translation")).to_have_value(mine)
    page.keyboard.press("Control+Enter")
    assert wait_for(lambda: po_translation(site.po(), own_source) == mine)
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#message")).to_have_text(
        "You saved this translation last: another reviewer approves it.")
    assert str(state_of(load_catalog(site.po()).get(own_source))) == "translated"


def test_five_thousand_entries_load_at_once_and_draw_only_what_is_visible(site, open_as):
    page = open_as("farid")
    open_editor(page, site, doc="big")
    count = page.locator("#count").text_content()
    # Counts are written as the interface language writes numbers: "5,000" in English.
    total = int(re.fullmatch(r"([\d,]+) of ([\d,]+) entries", count).group(2).replace(",", ""))
    assert total >= BIG_ENTRIES
    assert page.locator(".row").count() < 60
    page.locator("#list").evaluate("list => { list.scrollTop = list.scrollHeight; }")
    expect(page.locator(".row").last).to_contain_text("Statement 4999")
    page.locator("#search").fill("case number 4321.")
    expect(page.locator("#count")).to_have_text(f"1 of {total:,} entries")
    expect(page.locator("#source")).to_have_text(
        "Statement 4321 asks the Council to review case number 4321.")


# ---- the interface languages ------------------------------------------------------------------

PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹٬")


def switch_to(page: Page, lang: str) -> None:
    """Choose the interface language with the switcher in the header."""
    page.locator(f".languages button[value={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_persian_interface_mirrors_the_chrome_but_not_the_source_or_a_french_field(site,
                                                                                     open_as):
    page = open_as("maya")
    switch_to(page, "fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    nav = page.locator(".topbar nav")
    for name in ("پیشخوان", "بارگیری‌ها", "اتاق مطالعه", "حساب‌ها", "حساب شما"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="خروج")).to_be_visible()
    expect(page.locator("h1")).to_have_text("پیشخوان")
    # The layout mirrors: the brand is at the right edge, the sign-out at the left.
    assert page.locator(".brand").bounding_box()["x"] > page.locator(".signout").bounding_box()["x"]
    # Progress in Persian digits, with the Persian thousands separator (the big document).
    counts = page.locator(".progress-table td.num").all_inner_texts()
    assert any(re.fullmatch("۵٬۰[۰-۹]{2}", text) for text in counts), counts
    assert all(set(text) <= PERSIAN_DIGITS for text in counts if text), counts
    assert set(page.locator(".done").first.inner_text()) & PERSIAN_DIGITS

    open_editor(page, site, lang="fr")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    field = page.locator("#translation")
    assert page.locator("#source").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert field.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert field.get_attribute("lang") == "fr"
    # Buttons and the scripts' own strings in Persian, numbers in Persian digits.
    expect(page.locator("#save")).to_contain_text("ذخیره")
    expect(page.locator("#approve")).to_contain_text("تأیید")
    expect(page.locator("#state")).to_have_text("ترجمه‌نشده")
    expect(page.locator("#count")).to_have_text("۶۵ از ۶۵ مدخل")
    expect(page.locator("#version")).to_have_text("نسخهٔ ۱")
    expect(page.locator("#where")).to_have_text("بند ۱، جملهٔ ۱")
    field.fill("Quatorze avocats écrivent au Conseil de sécurité.")
    page.locator("#save-draft").click()
    expect(page.locator("#message")).to_have_text("ذخیره شد (پیش‌نویس).")
    expect(page.locator("#version")).to_have_text("نسخهٔ ۲")


def test_a_french_browser_gets_french_and_a_chosen_language_survives_signing_out_and_in(
        site, browser):
    contexts = [browser.new_context(locale="fr-FR") for _ in range(2)]
    try:
        page = contexts[0].new_page()
        page.goto(site.url + "/login")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("h1")).to_have_text("Se connecter")
        expect(page.locator("main button[type=submit]")).to_have_text("Se connecter")
        sign_in_page(page, site.url, "fred", PASSWORD)
        expect(page.locator("h1")).to_have_text("Tableau de bord")
        switch_to(page, "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("h1")).to_have_text("لوحة المتابعة")
        page.get_by_role("button", name="تسجيل الخروج").click()
        page.wait_for_url(site.url + "/login")
        expect(page.locator("h1")).to_have_text("تسجيل الدخول")  # still Arabic, signed out
        # Another browser that asks for French: once signed in, the account's choice wins.
        other = contexts[1].new_page()
        other.goto(site.url + "/login")
        expect(other.locator("h1")).to_have_text("Se connecter")
        sign_in_page(other, site.url, "fred", PASSWORD)
        expect(other.locator("html")).to_have_attribute("lang", "ar")
        expect(other.locator("h1")).to_have_text("لوحة المتابعة")
    finally:
        for context in contexts:
            context.close()


def test_ctrl_m_with_the_memory_alone_says_where_engines_are_set_up(site, open_as):
    page = open_as("farid")
    open_editor(page, site)
    page.locator("#translation").focus()
    page.keyboard.press("Control+m")
    hint = page.locator("#machine #no-engines")
    expect(hint).to_have_count(1)
    assert "suggestion-engines" in hint.inner_text()
    assert page.locator('#machine li strong').first.inner_text() == "memory"


def test_a_text_changed_in_the_po_file_shows_its_provenance_in_the_history(site, open_as):
    """An import (or any tool) writes who translated the text into the file; the history
    shows it as the file's word, beside "changed in the PO file", never as an account's."""
    eid, source = site.entry(12)
    catalog = load_catalog(site.po())
    mark_translated(catalog.get(source), "متن از ابزار ترجمه.", "leila", "2026-12-05",
                    via="import:letter-fa.xlf")
    save_catalog(site.po(), catalog)
    page = open_as("farid")
    open_editor(page, site, eid)
    newest = page.locator("#history li").first

    def shown() -> bool:
        if "import:letter-fa.xlf" in newest.inner_text():
            return True
        page.reload()
        page.wait_for_selector("#editor[data-ready=true]", state="attached")
        return False

    assert wait_for(shown, timeout=30)
    expect(newest).to_contain_text("changed in the PO file")
    expect(newest).to_contain_text(
        "the file's comment: translated leila 2026-12-05 import:letter-fa.xlf")
    expect(newest.locator("strong")).to_have_text("changed in the PO file")
