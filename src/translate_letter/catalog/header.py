"""The header entry of a PO file, kept as found when the file is written again.

Babel models a header as a dozen attributes and writes it back its own way: it drops the
fields it does not model (``X-Generator``), rebuilds ``Project-Id-Version`` from two parts
(`` Django`` for ``Django``), lower-cases the charset, adds ``Generated-By`` and fills absent
fields with placeholders (``FULL NAME``, ``YEAR-MO-DA``), and fills in the comment above it
(``YEAR``, ``Translations template`` becomes ``French translations``).  GNU ``msgmerge`` keeps the
translators' header and takes only ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` from
the template.  So a catalog read from a file (:class:`FileCatalog`) keeps its header's text:
a field is written anew only when a program changed the attribute Babel models it with
(``PO-Revision-Date`` when drafts are saved) or set it here (:meth:`FileCatalog.set_field`).
"""

from __future__ import annotations

import re
from email.parser import HeaderParser
from functools import cache

from babel import Locale
from babel.messages.catalog import Catalog

_FIELD = re.compile(r"([^:\n]+):[ \t]*([^\n]*)")

# msgmerge's order of the fields it knows: a field it adds goes after those before it.
MSGMERGE_ORDER = ("project-id-version", "report-msgid-bugs-to", "pot-creation-date",
                  "po-revision-date", "last-translator", "language-team", "language",
                  "mime-version", "content-type", "content-transfer-encoding")
FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")  # what msgmerge updates


