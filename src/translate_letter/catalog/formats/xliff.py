"""XLIFF, the file a translator's own tool (OmegaT, Trados, memoQ, Virtaal, Poedit) takes
in and gives back: version 1.2 (``urn:oasis:names:tc:xliff:document:1.2``) and 2.0
(``urn:oasis:names:tc:xliff:document:2.0``), written with the standard library and read
through ``defusedxml`` (no DTD, no entities: a billion-laughs file is refused in one line).

One unit per catalog entry: its id is the entry's id, and it carries the entry's source and
translation, its places and glossary terms as notes, and its state in the format's own words
(:data:`STATES_12`, :data:`STATES_20`).  A plural entry is a group of one unit per form.
Each unit also carries the *base* of its entry when it was exported (a hash of its state
and text: ``extradata`` in 1.2, ``tl:base`` in 2.0), so that an import tells a translation
made in the tool from a change made in the review app since.
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET  # writing only; every read goes through defusedxml
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ...core.errors import UserError
from ..states import State
from . import TranslationUnit, register

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_TL = "urn:translate-letter:xliff"  # this tool's extension attributes (2.0)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
PLURALS_12 = "x-gettext-plurals"  # as translate-toolkit's po2xliff groups plural forms
PLURALS_20 = "tl:plurals"

# The state of an entry, and the target state each version writes for it.
STATES_12 = {State.UNTRANSLATED: "new", State.DRAFT: "needs-review-translation",
             State.TRANSLATED: "translated", State.APPROVED: "signed-off"}
STATES_20 = {State.UNTRANSLATED: "initial", State.DRAFT: "translated",
             State.TRANSLATED: "translated", State.APPROVED: "final"}
DRAFT_20 = "tl:draft"  # the subState that tells a draft from a translation in 2.0
VERSIONS = {"xliff": "1.2", "xliff2": "2.0"}

ET.register_namespace("tl", NS_TL)


def base_of(state: State, forms: Iterable[str]) -> str:
    """What an entry was, in 16 hex digits: its state and its translation forms."""
    data = "\x00".join([str(state), *forms]).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class XliffUnit:
    """One entry as an XLIFF file holds it: ``sources`` and ``targets`` have one form
    each, or the forms of a plural entry; ``base`` is None in a file another tool made."""

    id: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    state: State
    base: str | None = None
    notes: tuple[tuple[str, str], ...] = ()  # (kind, text): place, draft, glossary
    plural: bool = False


@dataclass
class XliffFile:
    """An XLIFF document: one file element per catalog (document, language)."""

    version: str  # "1.2" or "2.0"
    document: str
    source_language: str
    target_language: str
    units: list[XliffUnit] = field(default_factory=list)


# -- writing ----------------------------------------------------------------------------------


def xliff_bytes(xliff: XliffFile, tool_version: str = "") -> bytes:
    """The file as UTF-8 XML, in its version."""
    root = _write_12(xliff, tool_version) if xliff.version == "1.2" else _write_20(xliff)
    ET.indent(root, space=" ")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


# The writers name elements without a namespace and declare the format's as the root's
# default (ElementTree's ``default_namespace`` refuses unqualified attributes).
def _write_12(xliff: XliffFile, tool_version: str) -> ET.Element:
    root = ET.Element("xliff", xmlns=NS_12, version="1.2")
    file = ET.SubElement(root, "file", {
        "original": xliff.document, "datatype": "plaintext",
        "source-language": xliff.source_language, "target-language": xliff.target_language})
    header = ET.SubElement(file, "header")
    ET.SubElement(header, "tool", {"tool-id": "translate-letter",
                                       "tool-name": "translate-letter",
                                       "tool-version": tool_version or "0"})
    body = ET.SubElement(file, "body")
    _write_units(body, xliff.units, {"restype": PLURALS_12}, "{}[{}]",
                 lambda parent, unit, uid, source, target, first:
                 _unit_12(parent, unit, uid, source, target, xliff))
    return root


def _write_units(parent: ET.Element, units: list[XliffUnit], plurals: dict[str, str],
                 form_id: str, write) -> None:
    """Each unit through ``write(parent, unit, id, source, target, first)``; a plural entry
    as a group (``plurals``: its marking) of one unit per form, named by ``form_id``."""
    for unit in units:
        if unit.plural:
            group = ET.SubElement(parent, "group", {"id": unit.id, **plurals})
            for n, (source, target) in enumerate(_forms(unit)):
                write(group, unit, form_id.format(unit.id, n), source, target, n == 0)
        else:
            write(parent, unit, unit.id, unit.sources[0], _target(unit, 0), True)


def _unit_12(parent: ET.Element, unit: XliffUnit, uid: str, source: str, target: str,
             xliff: XliffFile) -> None:
    attributes = {"id": uid, XML_SPACE: "preserve"}
    if unit.base:
        attributes["extradata"] = f"base:{unit.base}"
    if unit.state is State.APPROVED:
        attributes["approved"] = "yes"
    element = ET.SubElement(parent, "trans-unit", attributes)
    ET.SubElement(element, "source", {XML_LANG: xliff.source_language}).text = source
    ET.SubElement(element, "target", {XML_LANG: xliff.target_language,
                                          "state": STATES_12[unit.state]}).text = target
    for kind, text in unit.notes:
        ET.SubElement(element, "note", {"from": kind}).text = text


def _write_20(xliff: XliffFile) -> ET.Element:
    root = ET.Element("xliff", {"xmlns": NS_20, "version": "2.0",
                                "srcLang": xliff.source_language,
                                "trgLang": xliff.target_language})
    file = ET.SubElement(root, "file", id=_nmtoken(xliff.document),
                         original=xliff.document)
    _write_units(file, xliff.units, {"type": PLURALS_20}, "{}-{}", _unit_20)
    return root


def _unit_20(parent: ET.Element, unit: XliffUnit, uid: str, source: str, target: str,
             with_notes: bool) -> None:
    attributes = {"id": uid, XML_SPACE: "preserve"}
    if unit.base:
        attributes[f"{{{NS_TL}}}base"] = unit.base
    element = ET.SubElement(parent, "unit", attributes)
    if unit.notes and with_notes:
        notes = ET.SubElement(element, "notes")
        for kind, text in unit.notes:
            ET.SubElement(notes, "note", category=kind).text = text
    segment = ET.SubElement(element, "segment", state=STATES_20[unit.state])
    if unit.state is State.DRAFT:
        segment.set("subState", DRAFT_20)
    ET.SubElement(segment, "source").text = source
    if unit.state is not State.UNTRANSLATED:
        ET.SubElement(segment, "target").text = target


def _forms(unit: XliffUnit) -> Iterator[tuple[str, str]]:
    """(source, target) of each form: the plural source serves every form after the first."""
    for n in range(max(len(unit.targets), len(unit.sources))):
        yield unit.sources[min(n, len(unit.sources) - 1)], _target(unit, n)


def _target(unit: XliffUnit, n: int) -> str:
    return unit.targets[n] if n < len(unit.targets) else ""


def _nmtoken(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "document"


# -- reading ----------------------------------------------------------------------------------


def read_xliff(data: bytes, name: str) -> list[XliffFile]:
    """Every file element of XLIFF ``data`` (1.2 or 2.0); anything else, malformed XML or
    a DTD is a one-line :class:`UserError` naming ``name``."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UserError(f"{name}: refused: the file declares a DTD or entities ({exc})"
                        ) from None
    except ET.ParseError as exc:
        raise UserError(f"{name}: not well-formed XML ({exc})") from None
    if root.tag == f"{{{NS_12}}}xliff":
        return [_file_12(element, name) for element in root.iter(f"{{{NS_12}}}file")]
    if root.tag == f"{{{NS_20}}}xliff":
        return [_file_20(element, root, name) for element in root.iter(f"{{{NS_20}}}file")]
    raise UserError(f"{name}: not an XLIFF 1.2 or 2.0 file (its root is {root.tag!r})")


