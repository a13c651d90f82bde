"""The words the reading room adds around a letter, in the languages the project ships."""

from __future__ import annotations

from ..render.labels import SOURCE_LANGUAGE

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "site": "Open letters",
        "intro": "Read the letter in your language, or download it.",
        "languages": "Languages",
        "downloads": "Download the letter",
        "bilingual": "English beside the translation",
        "original": "original",
        "all": "All letters",
        "txt": "Plain text",
        "md": "Markdown",
        "html": "Web page (HTML)",
        "pdf": "PDF",
        "docx": "Word (DOCX)",
    },
    "fa": {
        "languages": "زبان‌ها",
        "downloads": "دریافت نامه",
        "bilingual": "متن انگلیسی در کنار ترجمه",
        "all": "همهٔ نامه‌ها",
        "txt": "متن ساده",
        "md": "مارک‌داون",
        "html": "صفحهٔ وب (HTML)",
        "pdf": "PDF",
        "docx": "ورد (DOCX)",
    },
    "fr": {
        "languages": "Langues",
        "downloads": "Télécharger la lettre",
        "bilingual": "L’anglais en regard de la traduction",
        "all": "Toutes les lettres",
        "txt": "Texte brut",
        "md": "Markdown",
        "html": "Page web (HTML)",
        "pdf": "PDF",
        "docx": "Word (DOCX)",
    },
    "ar": {
        "languages": "اللغات",
        "downloads": "تنزيل الرسالة",
        "bilingual": "النص الإنجليزي بجانب الترجمة",
        "all": "كل الرسائل",
        "txt": "نص عادي",
        "md": "ماركداون",
        "html": "صفحة ويب (HTML)",
        "pdf": "PDF",
        "docx": "وورد (DOCX)",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The reading room's words in ``lang``, English where the language has none."""
    base = lang.replace("_", "-").split("-")[0]
    return {**LABELS[SOURCE_LANGUAGE], **LABELS.get(base, {})}
