"""The reading room in Chromium, without an account: on the review app's server and as the
static site that ``publish`` writes, opened from file://."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from translate_letter.render import MEDIA_TYPES

from ..conftest import sign_in_page
from .conftest import MAINTAINER, PASSWORD, approved, drafts

pytestmark = pytest.mark.slow

DOWNLOADS = ["letter.txt", "letter.md", "letter.html", "letter.pdf", "letter.docx",
             "letter.bilingual.html", "letter.bilingual.pdf", "letter.bilingual.docx"]


@pytest.fixture
def reader(chromium: Browser):
    """A browser page with no account."""
    context = chromium.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


def assert_persian_page(page: Page, project) -> None:
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    body = page.locator("main").inner_text()
    sample = [t for _, t in approved(project, "fa")][:5]
    assert all(text in body for text in sample)
    font = page.evaluate("getComputedStyle(document.querySelector('main p')).fontFamily")
    assert font.startswith('"Noto Naskh Arabic"')
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'فارسی')")
    assert page.locator(".reading-bar").evaluate("e => getComputedStyle(e).display") == "flex"


def test_a_reader_finds_reads_switches_and_downloads(server, reader):
    page = reader
    complaints: list[str] = []  # a refused stylesheet or font (CSP, 404) shows here
    page.on("console", lambda message: complaints.append(message.text))
    page.on("requestfailed", lambda request: complaints.append(request.url))
    page.goto(server.url + "/")
    editions = page.locator(".editions a")
    expect(editions).to_have_text(["فارسی", "Français", "English"])
    page.get_by_role("link", name="فارسی").click()
    page.wait_for_url(server.url + "/read/letter/fa/")
    assert_persian_page(page, server.project)
    unreviewed = drafts(server.project, "fa")
    assert len(unreviewed) == 3
    text = page.content()
    assert not [d for d in unreviewed if d in text]

    page.locator("nav.languages").get_by_role("link", name="Français").click()
    page.wait_for_url(server.url + "/read/letter/fr/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The words around the letter are the reader's (this browser asks for English).
    expect(page.locator("#downloads h2")).to_have_text("Download the letter")
    page.locator("nav.languages").get_by_role("link", name="فارسی").click()
    page.wait_for_url(server.url + "/read/letter/fa/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    links = page.locator("#downloads a[download]")
    assert links.evaluate_all("(as) => as.map(a => a.getAttribute('href'))") == DOWNLOADS
    for index, name in enumerate(DOWNLOADS):
        link = links.nth(index)
        kind = MEDIA_TYPES[name.rsplit(".", 1)[1]].split(";")[0]
        assert link.get_attribute("type") == kind
        answer = page.request.get(link.evaluate("a => a.href"))
        assert answer.status == 200
        assert answer.headers["content-type"].startswith(kind)
        assert answer.headers["content-disposition"] == f"attachment; filename={name}"
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == name
    assert complaints == []


def test_an_unpublished_language_is_absent_and_404(server, reader):
    page = reader
    page.goto(server.url + "/")
    assert page.get_by_text("العربية").count() == 0
    page.goto(server.url + "/read/letter/fa/")
    assert page.locator("nav.languages").get_by_text("العربية").count() == 0
    assert page.locator('link[hreflang="ar"]').count() == 0
    response = page.goto(server.url + "/read/letter/ar")
    assert response.status == 404
    assert page.url == server.url + "/read/letter/ar/"
    for path in ("/", "/read/letter/fa/", "/read/letter/fr/", "/read/letter/en/"):
        page.goto(server.url + path)
        content = page.content()
        leaked = [d for d in drafts(server.project, "ar") if d in content]
        assert not leaked, path


def test_a_maintainer_withdraws_and_publishes_from_the_dashboard(server, chromium, reader):
    context = chromium.new_context()
    dashboard = sign_in_page(context.new_page(), server.url, MAINTAINER, PASSWORD)
    assert dashboard.locator("nav").get_by_role("link", name="Reading room").count() == 1
    persian = dashboard.locator('td.public[data-lang="fa"]')
    persian.get_by_role("button", name="Withdraw").click()
    dashboard.wait_for_url(server.url + "/dashboard")
    expect(persian).to_contain_text(f"withdrawn by {MAINTAINER} on ")
    assert reader.goto(server.url + "/read/letter/fa/").status == 404
    reader.goto(server.url + "/")
    expect(reader.locator(".editions a")).to_have_text(["Français", "English"])

    arabic = dashboard.locator('td.public[data-lang="ar"]')
    arabic.get_by_role("button", name="Publish").click()
    dashboard.wait_for_url(server.url + "/dashboard")
    expect(arabic).to_contain_text(f"published by {MAINTAINER} on ")
    assert reader.goto(server.url + "/read/letter/ar/").status == 200
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    reader.goto(server.url + "/")
    expect(reader.locator(".editions a")).to_have_text(["Français", "العربية", "English"])
    persian.get_by_role("button", name="Follow the rule").click()
    dashboard.wait_for_url(server.url + "/dashboard")
    assert reader.goto(server.url + "/read/letter/fa/").status == 200
    context.close()


def test_the_static_site_opens_from_file_urls(published, tmp_path, reader):
    out = tmp_path / "mirror"
    assert published.run("publish", "-o", str(out)).exit_code == 1  # Arabic left out
    page = reader
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((out / "index.html").as_uri())
    expect(page.locator(".editions a")).to_have_text(["فارسی", "Français", "English"])
    page.get_by_role("link", name="فارسی").click()
    page.wait_for_url((out / "read" / "letter" / "fa" / "index.html").as_uri())
    assert_persian_page(page, published)
    page.locator("nav.languages").get_by_role("link", name="Français").click()
    page.wait_for_url((out / "read" / "letter" / "fr" / "index.html").as_uri())
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="Toutes les lettres").click()
    page.wait_for_url((out / "index.html").as_uri())
    assert failed == []
