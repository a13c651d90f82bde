"""The words the reading room adds around a letter; in other languages they come from the
interface catalogs (``translate_letter.interface``), as the review app's do."""

from __future__ import annotations

from ..errors import N_
from ..interface import translate

LABELS: dict[str, str] = {
    "site": N_("Open letters"),
    "intro": N_("Read the letter in your language, or download it."),
    "languages": N_("Languages"),
    "downloads": N_("Download the letter"),
    "bilingual": N_("English beside the translation"),
    "original": N_("original"),
    "all": N_("All letters"),
    "txt": N_("Plain text"),
    "md": N_("Markdown"),
    "html": N_("Web page (HTML)"),
    "pdf": N_("PDF"),
    "docx": N_("Word (DOCX)"),
    "sign_in": N_("Sign in"),
    "staff": N_("For the translation team"),
}


def labels(lang: str) -> dict[str, str]:
    """The reading room's words in ``lang``, English where the language has none."""
    return {key: translate(lang, text) for key, text in LABELS.items()}
