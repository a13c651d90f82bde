"""`compile` writes MO files through Babel's ``write_mo``, as GNU msgfmt would."""

from __future__ import annotations

import struct
import subprocess

from translate_letter.catalog.compile import compile_catalog

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgctxt "zeta"
msgid "b"
msgstr "b (zeta)"

msgid "b"
msgstr "b tout court"

msgctxt "alpha"
msgid "c"
msgstr "c (alpha)"

msgid "a"
msgstr "à"

msgid "one file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

msgid "one page"
msgid_plural "%d pages"
msgstr[0] "une page"
msgstr[1] "%d pages"

#, fuzzy
msgid "draft"
msgstr "brouillon"

msgid "untranslated"
msgstr ""
"""


def _keys(data: bytes) -> list[bytes]:
    _, _, count, originals, _, _, _ = struct.unpack("<7I", data[:28])
    keys = []
    for n in range(count):
        length, offset = struct.unpack("<2I", data[originals + 8 * n : originals + 8 * n + 8])
        keys.append(data[offset : offset + length])
    return keys


def test_mo_holds_what_msgfmt_holds_in_the_order_gnu_gettext_searches(tmp_path):
    po = tmp_path / "fr.po"
    po.write_text(PO, encoding="utf-8")
    ours = compile_catalog(po)
    theirs = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "-o", str(theirs), str(po)], check=True)

    keys = _keys(ours.read_bytes())
    assert keys == sorted(keys)  # a MO without hash table is searched by bisection
    assert b"one file\x00%d files" not in keys  # no form translated: left out, as msgfmt does
    assert set(keys) == set(_keys(theirs.read_bytes()))

    def unformatted(path):
        return subprocess.run(["msgunfmt", str(path)], check=True, capture_output=True,
                              text=True).stdout.split("\n\n", 1)[1]  # the entries
    assert unformatted(ours) == unformatted(theirs)
