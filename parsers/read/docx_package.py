"""The parts of a Word package the .docx reader needs, checked and decompressed in one pass over the zip.

The package is checked before any XML is parsed: a zip bomb (over 200 MB uncompressed, or
compressed more than 100:1) and any XML part that declares a DOCTYPE (OOXML never does; it is how
XXE and entity-expansion attacks start) are refused; so is a part that is encrypted or compressed in
a way Word never writes.  Every XML part is checked, whatever its name and encoding (UTF-8, -16 or
-32); the parts read are parsed with `resolve_entities=False` and `no_network=True` as a second
line.  The sizes checked are the ones the zip declares; zipfile stops at the declared size and
checks the CRC, so a lying entry fails to read instead of growing.

The XML parts' bytes from that pass are kept, so no part is decompressed twice.  The main document
is found as Word (and python-docx) find it: the package's officeDocument relationship
(`_rels/.rels`), its content type in `[Content_Types].xml`, then the styles and numbering parts by
the main part's own relationships; each is parsed with a plain lxml parser (python-docx's
settings: blank text between elements dropped).  python-docx's failures are kept: a missing
part or relationship is a KeyError, two relationships of one type or a main part that is not a
Word document a ValueError.  A package without a styles part gets python-docx's default styles,
as python-docx gives it.
"""

from __future__ import annotations

import importlib.util
import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from parsers.read.base import MB, DocumentError
from parsers.words.text import one_line, printable

MAX_UNCOMPRESSED = 200 * MB
MAX_RATIO = 100
_XML_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in _XML_CODECS)
_XML_START = tuple("<".encode(codec) for codec in _XML_CODECS)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_WORD_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}  # all Word ever writes
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, huge_tree=False)
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT, _STYLES, _NUMBERING = (_RT + name for name in ("officeDocument", "styles", "numbering"))
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_DOCUMENT_TYPE, _NUMBERING_TYPE = _CT + "document.main+xml", _CT + "numbering+xml"


@dataclass(frozen=True)
class WordParts:
    """The parsed parts the reader reads: the main document, its styles and its numbering (if any)."""

    document: etree._ElementTree
    styles: etree._ElementTree
    numbering: etree._ElementTree | None


