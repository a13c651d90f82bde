"""The few words a built letter adds of its own, in the languages the project ships."""

from __future__ import annotations

# Shown when a letter holds drafts; languages not listed get the English notice only.
DRAFT_NOTICE = {
    "en": "Draft — parts of this translation have not been reviewed yet. "
          "Do not sign or send it before review.",
    "fa": "پیش‌نویس — بخش‌هایی از این ترجمه هنوز بازبینی نشده است. "
          "پیش از بازبینی، آن را امضا یا ارسال نکنید.",
    "fr": "Brouillon — certaines parties de cette traduction n’ont pas encore été relues. "
          "Ne la signez pas et ne l’envoyez pas avant relecture.",
    "ar": "مسودة — لم تتم مراجعة أجزاء من هذه الترجمة بعد. لا توقّعها ولا ترسلها قبل المراجعة.",
}
WATERMARK = {"en": "DRAFT", "fa": "پیش‌نویس", "fr": "BROUILLON", "ar": "مسودة"}
SOURCE_LANGUAGE = "en"


def _base(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0]


def draft_notices(lang: str) -> list[tuple[str, str]]:
    """(language, text) of the drafts notice: the letter's language first, then English."""
    notices = [(lang, DRAFT_NOTICE[_base(lang)])] if _base(lang) in DRAFT_NOTICE else []
    if _base(lang) != SOURCE_LANGUAGE:
        notices.append((SOURCE_LANGUAGE, DRAFT_NOTICE[SOURCE_LANGUAGE]))
    return notices


def watermark(lang: str) -> str:
    """The short word stamped across every page of a draft: the letter's language and English."""
    words = [WATERMARK.get(_base(lang)), WATERMARK[SOURCE_LANGUAGE]]
    return " · ".join(dict.fromkeys(w for w in words if w))