def _file_12(element: ET.Element, name: str) -> XliffFile:
    q = f"{{{NS_12}}}"
    found = XliffFile("1.2", element.get("original", ""),
                      element.get("source-language", ""), element.get("target-language", ""))
    body = element.find(f"{q}body")
    for child in (body if body is not None else ()):
        if child.tag == f"{q}trans-unit":
            found.units.append(_unit_from_12([child], child.get("id", ""), False))
        elif child.tag == f"{q}group" and child.get("restype") == PLURALS_12:
            found.units.append(_unit_from_12(child.findall(f"{q}trans-unit"),
                                             child.get("id", ""), True))
        elif child.tag == f"{q}group":  # a group another tool made: its units count
            found.units.extend(_unit_from_12([unit], unit.get("id", ""), False)
                               for unit in child.iter(f"{q}trans-unit"))
    if not found.target_language:
        raise UserError(f"{name}: its file element has no target-language")
    return found


def _unit_from_12(elements: list[ET.Element], uid: str, plural: bool) -> XliffUnit:
    q = f"{{{NS_12}}}"
    sources, targets, states = [], [], []
    for element in elements:
        sources.append(_text(element.find(f"{q}source")))
        target = element.find(f"{q}target")
        targets.append(_text(target))
        states.append(_state_12(element, target))
    extradata = elements[0].get("extradata", "") if elements else ""
    base = extradata.removeprefix("base:") if extradata.startswith("base:") else None
    return XliffUnit(uid, _plural_sources(sources, plural), tuple(targets),
                     min(states, default=State.UNTRANSLATED, key=_rank), base, plural=plural)