def _modelled(headers: list[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value.rstrip("\n") for name, value in headers}


class FileCatalog(Catalog):
    """A Babel catalog read from a PO file, which writes its header entry as it was found."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.header_text: str | None = None  # the header entry's msgstr, as found
        self._read_as: dict[str, str] = {}  # Babel's model of each field right after reading

    def read_header(self, text: str) -> None:
        """Take ``text``, a header entry's msgstr, as this catalog's header: Babel's
        attributes from its fields (a value Babel cannot parse is left to the text alone,
        as msgfmt ignores it), the text kept as it is."""
        for name, value in HeaderParser().parsestr(text).items():
            try:
                super()._set_mime_headers([(name, value)])
            except ValueError:  # a date or language Babel cannot parse
                continue
        self.header_text = text
        self._read_as = _modelled(super()._get_mime_headers())

    def set_field(self, name: str, value: str, model: bool = True) -> None:
        """Write ``name: value`` in place of the field, or, if the header has none, where
        msgmerge would put it (with ``model`` False, in the text alone: Babel's attributes
        stay as they are)."""
        key = name.lower()
        text = self.header_text or ""
        lines = text.splitlines(keepends=True)
        for number, line in enumerate(lines):
            match = _FIELD.match(line)
            if match and match.group(1).strip().lower() == key:
                lines[number] = f"{match.group(1)}: {value}\n"
                break
        else:
            lines.insert(self._place_of(key, lines), f"{name}: {value}\n")
        if model:
            try:
                super()._set_mime_headers([(name, value)])
            except ValueError:
                pass
        self.header_text = "".join(lines)
        if key in (modelled := _modelled(super()._get_mime_headers())):
            self._read_as[key] = modelled[key]

    @staticmethod
    def _place_of(key: str, lines: list[str]) -> int:
        before = MSGMERGE_ORDER[:MSGMERGE_ORDER.index(key)] if key in MSGMERGE_ORDER \
            else MSGMERGE_ORDER  # a field msgmerge does not order (Plural-Forms) goes last
        place = 0
        for number, line in enumerate(lines):
            match = _FIELD.match(line)
            if match and match.group(1).strip().lower() in before:
                place = number + 1
        return place

    def header_entry(self) -> str:
        """The header entry's msgstr to write: as found, with the fields programs changed."""
        modelled = super()._get_mime_headers()
        if self.header_text is None:
            return "".join(f"{name}: {value.rstrip(chr(10))}\n" for name, value in modelled)
        changed = {name.lower(): (name, value.rstrip("\n")) for name, value in modelled
                   if self._read_as.get(name.lower()) != value.rstrip("\n")}
        lines = []
        for line in self.header_text.splitlines(keepends=True):
            match = _FIELD.match(line)
            key = match.group(1).strip().lower() if match else None
            if key in changed:
                line = f"{match.group(1)}: {changed.pop(key)[1]}\n"
            lines.append(line)
        lines += [f"{name}: {value}\n" for name, value in changed.values()]
        return "".join(lines)

    def _fields(self) -> list[tuple[str, str]]:
        return [(m.group(1).strip(), m.group(2).strip())
                for m in map(_FIELD.match, self.header_entry().splitlines()) if m]

    def _get_header_comment(self) -> str:
        return self._header_comment  # Babel would fill in YEAR, PROJECT, "French translations"

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        return self._fields() if self.header_text is not None else super()._get_mime_headers()


def header_entry(catalog: Catalog) -> str:
    """The msgstr of ``catalog``'s header entry (``msgid ""``)."""
    if isinstance(catalog, FileCatalog):
        return catalog.header_entry()
    return "".join(f"{name}: {value.rstrip(chr(10))}\n" for name, value in catalog.mime_headers)


def take_template_fields(catalog: Catalog, template: Catalog) -> None:
    """Give ``catalog`` the header fields msgmerge takes from the template, as written there."""
    values = dict((name.lower(), value) for name, value in template.mime_headers)
    for name in FROM_TEMPLATE:
        value = values.get(name.lower())
        if value is None:
            continue
        if isinstance(catalog, FileCatalog):
            catalog.set_field(name, value)
        elif name == "POT-Creation-Date":
            catalog.creation_date = template.creation_date


# The Translation Project's team names for variants of a language, which msgmerge reads
# beside the languages' English names (translationproject.org/team/).
_VARIANT_TEAMS = {"Austrian": "de_AT", "English (British)": "en_GB", "Argentinian": "es_AR",
                  "Spanish (Canary Islands)": "es_IC", "Brazilian Portuguese": "pt_BR",
                  "Chinese (simplified)": "zh_CN", "Chinese (Hong Kong)": "zh_HK",
                  "Chinese (traditional)": "zh_TW"}
PLACEHOLDER_TEAM = "LANGUAGE <LL@li.org>"  # xgettext's Language-Team in a template


@cache
def _languages_by_english_name() -> dict[str, str]:
    return {name: code for code, name in Locale("en").languages.items() if "_" not in code}


def team_language(team: str) -> str:
    """The language code a Language-Team field names, read as msgmerge reads it: the English
    name of a language once the address after it is taken off (``French
    <traduc@traduc.org>`` → ``fr``, ``Persian (http://www.transifex.com/…/fa/)`` → ``fa``);
    "" for a name no language has, and for a team written without an address, which
    msgmerge compares with its line end and so never recognizes."""
    value = team.strip(" \t")
    cut = max(value.rfind(" "), value.rfind("\t")) + 1
    last = value[cut:]
    if not last or not (last.startswith("<") or value.endswith(">") or "@" in value
                        or "/" in value):
        return ""
    name = value[:cut].rstrip(" \t")
    return _VARIANT_TEAMS.get(name) or _languages_by_english_name().get(name, "")


def _fields_found(catalog: FileCatalog) -> dict[str, str]:
    return {m.group(1).strip().lower(): m.group(2).strip()
            for m in map(_FIELD.match, (catalog.header_text or "").splitlines()) if m}


def add_language_field(catalog: Catalog) -> None:
    """Give a catalog whose header has a Language-Team but no Language field the Language
    msgmerge adds (gettext 0.18 made the field): the team's language, else empty."""
    if not isinstance(catalog, FileCatalog) or catalog.header_text is None:
        return
    fields = _fields_found(catalog)
    if "language" in fields or "language-team" not in fields:
        return
    code = team_language(fields["language-team"])
    catalog.set_field("Language", code, model=bool(code))


def start_from_template(catalog: FileCatalog, template: FileCatalog, lang: str,
                        team: str) -> None:
    """Give a new ``catalog`` for ``lang`` the header of ``template`` as found — its
    comment, fields, their order and spelling — with what msginit fills in: Language,
    Plural-Forms for the language (``catalog``'s, from Babel's locale data), the team and
    the charset where the template has xgettext's placeholders."""
    plural_forms = catalog.plural_forms
    catalog.read_header(template.header_text or "")
    catalog.header_comment = template.header_comment
    catalog.fuzzy = False
    found = _fields_found(catalog)
    catalog.set_field("Language", lang)
    if found.get("language-team", PLACEHOLDER_TEAM) == PLACEHOLDER_TEAM:
        catalog.set_field("Language-Team", team)
    if "charset=charset" in found.get("content-type", "charset=CHARSET").lower():
        catalog.set_field("Content-Type", "text/plain; charset=UTF-8")
    catalog.set_field("Plural-Forms", plural_forms)
