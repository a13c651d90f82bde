"""Fuzzy matching against GNU msgmerge, in the same run.

For a generated document of 5,000 and of 50,000 sentences (Zipf-distributed words, as in
real prose), fully translated, with 5 % of its sentences edited (mostly one to three words
changed, inserted or deleted; some rewritten):

- ``update`` (read, merge under the lock, write) against ``msgmerge --previous`` on the
  same catalog and template: time ratio (target <= 2x) and agreement on which entries
  become fuzzy and which translation each gets (target >= 95 %);
- the editor's memory suggestions for one entry (targets: <= 20 ms at 5,000 entries,
  <= 100 ms at 50,000);
- at 50,000: ``translate-letter pretranslate --engine memory`` of 250 untranslated entries
  against a 50,000-entry memory (target <= 10 s).

Run: python bench/fuzzy.py [SIZES...]   (default: 5000 50000)
"""

from __future__ import annotations

import itertools
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from babel.messages.catalog import Catalog

from translate_letter.catalog.entry import messages
from translate_letter.catalog.merge import update_catalogs
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_translated
from translate_letter.catalog.writer import save_catalog
from translate_letter.core.config import load_settings
from translate_letter.machine.memory import TranslationMemory, Unit

EDITED_SHARE = 0.05
PRETRANSLATED = 250


class Prose:
    """Sentences of words drawn with Zipf's law: the letter's words first, then made-up ones."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        letter = (ROOT / "source" / "letter.txt").read_text(encoding="utf-8").lower()
        common = [w for w, _ in Counter(re.findall(r"[a-z’']+", letter)).most_common()]
        syllables = ["ka", "lo", "mi", "ter", "ran", "sel", "vo", "dun", "pri", "est", "ma",
                     "cor", "tion", "al", "ex", "ing", "ber", "gu"]
        made_up: set[str] = set()
        while len(made_up) < 30_000:
            made_up.add("".join(self.rng.choice(syllables)
                                for _ in range(self.rng.randint(2, 4))))
        self.words = common + sorted(made_up)
        self.weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(self.words))))

    def pick(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.weights, k=count)

    def sentence(self) -> str:
        text = " ".join(self.pick(self.rng.randint(6, 30)))
        return text[0].upper() + text[1:] + self.rng.choice(".....?;")

    def edit(self, sentence: str) -> str:
        if self.rng.random() > 0.85:
            return self.sentence()
        words = sentence.split()
        for _ in range(self.rng.randint(1, 3)):
            at = self.rng.randrange(len(words))
            roll = self.rng.random()
            if roll < 0.4:
                words[at] = self.pick(1)[0]
            elif roll < 0.7:
                words.insert(at, self.pick(1)[0])
            elif len(words) > 3:
                del words[at]
        return " ".join(words)

    def document(self, size: int) -> tuple[list[str], list[str]]:
        """``size`` distinct sentences, and the same with 5 % of them edited."""
        seen: dict[str, None] = {}
        while len(seen) < size:
            seen[self.sentence()] = None
        before = list(seen)
        after = list(before)
        for at in self.rng.sample(range(size), int(size * EDITED_SHARE)):
            after[at] = self.edit(after[at])
        return before, list(dict.fromkeys(after))


def template(sentences: list[str]) -> Catalog:
    catalog = Catalog(project="bench", version="doc", fuzzy=False, charset="utf-8")
    for number, text in enumerate(sentences, start=1):
        catalog.add(text, locations=[("source/doc.txt", number)],
                    auto_comments=[f"paragraph {number}"], flags=())
    return catalog


def translated(sentences: list[str], lang: str = "fr") -> Catalog:
    catalog = template(sentences)
    catalog.locale = lang
    for message in messages(catalog):
        mark_translated(message, f"FR {message.id[::-1]}", "ana", "2026-11-27")
    return catalog


def project(root: Path, catalog: Catalog, after: list[str]):
    """A project whose ``doc`` template holds ``after`` and whose French catalog is ``catalog``."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate-letter]\nlanguages = ["fr"]\n',
                                         encoding="utf-8")
    settings = load_settings(root)
    save_catalog(settings.template_path("doc"), template(after))
    save_catalog(settings.catalog_path("doc", "fr"), catalog)
    return settings


