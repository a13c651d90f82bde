"""Run every QA check over a generated 50,000-entry Persian catalog, and Translate Toolkit's
pofilter (all its checks) over the same file as the baseline, in the same run.

Both run as a command (start-up, reading the catalog, checking, writing the report), best of
RUNS; the in-process rate of the checks alone is printed too. Target: faster than pofilter.
Run: python bench/check.py [ENTRIES] [RUNS]   (pip install translate-toolkit first)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import translate_letter
from translate_letter.catalog.reader import load_catalog
from translate_letter.checks import check_catalog
from translate_letter.core.glossary import load_glossary

FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# (source, Persian translation) patterns; {n} is the entry number, {fa} the same in Persian.
SEGMENTS = [
    ("Sentence {n}: the Security Council met on 18 April 2017 (see S/PV.7926) about "
     "“human rights” in Iran.",
     "جمله {fa}: شورای امنیت در ۱۸ آوریل ۲۰۱۷ (نگاه کنید به S/PV.7926) درباره «حقوق بشر» "
     "در ایران تشکیل جلسه داد."),
    ("Item {n}: the death toll is estimated to be over 1,500 within 3 days of the unrest in "
     "Nov 2019.",
     "مورد {fa}: شمار کشته‌شدگان طی ۳ روز ناآرامی در نوامبر ۲۰۱۹ بیش از ۱٬۵۰۰ نفر برآورد "
     "می‌شود."),
    ("Point {n}: we remind the Council about the resolution 120 (1956) adopted on "
     "4 November 1956.",
     "نکته {fa}: قطعنامه ۱۲۰ (۱۹۵۶) مصوب ۴ نوامبر ۱۹۵۶ را به شورا یادآوری می‌کنیم."),
    ("Note {n}: Dear President Kelly Craft, is the situation in Iran not a threat to peace?",
     "یادداشت {fa}: رئیس محترم، کلی کرافت، آیا وضعیت ایران تهدیدی برای صلح نیست؟"),
    ("Case {n}: crimes against humanity must be referred to the International Criminal Court; "
     "see https://www.un.org/securitycouncil/ or write to info@example.org.",
     "پرونده {fa}: جنایت علیه بشریت باید به دیوان کیفری بین‌المللی ارجاع شود؛ به "
     "https://www.un.org/securitycouncil/ بنگرید یا به info@example.org بنویسید."),
]
# Every seventh entry carries one of these defects, in turn.
DEFECTS = [
    lambda t: t.replace("۱۸", "۱۹"),
    lambda t: t.replace("ی", "ي"),
    lambda t: t.replace("ایران", "Iran"),
    lambda t: t.replace("»", ""),
    lambda t: t.replace(" ", "  ", 1),
    lambda t: t[:-1] + "!",
    lambda t: t.replace("S/PV.7926", "S/PV.7962"),
]
GLOSSARY = """en,fa,fr,ar,kind,note
Security Council,شورای امنیت,Conseil de sécurité,مجلس الأمن,institution,
International Criminal Court,دیوان کیفری بین‌المللی,Cour pénale internationale,,institution,
crimes against humanity,جنایت علیه بشریت,crimes contre l'humanité,,term,
Kelly Craft,کلی کرافت,Kelly Craft,كيلي كرافت,name,
"""


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(path: Path, entries: int) -> None:
    """A Persian catalog: mostly sound translations, some defective, drafts and plurals."""
    lines = [
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fa\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    ]
    for n in range(entries):
        fa = str(n).translate(FA_DIGITS)
        comments = f"# translated: reviewer 2026-11-27\n#. paragraph {n}\n#: source/big.txt:{n}\n"
        if n % 50 == 49:
            lines.append(
                f"{comments}#, python-format\n"
                f"msgid {quote(f'%(count)d detainee in case {n}')}\n"
                f"msgid_plural {quote(f'%(count)d detainees in case {n}')}\n"
                f"msgstr[0] {quote(f'%(count)d بازداشتی در پرونده {fa}')}\n"
                f"msgstr[1] {quote(f'%(count)d بازداشتی در پرونده {fa}')}\n"
            )
            continue
        source, translation = SEGMENTS[n % len(SEGMENTS)]
        source, translation = source.format(n=n), translation.format(fa=fa)
        if n % 7 == 3:
            translation = DEFECTS[(n // 7) % len(DEFECTS)](translation)
        flags = "#, fuzzy\n" if n % 10 == 5 else ""
        if n % 97 == 0:
            translation = ""
        lines.append(f"{comments}{flags}msgid {quote(source)}\nmsgstr {quote(translation)}\n")
    path.write_text("\n".join(lines), encoding="utf-8")


def best_of(runs: int, command: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(translate_letter.__file__).parent.parent), env.get("PYTHONPATH", "")])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pyproject.toml").write_text('[tool.translate-letter]\nlanguages = ["fa"]\n')
        po = root / "locales" / "fa" / "LC_MESSAGES" / "big.po"
        po.parent.mkdir(parents=True)
        (root / "locales" / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
        generate(po, entries)

        pofilter = best_of(runs, [sys.executable, "-m", "translate.filters.pofilter",
                                  "--language=fa", "--progress=none", "-i", str(po),
                                  "-o", str(root / "pofilter.po")], env)
        if not (root / "pofilter.po").is_file():  # no baseline, no ratio
            raise SystemExit("pofilter did not run: install the bench extra "
                             "(pip install -e '.[bench]', or make bench)")
        ours = best_of(runs, [sys.executable, "-m", "translate_letter", "-C", str(root),
                              "check", "--json"], env)

        catalog = load_catalog(po)
        glossary = load_glossary(root / "locales")
        start = time.perf_counter()
        findings = check_catalog(catalog, "fa", glossary, doc="big")
        checking = time.perf_counter() - start
    print(f"entries: {entries}; findings: {len(findings)}")
    print(f"pofilter (command):         {pofilter:7.2f} s  {entries / pofilter:9,.0f} entries/s")
    print(f"translate-letter check:     {ours:7.2f} s  {entries / ours:9,.0f} entries/s")
    print(f"  checks alone, in process: {checking:7.2f} s  {entries / checking:9,.0f} entries/s")
    print(f"ratio: {pofilter / ours:.2f}x pofilter's speed (target > 1)")


if __name__ == "__main__":
    main()