def _state_12(unit: ET.Element, target: ET.Element | None) -> State:
    if target is None or not _text(target):
        return State.UNTRANSLATED
    if unit.get("approved") == "yes" or target.get("state") in ("final", "signed-off"):
        return State.APPROVED
    if target.get("state", "translated") in ("new", "needs-translation") or \
            target.get("state", "").startswith("needs-"):
        return State.DRAFT
    return State.TRANSLATED


def _file_20(element: ET.Element, root: ET.Element, name: str) -> XliffFile:
    q = f"{{{NS_20}}}"
    found = XliffFile("2.0", element.get("original") or element.get("id", ""),
                      root.get("srcLang", ""), root.get("trgLang", ""))
    if not found.target_language:
        raise UserError(f"{name}: its xliff element has no trgLang")
    for child in element:
        if child.tag == f"{q}unit":
            found.units.append(_unit_from_20([child], child.get("id", ""), False))
        elif child.tag == f"{q}group" and child.get("type") == PLURALS_20:
            found.units.append(_unit_from_20(child.findall(f"{q}unit"),
                                             child.get("id", ""), True))
        elif child.tag == f"{q}group":
            found.units.extend(_unit_from_20([unit], unit.get("id", ""), False)
                               for unit in child.iter(f"{q}unit"))
    return found


def _unit_from_20(elements: list[ET.Element], uid: str, plural: bool) -> XliffUnit:
    q = f"{{{NS_20}}}"
    sources, targets, states = [], [], []
    for element in elements:
        segments = element.findall(f"{q}segment")
        sources.append("".join(_text(s.find(f"{q}source")) for s in segments))
        targets.append("".join(_text(s.find(f"{q}target")) for s in segments))
        states.append(_state_20(segments, targets[-1]))
    base = elements[0].get(f"{{{NS_TL}}}base") if elements else None
    return XliffUnit(uid, _plural_sources(sources, plural), tuple(targets),
                     min(states, default=State.UNTRANSLATED, key=_rank), base, plural=plural)


def _state_20(segments: list[ET.Element], target: str) -> State:
    if not target:
        return State.UNTRANSLATED
    states = {s.get("state", "initial") for s in segments}
    if states <= {"final", "reviewed"}:
        return State.APPROVED
    if "initial" in states or any(s.get("subState") == DRAFT_20 for s in segments):
        return State.DRAFT
    return State.TRANSLATED


def _plural_sources(sources: list[str], plural: bool) -> tuple[str, ...]:
    """A plural entry's msgid and msgid_plural (the second form's source)."""
    if plural and len(sources) > 1:
        return sources[0], sources[1]
    return tuple(sources[:1]) or ("",)


_ORDER = (State.UNTRANSLATED, State.DRAFT, State.TRANSLATED, State.APPROVED)


def _rank(state: State) -> int:
    return _ORDER.index(state)


def _text(element: ET.Element | None) -> str:
    """An element's text with the text of inline elements in it (``<mrk>``, ``<g>``…)."""
    return "" if element is None else "".join(element.itertext())


class XliffFormat:
    """The registry's view of XLIFF: its units as a translation memory reads them."""

    name = "xliff"
    suffixes = (".xlf", ".xliff")

    def units(self, path: Path, source_language: str) -> Iterator[TranslationUnit]:
        for found in read_xliff(path.read_bytes(), str(path)):
            for unit in found.units:
                if unit.state is State.UNTRANSLATED or unit.plural:
                    continue
                yield TranslationUnit(unit.sources[0], unit.targets[0],
                                      found.target_language, unit.state)


register(XliffFormat())
