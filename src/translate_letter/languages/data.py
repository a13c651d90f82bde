"""What the common profile assumes where CLDR says nothing: the fonts each script is set in,
the scripts whose words stand apart, and how long translations into languages without a
profile of their own usually are."""

from __future__ import annotations

SERIF = ("Noto Serif", "DejaVu Serif", "Liberation Serif", "Times New Roman", "serif")
NASKH = ("Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Vazirmatn",
         "Tahoma", "Noto Serif", "DejaVu Serif", "serif")
NASTALIQ = ("Noto Nastaliq Urdu", "Awami Nastaliq", "Jameel Noori Nastaleeq",
            "Noto Naskh Arabic", "Noto Serif", "serif")

# Font family stacks by script (ISO 15924), the first family the one Word is told to use;
# a script not listed is set in the Latin stack's fonts and fallbacks.
SCRIPT_FONTS: dict[str, tuple[str, ...]] = {
    "Latn": SERIF, "Cyrl": SERIF, "Grek": SERIF,
    "Arab": NASKH, "Aran": NASTALIQ,
    "Hebr": ("Noto Serif Hebrew", "David", "Noto Serif", "serif"),
    "Deva": ("Noto Serif Devanagari", "Noto Sans Devanagari", "Mangal", "serif"),
    "Beng": ("Noto Serif Bengali", "Noto Sans Bengali", "Vrinda", "serif"),
    "Thai": ("Noto Serif Thai", "Noto Sans Thai", "Tahoma", "serif"),
    "Armn": ("Noto Serif Armenian", "Noto Sans Armenian", "serif"),
    "Geor": ("Noto Serif Georgian", "Noto Sans Georgian", "serif"),
    "Ethi": ("Noto Serif Ethiopic", "Noto Sans Ethiopic", "Nyala", "serif"),
    "Hans": ("Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", "serif"),
    "Hant": ("Noto Serif CJK TC", "Noto Sans CJK TC", "PMingLiU", "serif"),
    "Jpan": ("Noto Serif CJK JP", "Noto Sans CJK JP", "MS Mincho", "serif"),
    "Kore": ("Noto Serif CJK KR", "Noto Sans CJK KR", "Batang", "serif"),
}

# CSS counter styles (CSS Counter Styles 3, known to WeasyPrint and browsers) that count in
# the digits of each decimal numbering system (page numbers, numbered lists).
COUNTER_STYLES = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian",
                  "deva": "devanagari", "beng": "bengali", "guru": "gurmukhi",
                  "gujr": "gujarati", "orya": "oriya", "taml": "tamil", "telu": "telugu",
                  "knda": "kannada", "mlym": "malayalam", "thai": "thai", "laoo": "lao",
                  "tibt": "tibetan", "mymr": "myanmar", "khmr": "khmer", "mong": "mongolian"}

# Scripts that put spaces between words and attach no clitics to them.
SPACED_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl", "Armn", "Geor"})

# Typical length of a translation relative to its English source (characters), for the
# languages without a module of their own.
LENGTH_RATIOS = {"es": 1.2, "de": 1.2, "it": 1.15, "pt": 1.15, "ru": 1.1, "zh": 0.35,
                 "ja": 0.45, "ko": 0.5}
