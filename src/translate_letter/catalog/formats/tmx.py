"""TMX 1.4b, the translation memories of CAT tools (OmegaT, Trados, memoQ): read through
defusedxml, so an entity bomb or an external entity is refused, and written plainly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from ...core.errors import UserError
from ..files import atomic_write_bytes
from ..states import State
from . import TranslationUnit, primary, register

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class TmxFormat:
    name = "tmx"
    suffixes = (".tmx",)

    def units(self, path: Path, source_language: str) -> Iterator[TranslationUnit]:
        """A unit for every other language of every ``<tu>`` that holds the source."""
        try:
            root = parse(path, forbid_dtd=True).getroot()
        except DefusedXmlException as exc:
            raise UserError(f"{path}: refused, the file declares what TMX never needs "
                            f"({type(exc).__name__})") from None
        except ElementTree.ParseError as exc:
            raise UserError(f"{path}: not a valid TMX file ({exc})") from None
        except OSError as exc:
            raise UserError(f"{path}: cannot read ({exc.strerror})") from None
        if root.tag != "tmx":
            raise UserError(f"{path}: not a TMX file (root element <{root.tag}>)")
        return _units(root, primary(source_language))

    def write_units(self, path: Path, units: Iterable[TranslationUnit],
                    source_language: str) -> None:
        """A TMX 1.4b file of ``units``, one ``<tu>`` each."""
        root = ElementTree.Element("tmx", version="1.4")
        ElementTree.SubElement(root, "header", {
            "creationtool": "translate-letter", "creationtoolversion": "1",
            "segtype": "sentence", "o-tmf": "PO", "adminlang": "en",
            "srclang": source_language, "datatype": "plaintext"})
        body = ElementTree.SubElement(root, "body")
        for unit in units:
            tu = ElementTree.SubElement(body, "tu")
            ElementTree.SubElement(tu, "prop", type="x-state").text = str(unit.state)
            for lang, text in ((source_language, unit.source), (unit.lang, unit.target)):
                tuv = ElementTree.SubElement(tu, "tuv", {XML_LANG: lang})
                ElementTree.SubElement(tuv, "seg").text = text
        ElementTree.indent(root)
        atomic_write_bytes(path, ElementTree.tostring(root, encoding="utf-8",
                                                      xml_declaration=True) + b"\n")


def _units(root: ElementTree.Element, source: str) -> Iterator[TranslationUnit]:
    for tu in root.iter("tu"):
        segments: dict[str, str] = {}
        for variant in tu.iter("tuv"):
            lang = variant.get(XML_LANG) or variant.get("lang") or ""
            seg = variant.find("seg")
            if lang and seg is not None:
                segments.setdefault(lang, "".join(seg.itertext()))
        original = next((text for lang, text in segments.items() if primary(lang) == source),
                        None)
        if not original:
            continue
        state = _state(tu)
        for lang, target in segments.items():
            if primary(lang) != source and target.strip():
                yield TranslationUnit(original, target, lang, state)


def _state(tu: ElementTree.Element) -> State:
    """The state a unit says it is in (``<prop type="x-state">``), else translated: a
    memory holds what people translated."""
    for prop in tu.iter("prop"):
        if prop.get("type") == "x-state" and prop.text in {s.value for s in State}:
            return State(prop.text)
    return State.TRANSLATED


register(TmxFormat())
