"""The interface languages in a real browser (Debian's Chromium) against the real server on
loopback: right-to-left chrome, Persian digits, text fields that follow their own language."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from translate_letter.cli import cli
from translate_letter.web import create_app

from .conftest import PASSWORD, add_people

REPO = Path(__file__).resolve().parents[2]
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    for args in (["extract"], ["update"]):
        assert CliRunner().invoke(cli, ["-C", str(root), *args]).exit_code == 0
    app = create_app({"PROJECT_ROOT": root, "FLUSH_DELAY": 0.1})
    add_people(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["review"].close()


@pytest.fixture
def new_page(browser: Browser):
    """A page in a fresh browser context (``locale`` sets its Accept-Language)."""
    contexts = []

    def open_page(locale: str = "en-US") -> Page:
        context = browser.new_context(locale=locale)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page: Page, site: str, name: str) -> None:
    page.goto(site + "/login")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(site + "/")


def switch_to(page: Page, lang: str) -> None:
    page.locator(f".languages button[value={lang}]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_persian_interface_is_right_to_left_with_persian_words_and_digits(site, new_page):
    page = new_page()
    sign_in(page, site, "maya")
    switch_to(page, "fa")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    nav = page.locator(".topbar nav")
    expect(nav.get_by_role("link", name="پیشخوان")).to_be_visible()
    expect(nav.get_by_role("link", name="بارگیری‌ها")).to_be_visible()
    expect(page.get_by_role("button", name="خروج")).to_be_visible()
    # The layout mirrors: the brand is at the right edge, the sign-out at the left.
    brand = page.locator(".brand").bounding_box()
    signout = page.locator(".signout").bounding_box()
    assert brand["x"] > signout["x"]
    # Progress numbers in Persian digits: 65 untranslated entries in each language.
    counts = page.locator(".progress-table td.num").all_inner_texts()
    assert "۶۵" in counts
    assert all(set(text) <= PERSIAN_DIGITS for text in counts if text), counts
    assert set(page.locator(".done").first.inner_text()) & PERSIAN_DIGITS


def test_editor_in_persian_keeps_english_source_and_french_field_left_to_right(site, new_page):
    page = new_page()
    sign_in(page, site, "maya")
    switch_to(page, "fa")
    page.goto(site + "/edit/letter/fr")
    page.wait_for_selector("#editor[data-ready=true]", state="attached")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    source = page.locator("#source")
    field = page.locator("#translation")
    assert source.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert field.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert field.get_attribute("lang") == "fr"
    # Buttons and the scripts' own strings are Persian, counts in Persian digits.
    expect(page.locator("#save")).to_contain_text("ذخیره")
    expect(page.locator("#approve")).to_contain_text("تأیید")
    expect(page.locator("#state")).to_have_text("ترجمه‌نشده")
    expect(page.locator("#count")).to_have_text("۶۵ از ۶۵ مدخل")
    expect(page.locator("#version")).to_have_text("نسخهٔ ۱")
    expect(page.locator("#where")).to_have_text("بند ۱، جملهٔ ۱")
    # Saving speaks Persian too; the saved text is French, ltr.
    field.fill("Quatorze avocats écrivent au Conseil de sécurité.")
    page.locator("#save-draft").click()
    expect(page.locator("#message")).to_have_text("ذخیره شد (پیش‌نویس).")
    expect(page.locator("#version")).to_have_text("نسخهٔ ۲")


def test_a_signed_out_french_browser_gets_french(site, new_page):
    page = new_page("fr-FR")
    page.goto(site + "/login")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Se connecter")
    expect(page.locator("main button[type=submit]")).to_have_text("Se connecter")


def test_the_choice_survives_signing_out_and_in(site, new_page):
    page = new_page("fr-FR")
    sign_in(page, site, "roya")
    expect(page.locator("h1")).to_have_text("Tableau de bord")
    switch_to(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("لوحة المتابعة")
    page.get_by_role("button", name="تسجيل الخروج").click()
    page.wait_for_url(site + "/login")
    expect(page.locator("h1")).to_have_text("تسجيل الدخول")  # still Arabic, signed out
    # Another browser that asks for French: once signed in, the account's choice wins.
    other = new_page("fr-FR")
    other.goto(site + "/login")
    expect(other.locator("h1")).to_have_text("Se connecter")
    sign_in(other, site, "roya")
    expect(other.locator("html")).to_have_attribute("lang", "ar")
    expect(other.locator("h1")).to_have_text("لوحة المتابعة")