def read_parts(data: bytes, path: str) -> WordParts:
    """Check the package (see the module docstring) and parse the parts the reader needs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(members, path)
            _check_methods(members, path)
            package = _Package(archive, _checked_xml(archive, members, path))
            return package.word_parts()
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise DocumentError(
            path, f"corrupt or truncated .docx ({one_line(err)}): re-save or re-download it"
        ) from None


def _check_sizes(members: list[zipfile.ZipInfo], path: str) -> None:
    unpacked = sum(m.file_size for m in members)
    ratio = unpacked / max(sum(m.compress_size for m in members), 1)
    if unpacked > MAX_UNCOMPRESSED:
        raise DocumentError(
            path,
            f"refused as a possible zip bomb: {unpacked / MB:.0f} MB uncompressed "
            f"(limit {MAX_UNCOMPRESSED // MB} MB)",
        )
    if ratio > MAX_RATIO:
        raise DocumentError(
            path, f"refused as a possible zip bomb: compressed {ratio:.0f}:1 (limit {MAX_RATIO}:1)"
        )


def _check_methods(members: list[zipfile.ZipInfo], path: str) -> None:
    """Refuse an encrypted part or one compressed in a way Word never writes (zipfile cannot read them)."""
    for member in members:
        if member.flag_bits & 0x1:
            raise DocumentError(
                path, f"{printable(member.filename)!r} is encrypted: remove the password in Word and retry"
            )
        if member.compress_type not in _WORD_METHODS:
            raise DocumentError(
                path,
                f"{printable(member.filename)!r} is compressed with zip method {member.compress_type}, "
                "which Word never writes: open and re-save it in Word, then retry",
            )


def _checked_xml(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], path: str) -> dict[str, bytes]:
    """Every XML part's bytes by member name, whatever its name (a part renamed .XML) or encoding
    (UTF-8, -16, -32), each refused if it declares a DOCTYPE; every other part is read (its CRC
    checked) and dropped."""
    parts: dict[str, bytes] = {}
    for member in members:
        data = archive.read(member)
        if _is_xml(member.filename, data):
            # UTF-16 and -32 spell "<!DOCTYPE" with NUL bytes, which UTF-8 XML never has
            needles = _DOCTYPE if b"\0" in data else _DOCTYPE[:1]
            if any(needle in data for needle in needles):
                raise DocumentError(
                    path,
                    f"{printable(member.filename)!r} declares a DOCTYPE, which .docx never does "
                    "(possible XML entity attack): refused",
                )
            parts[member.filename] = data  # a repeated name: the last, as zipfile reads it
    return parts


def _is_xml(name: str, data: bytes) -> bool:
    """An XML part by its name, or by its first character (after a byte-order mark); not an SVG image,
    which may carry a DOCTYPE and is never parsed."""
    if name.lower().endswith((".xml", ".rels")):
        return True
    if name.lower().endswith(".svg"):
        return False
    head = next((data[len(bom) :] for bom in _BOMS if data.startswith(bom)), data).lstrip(b" \t\r\n")
    return head.startswith(_XML_START)


@dataclass(frozen=True)
class _Relationship:
    type: str
    target: str  # a part name ("/word/styles.xml") or, for an external one, its address
    external: bool


class _Package:
    """Part lookup by relationship over the checked XML parts (a non-XML part from the archive)."""

    def __init__(self, archive: zipfile.ZipFile, xml_parts: dict[str, bytes]) -> None:
        self._archive = archive
        self._xml_parts = xml_parts
        self._rels: dict[str, list[_Relationship]] = {}

    def word_parts(self) -> WordParts:
        types = _ContentTypes(self._parse("/[Content_Types].xml").getroot())
        main = self._related("/", _OFFICE_DOCUMENT)
        if types[main] != _DOCUMENT_TYPE:
            raise ValueError(f"file is not a Word file, content type is '{types[main]}'")
        styles = self._related(main, _STYLES, required=False)
        numbering = self._related(main, _NUMBERING, required=False)
        return WordParts(
            document=self._parse(main),
            styles=_default_styles() if styles is None else self._parse(styles),
            numbering=None
            if numbering is None or types[numbering] != _NUMBERING_TYPE
            else self._parse(numbering),
        )

    def _blob(self, part_name: str) -> bytes:
        member = part_name.removeprefix("/")
        found = self._xml_parts.get(member)
        return self._archive.read(member) if found is None else found  # KeyError: no such part

    def _parse(self, part_name: str) -> etree._ElementTree:
        return etree.ElementTree(etree.fromstring(self._blob(part_name), _PARSER))

    def _related(self, source: str, type_: str, required: bool = True) -> str | None:
        """The part the one relationship of `type_` of `source` targets (None or KeyError without)."""
        matching = [rel for rel in self._relationships(source) if rel.type == type_]
        if not matching:
            if required:
                raise KeyError(f"no relationship of type '{type_}' in collection")
            return None
        if len(matching) > 1:
            raise ValueError(f"multiple relationships of type '{type_}' in collection")
        if matching[0].external:
            raise ValueError(f"the relationship of type '{type_}' targets an external address")
        return matching[0].target

    def _relationships(self, source: str) -> list[_Relationship]:
        """A part's relationships (`_rels/<name>.rels` beside it; none without that part), parsed once."""
        if source not in self._rels:
            self._rels[source] = self._read_relationships(source)
        return self._rels[source]

    def _read_relationships(self, source: str) -> list[_Relationship]:
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels.removeprefix("/") not in self._xml_parts:  # a .rels member is always an XML part
            return []
        return [
            _relationship(element, folder)
            for element in self._parse(rels).getroot().iterchildren(f"{_RELS_NS}Relationship")
        ]


def _relationship(element: etree._Element, folder: str) -> _Relationship:
    type_, target = _required(element, "Type"), _required(element, "Target")
    if element.get("TargetMode") == "External":
        return _Relationship(type_, target, external=True)
    return _Relationship(type_, posixpath.abspath(posixpath.join(folder, target)), external=False)


def _required(element: etree._Element, name: str) -> str:
    value = element.get(name)
    if value is None:
        raise ValueError(f"required '{name}' attribute not present on element Relationship")
    return value


class _ContentTypes:
    """[Content_Types].xml: a part's type by its name (Override) or extension (Default), either case."""

    def __init__(self, types: etree._Element) -> None:
        self._overrides = {
            (o.get("PartName") or "").lower(): o.get("ContentType")
            for o in types.iterchildren(f"{_TYPES_NS}Override")
        }
        self._defaults = {
            (d.get("Extension") or "").lower(): d.get("ContentType")
            for d in types.iterchildren(f"{_TYPES_NS}Default")
        }

    def __getitem__(self, part_name: str) -> str | None:
        extension = posixpath.splitext(part_name)[1].removeprefix(".").lower()
        if part_name.lower() in self._overrides:
            return self._overrides[part_name.lower()]
        if extension in self._defaults:
            return self._defaults[extension]
        raise KeyError(f"no content type for partname '{part_name}' in [Content_Types].xml")


def _default_styles() -> etree._ElementTree:
    """python-docx's default styles part (its template), which it gives a package without one."""
    spec = importlib.util.find_spec("docx")  # the location only: importing python-docx costs ~0.1 s
    assert spec is not None and spec.origin is not None
    template = Path(spec.origin).with_name("templates") / "default-styles.xml"
    return etree.ElementTree(etree.fromstring(template.read_bytes(), _PARSER))