def agreement(ours: Path, theirs: Path) -> tuple[int, int]:
    """(agreeing, total) over the entries either tool made fuzzy: both fuzzy, same msgstr."""
    mine = {m.id: m for m in messages(load_catalog(ours))}
    total = agreeing = 0
    for message in messages(load_catalog(theirs)):
        other = mine[message.id]
        if message.fuzzy or other.fuzzy:
            total += 1
            agreeing += message.fuzzy and other.fuzzy and message.string == other.string
    return agreeing, total


def bench_update(size: int, prose: Prose, tmp: Path) -> tuple[list[str], list[str]]:
    before, after = prose.document(size)
    settings = project(tmp / f"update-{size}", translated(before), after)
    old = tmp / f"old-{size}.po"
    old.write_bytes(settings.catalog_path("doc", "fr").read_bytes())
    merged = tmp / f"msgmerge-{size}.po"
    start = time.perf_counter()
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(merged), str(old),
                    str(settings.template_path("doc"))], check=True)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    update_catalogs(settings, ["fr"])
    ours = time.perf_counter() - start
    agreeing, total = agreement(settings.catalog_path("doc", "fr"), merged)
    print(f"{size:>6} sentences, {int(size * EDITED_SHARE)} edited")
    print(f"  update      msgmerge {baseline:7.2f} s   translate-letter {ours:7.2f} s   "
          f"ratio {ours / baseline:5.2f}x (target <= 2x)")
    print(f"  agreement   {agreeing}/{total} fuzzy entries with msgmerge's decision and "
          f"translation: {100 * agreeing / max(total, 1):.1f} % (target >= 95 %)", flush=True)
    return before, after


def bench_suggestions(size: int, before: list[str], after: list[str]) -> None:
    start = time.perf_counter()
    memory = TranslationMemory((text, text) for text in before)
    built = time.perf_counter() - start
    known = set(before)
    queries = [text for text in after if text not in known][:200]
    times = []
    for text in queries:
        start = time.perf_counter()
        memory.matches(text, lambda key: Unit(key, f"FR {key[::-1]}", doc="doc"), 60)
        times.append(time.perf_counter() - start)
    times.sort()
    target = 20 if size <= 5_000 else 100
    median, p95 = statistics.median(times), times[int(0.95 * len(times))]
    print(f"  suggestions index built in {built:.2f} s; per entry: median "
          f"{1000 * median:.1f} ms, p95 {1000 * p95:.1f} ms, max {1000 * times[-1]:.1f} ms "
          f"(target <= {target} ms)", flush=True)


def bench_pretranslate(before: list[str], prose: Prose, tmp: Path) -> None:
    root = tmp / "pretranslate"
    fresh = [prose.edit(text) for text in prose.rng.sample(before, PRETRANSLATED)]
    known = set(before)
    fresh = [text for text in dict.fromkeys(fresh) if text not in known]
    untranslated = template(fresh)
    untranslated.locale = "fr"
    settings = project(root, untranslated, fresh)
    save_catalog(settings.catalog_path("memory", "fr"), translated(before))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "translate_letter", "-C", str(root),
                           "pretranslate", "--engine", "memory", "-l", "fr"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    drafted = sum(1 for m in messages(load_catalog(settings.catalog_path("doc", "fr")))
                  if m.string)
    print(f"  pretranslate --engine memory: {len(fresh)} entries against a {len(before)}-entry "
          f"memory in {seconds:.2f} s, {drafted} drafted, exit {done.returncode} "
          f"(target <= 10 s)")


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [5_000, 50_000]
    prose = Prose()
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            before, after = bench_update(size, prose, Path(tmp))
            bench_suggestions(size, before, after)
            if size >= 50_000:
                bench_pretranslate(before, prose, Path(tmp))


if __name__ == "__main__":
    main()
