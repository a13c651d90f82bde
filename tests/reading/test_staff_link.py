"""The staff's way in: a discreet sign-in link at the foot of every public page, served and
static, and the addresses ``serve`` prints."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..conftest import Project
from ..web.servers import Server as Served


class _Footer(HTMLParser):
    """The links of a page's ``<footer class="staff">``."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.links: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "footer" and attributes.get("class") == "staff":
            self.inside = True
        elif tag == "a" and self.inside:
            self.links.append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "footer":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def footer(page: str) -> _Footer:
    parsed = _Footer()
    parsed.feed(page)
    return parsed


def test_every_served_public_page_leads_staff_to_the_sign_in_form(server):
    for path, link in [("/", "login"), ("/read/letter/fa/", "../../../login"),
                       ("/read/letter/en/", "../../../login")]:
        page = server.get(path, **{"Accept-Language": "fr"})
        assert page.status_code == 200, path
        assert footer(page.text).links == [link], path
        assert footer(page.text).text.strip() == "Se connecter"
        target = server.get("/" + re.sub(r"^(\.\./)*", "", link))
        assert target.status_code == 200 and 'name="password"' in target.text


def test_a_static_site_links_to_the_review_app_it_is_told_of(published: Project, tmp_path):
    bare = tmp_path / "bare"
    published.run("publish", "-o", str(bare))  # exit 1: Arabic is left out
    assert footer((bare / "index.html").read_text()).links == []
    settings = published.root / "pyproject.toml"
    settings.write_text(settings.read_text().replace(
        "[tool.translate-letter]\n",
        '[tool.translate-letter]\nreview-url = "https://review.example.org/"\n'))
    site = tmp_path / "site"
    published.run("publish", "-o", str(site))
    for page in (site / "index.html", site / "read" / "letter" / "fa" / "index.html"):
        assert footer(page.read_text()).links == ["https://review.example.org/login"], page


def test_serve_prints_the_reading_room_and_the_sign_in_address(published: Project):
    served = Served(published.root, 0.2)
    try:
        lines = "".join(served.lines) + served.process.stdout.readline()
        assert f"the public reading room at {served.url}" in lines
        assert f"staff sign in at {served.url}login" in lines
    finally:
        served.stop()
