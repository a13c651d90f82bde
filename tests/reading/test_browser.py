"""The reading room in Chromium, without an account: on the review app's server and as the
static site that ``publish`` writes, opened from file://."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.render import MEDIA_TYPES

from ..conftest import read_page, sign_in_page
from .conftest import FRENCH_APPROVED, MAINTAINER, PASSWORD, approved, drafts

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
    read_page(page, server.url + "/read/letter/fa/")
    assert page.locator("nav.languages").get_by_text("العربية").count() == 0
    assert page.locator('link[hreflang="ar"]').count() == 0
    response = page.goto(server.url + "/read/letter/ar")
    assert response.status == 404
    assert page.url == server.url + "/read/letter/ar/"
    for path in ("/", "/read/letter/fa/", "/read/letter/fr/", "/read/letter/en/"):
        read_page(page, server.url + path)
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
    arabic.get_by_role("button", name="Publish below the rule…").click()
    dashboard.wait_for_url(server.url + "/publishing/letter/ar")
    dashboard.get_by_role("checkbox").check()
    dashboard.get_by_role("textbox").fill("ar")
    dashboard.get_by_role("button", name="Publish Arabic below the rule").click()
    dashboard.wait_for_url(server.url + "/dashboard")
    expect(arabic).to_contain_text(f"published by {MAINTAINER} on ")
    assert read_page(reader, server.url + "/read/letter/ar/").status == 200
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    reader.goto(server.url + "/")
    expect(reader.locator(".editions a")).to_have_text(["Français", "العربية", "English"])
    persian.get_by_role("button", name="Follow the rule").click()
    dashboard.wait_for_url(server.url + "/dashboard")
    assert read_page(reader, server.url + "/read/letter/fa/").status == 200
    context.close()


# Every text of the letter's body with the language of its nearest element that names one,
# and the direction of that element.
TEXT_LANGUAGES = """() => {
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement.closest("[lang]");
    found.push([node.textContent, owner.getAttribute("lang"), owner.getAttribute("dir")]);
  }
  return found;
}"""


def test_a_maintainer_publishes_french_at_a_tenth_after_two_confirmations(partial_server,
                                                                          chromium, reader):
    server = partial_server
    context = chromium.new_context()
    dashboard = sign_in_page(context.new_page(), server.url, MAINTAINER, PASSWORD)
    french = dashboard.locator('td.public[data-lang="fr"]')
    expect(french).to_contain_text("is 9% approved, below the 100% the publishing rule asks")
    french.get_by_role("button", name="Publish below the rule…").click()
    dashboard.wait_for_url(server.url + "/publishing/letter/fr")
    expect(dashboard.locator("h1")).to_have_text("Publish French below the publishing rule?")
    expect(dashboard.locator("blockquote")).to_have_text(
        "Traduction partielle : les passages en anglais ne sont pas encore traduits.")
    # The first confirmation alone does not publish: the code must be typed too.
    dashboard.get_by_role("checkbox").check()
    dashboard.get_by_role("textbox").fill("fa")
    dashboard.get_by_role("button", name="Publish French below the rule").click()
    expect(dashboard.locator('[role="alert"]')).to_have_text(
        "type the language's code, fr, to confirm")
    assert reader.goto(server.url + "/read/letter/fr/").status == 404
    dashboard.get_by_role("checkbox").check()
    dashboard.get_by_role("textbox").fill("fr")
    dashboard.get_by_role("button", name="Publish French below the rule").click()
    dashboard.wait_for_url(server.url + "/dashboard")
    expect(french).to_contain_text(f"published by {MAINTAINER} on ")
    context.close()

    assert read_page(reader, server.url + "/read/letter/fr/").status == 200
    notice = reader.locator("aside.notice p")
    expect(notice).to_be_visible()
    expect(notice).to_have_text(
        "Traduction partielle : les passages en anglais ne sont pas encore traduits.")
    assert notice.get_attribute("lang") == "fr"
    catalog = load_catalog(server.project.po("fr"))
    entries = messages(catalog)
    untranslated = [m.id for m in entries[FRENCH_APPROVED:] if not m.context]
    translated = [m.string for m in entries[:FRENCH_APPROVED]]
    texts = reader.evaluate(TEXT_LANGUAGES)
    english = " ".join("".join(t for t, lang, _ in texts if lang == "en").split())
    french_text = " ".join("".join(t for t, lang, _ in texts if lang == "fr").split())
    assert untranslated and [s for s in untranslated if s not in english] == []
    assert not [source for source in untranslated if source in french_text]
    assert all(" ".join(text.split()) in french_text for text in translated)
    assert {d for _, lang, d in texts if lang == "en"} == {"ltr"}
    assert set(reader.locator("main [lang=en]").evaluate_all(
        "els => els.map(e => e.getAttribute('dir'))")) == {"ltr"}


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
