"""Projects whose catalogs hold translations written here, for the letter writers' tests."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pytest

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_draft, mark_translated
from translate_letter.catalog.writer import save_catalog
from translate_letter.core.document import segment
from translate_letter.core.tokens import find_tokens

from ..conftest import LETTER, Project, new_project

# Real Persian for a few segments (msgid prefix → translation); written without harakat or
# hamza above, which poppler's pdftotext splits onto lines of their own.
PERSIAN = {
    "Dear President Kelly Craft,": "رئیس محترم، خانم کلی کرافت،",
    "The Security Council has a major role to play.": "شورای امنیت U.N. نقش مهمی بر عهده دارد.",
    "Please note that subsequent to the Council’s meeting": (
        "توجه داشته باشید که پس از نشست شورا در 18 آوریل 2017 (نگاه کنید به S/PV.7926) "
        "درباره حفظ صلح و امنیت بین‌المللی، شناخت بین‌المللی از لزوم مشارکت شورای امنیت در "
        "وضعیت حقوق بشر کشورهایی مانند ایران رو به افزایش است."
    ),
    "Sincerely,": "با احترام،",
    "The list of signatories includes:": "فهرست امضاکنندگان:",
    "Mehdi Houshmand-Rahimi-Human Rights Lawyer": "مهدی هوشمند رحیمی - وکیل حقوق بشر",
}

# The other segments get a pseudo-translation in Persian letters, word for word, so every
# sentence is distinct, right to left, and keeps its numbers and symbols.
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_PERSIAN_LETTERS = "ابکدعفگهیجقلمنوپذرستؤژثخشز"
_TO_PERSIAN = str.maketrans(
    _LATIN + _LATIN.upper() + ",;?’",
    _PERSIAN_LETTERS + _PERSIAN_LETTERS + "،؛؟ ",
)


def pseudo_persian(text: str) -> str:
    """``text`` in Persian letters, its protected tokens (numbers, symbols) kept."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    out, position = [], 0
    for token in find_tokens(text):
        out.append(text[position : token.start].translate(_TO_PERSIAN))
        out.append(token.text)
        position = token.end
    out.append(text[position:].translate(_TO_PERSIAN))
    return re.sub(r" {2,}", " ", "".join(out))


def persian(msgid: str) -> str:
    for prefix, text in PERSIAN.items():
        if msgid.startswith(prefix):
            return text
    return pseudo_persian(msgid)


def fill(project: Project, lang: str, translate: Callable[[str], str | None],
         how: str = "translated", only: Callable[[int], bool] = lambda index: True) -> dict:
    """Write translations into ``lang``'s catalog as a person (or an engine) would."""
    path = project.po(lang)
    catalog = load_catalog(path)
    written = {}
    for index, message in enumerate(messages(catalog)):
        text = translate(message.id) if only(index) else None
        if not text:
            continue
        if how == "draft":
            mark_draft(message, text, "mt:test")
        else:
            mark_translated(message, text, "tester")
        written[message.id] = text
    save_catalog(path, catalog)
    return written


PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def expected_blocks(translations: dict[str, str], digits: str = "0123456789",
                    after_marker: str = "") -> list[str]:
    """Each block of the letter as a reader gets it: its sentences, translated where
    ``translations`` has them, joined by a space; a list marker first, in ``digits``."""
    text = LETTER.read_text("utf-8")
    blocks = []
    for block in segment(text).blocks:
        body = " ".join(translations.get(s.text, s.text) for s in block.segments)
        if block.marker_start is not None:
            marker = text[block.marker_start : block.marker_end]
            body = marker.translate(str.maketrans("0123456789", digits)) + after_marker + body
        blocks.append(body)
    return blocks


@pytest.fixture(scope="module")
def persian_letter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict]:
    """A project whose Persian catalog is fully translated, and the translations."""
    project = new_project(tmp_path_factory.mktemp("persian") / "project")
    return project, fill(project, "fa", persian)
