"""What GNU msgfmt -c accepts, the project reads; what the project writes, msgfmt -c accepts.

Proved over third-party catalogs found on this machine (the PO files shipped inside
installed Python packages, and GNU msgunfmt's PO text of the system's MO files) and over
adversarial ones; polib is the second referee.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po

from translate_letter.catalog.entry import Entry, messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.writer import save_catalog

SITE = Path(polib.__file__).parent
PACKAGED = sorted(SITE.glob("*/locale/*/LC_MESSAGES/*.po")) + sorted(SITE.glob("*/locale/*.pot"))
SYSTEM_MO = sorted(Path("/usr/share/locale").glob("*/LC_MESSAGES/*.mo"))[::97][:40]


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def polib_messages(path: Path) -> set[tuple]:
    """(obsolete, msgctxt, msgid, msgid_plural, msgstr forms, fuzzy) of every entry but the
    header, as polib reads them."""
    found = set()
    for entry in polib.pofile(str(path)):
        if entry.msgid == "" and not entry.msgctxt:
            continue
        forms = (tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
                 if entry.msgid_plural else (entry.msgstr,))
        found.add((bool(entry.obsolete), entry.msgctxt, entry.msgid, entry.msgid_plural or None,
                   forms, "fuzzy" in entry.flags))
    return found


def our_messages(path: Path) -> set[tuple]:
    catalog = load_catalog(path)
    found = set()
    for obsolete, items in ((False, messages(catalog)), (True, catalog.obsolete.values())):
        for message in items:
            entry = Entry(message)
            plural = entry.sources[1] if entry.plural else None
            found.add((obsolete, entry.context, entry.source, plural, entry.translations,
                       message.fuzzy))
    return found


def third_party() -> list[Path]:
    return PACKAGED + SYSTEM_MO


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """Every third-party catalog that GNU msgfmt -c accepts, as PO text."""
    folder = tmp_path_factory.mktemp("third-party")
    found = []
    for number, source in enumerate(third_party()):
        target = folder / f"{number:03d}-{source.parent.parent.name}-{source.stem}.po"
        if source.suffix == ".mo":
            subprocess.run(["msgunfmt", "-o", str(target), str(source)], check=True)
        else:
            shutil.copyfile(source, target)
        if msgfmt_check(target).returncode == 0:
            found.append(target)
    return found


def test_there_is_a_third_party_corpus(corpus):
    assert len(PACKAGED) >= 20 and len(SYSTEM_MO) >= 20
    assert len(corpus) >= 40


def test_every_catalog_msgfmt_accepts_is_read_as_polib_reads_it(corpus):
    for path in corpus:
        assert our_messages(path) == polib_messages(path), path.name


def test_every_catalog_written_back_passes_msgfmt_and_reads_the_same(corpus, tmp_path):
    for path in corpus:
        written = tmp_path / path.name
        save_catalog(written, load_catalog(path))
        checked = msgfmt_check(written)
        assert checked.returncode == 0, f"{path.name}: {checked.stderr}"
        assert polib_messages(written) == polib_messages(path), path.name
        assert our_messages(written) == our_messages(path), path.name


LONG = "The past month in particular has seen some of the worst crimes against " * 12
ADVERSARIAL = rf'''# A translator's comment
msgid ""
msgstr ""
"Project-Id-Version: adversarial 1\n"
"Language: ar\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
"n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\n"

# draft: mt:google 2026-11-27
#. paragraph 1
#: source/a.txt:1 source/a.txt:7
#, fuzzy
#| msgid ""
#| "{LONG[:70]}"
#| "{LONG[70:]}"
msgid "{LONG}"
msgstr "نص طويل"

msgid "Tabs\tquotes \"here\" and a backslash \\ and a carriage return\r"
msgstr "مع\tعلامات \"هنا\" و \\"

msgctxt "menu"
msgid "Open"
msgstr "افتح"

msgctxt "verb"
msgid "Open"
msgstr ""

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d ملفات"
msgstr[1] "ملف %d"
msgstr[2] "ملفان %d"
msgstr[3] "%d ملفات"
msgstr[4] "%d ملفًا"
msgstr[5] "%d ملف"

msgid ""
"Several lines\n"
"of text\n"
msgstr ""
"عدة أسطر\n"
"من النص\n"

msgid "{"x" * 25_000}"
msgstr "{"ب" * 25_000}"

# approved: roya 2026-11-28 0123abcd
#, fuzzy
#~| msgid "An older source"
#~ msgid "A source that went away"
#~ msgstr "مصدر اختفى"

#~ msgctxt "menu"
#~ msgid "Close"
#~ msgstr "أغلق"
'''


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_an_adversarial_catalog_is_read_and_written_back_intact(tmp_path, line_end):
    path = tmp_path / "adversarial.po"
    path.write_bytes(ADVERSARIAL.replace("\n", line_end).encode("utf-8"))
    assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
    catalog = load_catalog(path)
    assert our_messages(path) == polib_messages(path)
    long = catalog.get(LONG)
    assert long.previous_id == [LONG] and long.user_comments == ["draft: mt:google 2026-11-27"]
    assert long.locations == [("source/a.txt", 1), ("source/a.txt", 7)]
    escaped = next(m for m in messages(catalog) if m.id.startswith("Tabs"))
    assert escaped.id == 'Tabs\tquotes "here" and a backslash \\ and a carriage return\r'
    assert catalog.get("Open", context="menu").string == "افتح"
    assert len(catalog.get(("%d file", "%d files")).string) == 6
    gone = [m for m in catalog.obsolete.values() if m.id == "A source that went away"][0]
    assert gone.fuzzy and gone.previous_id == ["An older source"]
    assert gone.user_comments == ["approved: roya 2026-11-28 0123abcd"]

    written = tmp_path / "written.po"
    save_catalog(written, catalog)
    assert msgfmt_check(written).returncode == 0, msgfmt_check(written).stderr
    assert polib_messages(written) == polib_messages(path)
    assert our_messages(written) == our_messages(path)
    again = load_catalog(written)
    assert again.get(LONG).previous_id == [LONG]
    assert polib.pofile(str(written)).find(LONG).previous_msgid == LONG
    assert [m.previous_id for m in again.obsolete.values()][0] == ["An older source"]
    text = written.read_text(encoding="utf-8")
    assert "# |" not in text
    assert all(line.startswith(('#| "', '#| msgid "')) for line in text.splitlines()
               if line.startswith("#|"))


def test_c_escapes_read_as_gnu_gettext_compiles_them(tmp_path):
    """Octal, hex and the rarer C escapes (polib does not decode them; GNU is the referee)."""
    body = ('msgid "bell \\a, octal caf\\303\\251, hex \\x41\\x42, form feed \\f, \\v"\n'
            'msgstr "caf\\xc3\\xa9 \\101"\n')
    path = tmp_path / "escapes.po"
    path.write_bytes(po_bytes_with(body))
    compiled = tmp_path / "escapes.mo"
    subprocess.run(["msgfmt", "-c", "-o", str(compiled), str(path)], check=True)
    with compiled.open("rb") as handle:
        gnu = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}
    ours = {m.id: m.string for m in messages(load_catalog(path))}
    assert ours == gnu == {"bell \a, octal café, hex AB, form feed \f, \v": "café A"}
    written = tmp_path / "written.po"
    save_catalog(written, load_catalog(path))
    assert msgfmt_check(written).returncode == 0
    assert {m.id: m.string for m in messages(load_catalog(written))} == ours


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_python_babel_reads_what_the_project_writes(tmp_path, line_end):
    """Babel's own reader (the model the project uses) sees the same messages too."""
    path = tmp_path / "adversarial.po"
    path.write_bytes(ADVERSARIAL.replace("\n", line_end).encode("utf-8"))
    written = tmp_path / "written.po"
    save_catalog(written, load_catalog(path))
    with written.open("rb") as handle:
        babel = read_po(handle)
    ours = load_catalog(written)
    assert {(m.id, m.context, m.string) for m in messages(babel)} == {
        (m.id, m.context, m.string) for m in messages(ours)}


HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'
          '"Plural-Forms: {plural}\\n"\n\n')
GOOD_PLURAL = "nplurals=2; plural=(n != 1);"


def po_bytes_with(body: str | bytes, charset: str = "UTF-8", plural: str = GOOD_PLURAL) -> bytes:
    head = HEADER.format(charset=charset, plural=plural).encode("ascii")
    return head + (body.encode("utf-8") if isinstance(body, str) else body)


# (what is wrong, file bytes, line named in the error, whether msgfmt -c also rejects it)
REFUSED = [
    ("invalid escape", po_bytes_with('msgid "a"\nmsgstr "b\\q"\n'), 7, True),
    ("nplurals not a number", po_bytes_with('msgid "a"\nmsgstr "b"\n',
                                            plural="nplurals=x; plural=n;"), 1, True),
    ("broken plural expression", po_bytes_with('msgid "a"\nmsgstr "b"\n',
                                               plural="nplurals=2; plural=(n !=;"), 1, True),
    ("charset that does not match the bytes", po_bytes_with(b'msgid "a"\nmsgstr "caf\xe9"\n'),
     7, True),
    ("ASCII header, UTF-8 bytes", po_bytes_with('msgid "a"\nmsgstr "café"\n', charset="ASCII"),
     7, True),
    ("string not closed", po_bytes_with('msgid "a\nmsgstr "b"\n'), 6, True),
    ("msgstr without msgid", po_bytes_with('msgstr "b"\n'), 6, True),
    ("msgid without msgstr", po_bytes_with('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n'), 6, True),
    ("duplicate message", po_bytes_with('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'),
     9, True),
    ("wrong number of plural forms", po_bytes_with(
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n'), 6, True),
    ("previous msgid broken mid-string",
     po_bytes_with('#, fuzzy\n#| msgid "" "old\n#| text"\nmsgid "a"\nmsgstr "b"\n'), 7, True),
    ("U+2028 in a string", po_bytes_with('msgid "a"\nmsgstr "b\u2028c"\n'), 7, False),
    ("U+0085 in a string", po_bytes_with('msgid "a"\nmsgstr "b\u0085c"\n'), 7, False),
    ("NUL in a string", po_bytes_with('msgid "a"\nmsgstr "b\x00c"\n'), 7, False),
    ("control character in a comment", po_bytes_with('# x\x01y\nmsgid "a"\nmsgstr "b"\n'), 6,
     False),
    ("U+FFFE in a string", po_bytes_with('msgid "a"\nmsgstr "b\ufffec"\n'), 7, False),
    ("U+FDD0 in a string", po_bytes_with('msgid "a"\nmsgstr "b\ufdd0c"\n'), 7, False),
    ("U+10FFFF in a string", po_bytes_with('msgid "a"\nmsgstr "b\U0010ffffc"\n'), 7, False),
    ("escaped NUL in a translation", po_bytes_with('msgid "a"\nmsgid_plural "as"\n'
                                                   'msgstr[0] "b"\nmsgstr[1] "b\\000c"\n'),
     8, False),
    ("escaped noncharacter in a translation",
     po_bytes_with('#, fuzzy\nmsgid "a"\nmsgstr ""\n"b"\n"\\357\\277\\276"\n'), 8, False),
    ("escaped control character in a translation",
     po_bytes_with('msgid "a"\nmsgstr "b\\vc"\n'), 7, False),
    ("translation longer than ten times its source plus 200",
     po_bytes_with(f'msgid "abc"\nmsgstr "{"b" * 231}"\n'), 7, False),
    ("unknown charset", po_bytes_with('msgid "a"\nmsgstr "b"\n', charset="bogus-42"), 3,
     False),
]


@pytest.mark.parametrize(("what", "data", "line", "msgfmt_rejects"), REFUSED,
                         ids=[case[0] for case in REFUSED])
def test_a_broken_catalog_is_one_line_naming_file_and_line(catalogs, what, data, line,
                                                          msgfmt_rejects, tmp_path):
    alone = tmp_path / "alone.po"
    alone.write_bytes(data)
    assert (msgfmt_check(alone).returncode != 0) == msgfmt_rejects
    catalogs.po("fa").write_bytes(data)
    before = catalogs.snapshot()
    for command in (["stats"], ["compile"], ["update", "-l", "fa"], ["check", "-l", "fa"],
                    ["build", "-l", "fa"], ["pretranslate", "-l", "fa", "--engine", "memory"]):
        result = catalogs.run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert len(result.stderr.splitlines()) == 1
        assert f"letter.po:{line}:" in result.stderr, (command, result.stderr)
    assert catalogs.snapshot() == before
