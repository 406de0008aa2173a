"""Reader for Word documents (`*.docx`): paragraphs and tables in body order, merged cells on the grid.

The package is checked before python-docx opens it: a zip bomb (over 200 MB
uncompressed, or compressed more than 100:1) and any XML part that declares a
DOCTYPE (OOXML never does; it is how XXE and entity-expansion attacks start) are
refused; so is a part that is encrypted or compressed in a way Word never writes.  Every XML part is
checked, whatever its name and encoding (UTF-8, -16 or -32).  python-docx parses with
`resolve_entities=False` as a second line.
The sizes checked are the ones the zip declares; zipfile stops at the declared
size and checks the CRC, so a lying entry fails to read instead of growing.

Blocks follow `Document.iter_inner_content()`: content controls (w:sdt, such
as a generated table of contents) and tracked insertions are not walked.  Empty paragraphs are
dropped, as Tika drops blank lines.  A paragraph's position (`line`) is its
1-based index among the body's paragraphs and tables; text boxes in a paragraph
follow it as paragraphs with the same position.  `heading_level` comes from the
paragraph style (Heading N / 标题 N, a style based on one, or the style's outline
level).  Word's automatic numbering is not in the text: headings numbered that
way are counted in a warning; the outline reads them by their heading style, without label (a list
that prints nothing, as LibreOffice attaches to its heading styles, is no numbering).

Tables are read from the `w:tc` elements, not python-docx's repeated cells: a
cell's col_span is its gridSpan, a row's gridBefore shifts its first cell, a
vertically merged cell's continuation rows are empty cells at their grid
position (as Tika prints them) and the restart cell's row_span counts the rows
it covers.  A gridSpan or gridBefore outside Word's 63-column grid (0, negative,
a billion) makes the package unreadable, before any grid is built.  A cell's
text is its paragraphs joined with newlines (empty ones dropped); a nested table
adds one line per row to its cell.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.exceptions import InvalidXmlError, PythonDocxError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import XmlPart
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.styles.style import BaseStyle
from lxml import etree

from models.document import Block, Cell, Paragraph, RawDocument, Source, Table
from parsers.base import CONVERT_FIRST, MB, DocumentError
from parsers.text import clean_text, one_line, printable

log = logging.getLogger(__name__)

MAX_UNCOMPRESSED = 200 * MB
MAX_RATIO = 100
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_XML_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in _XML_CODECS)
_XML_START = tuple("<".encode(codec) for codec in _XML_CODECS)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_WORD_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}  # all Word ever writes
MAX_GRID_COLUMNS = 63  # Word's limit on a table's columns: a wider gridSpan or gridBefore is damage
_MAX_STYLE_DEPTH = 10  # base-style chains can loop in damaged files
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# text boxes of a paragraph: outermost only, and not the VML copy Word keeps as a fallback
_TEXT_BOXES = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback)][not(ancestor::w:txbxContent)]", namespaces=_NS
)
_BOX_PARAGRAPHS = etree.XPath(".//w:p[not(ancestor::mc:Fallback)]", namespaces=_NS)
# python-docx's Paragraph.text (runs and hyperlinked runs; text, tabs, breaks), compiled once: 6x faster
_TEXT_PIECES = etree.XPath(
    "(./w:r | ./w:hyperlink/w:r)/*[self::w:t or self::w:tab or self::w:br or self::w:cr"
    " or self::w:noBreakHyphen or self::w:ptab]",
    namespaces=_NS,
)
# the block content of the body or of a cell, as python-docx's `inner_content_elements`
_BLOCK_CONTENT = etree.XPath("./w:p | ./w:tbl", namespaces=_NS)
_OUTLINE_LEVEL = etree.XPath("./w:pPr/w:outlineLvl/@w:val", namespaces=_NS)
_NUM_IDS = etree.XPath("./w:pPr/w:numPr/w:numId/@w:val", namespaces=_NS)
# lists that print no number: every level of format "none" with no text (LibreOffice's heading outline)
_SILENT_LISTS = etree.XPath(
    "./w:num[w:abstractNumId/@w:val = /w:numbering/w:abstractNum[not(w:lvl[not(w:numFmt/@w:val = 'none')"
    " or string(w:lvlText/@w:val) != ''])]/@w:abstractNumId]/@w:numId",
    namespaces=_NS,
)
# Clark names for direct child look-ups (`_child`), which cost a fraction of python-docx's
# generated properties (`tc.grid_span`, `tc.vMerge`, `tr.grid_before`, `p.style`)
_W = f"{{{_NS['w']}}}"  # the namespace prefix of a Clark name
_TBL, _TR, _TC, _T, _BR = (_W + tag for tag in ("tbl", "tr", "tc", "t", "br"))
_P_PR, _P_STYLE, _TR_PR, _GRID_BEFORE = (_W + tag for tag in ("pPr", "pStyle", "trPr", "gridBefore"))
_TC_PR, _GRID_SPAN, _V_MERGE = (_W + tag for tag in ("tcPr", "gridSpan", "vMerge"))
_VAL, _BR_TYPE, _TXBX_CONTENT = (_W + name for name in ("val", "type", "txbxContent"))
# the text of the other run pieces `_TEXT_PIECES` finds (python-docx's `__str__` of each)
_PIECE_TEXT = {_W + "tab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-", _W + "ptab": "\t"}
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    etree.LxmlError,
    PythonDocxError,
    OpcError,
)


class DocxReader:
    name = "docx"
    version = 1
    format = "docx"
    suffixes = (".docx",)

    def sniff(self, head: bytes) -> str | None:
        if head.startswith(_ZIP_MAGIC):
            return None
        if head.startswith(_OLE_MAGIC):
            return CONVERT_FIRST[".doc"]
        return "not a .docx (ZIP) file"

    def read(self, data: bytes, source: Source) -> RawDocument:
        check_package(data, source.path)
        try:
            document = docx.Document(io.BytesIO(data))
            blocks = read_blocks(document, source.path)
        except KeyError as err:  # zipfile: "There is no item named 'word/document.xml' in the archive"
            raise DocumentError(
                source.path, f"not a complete Word package ({one_line(err)}): re-save it as .docx and retry"
            ) from None
        except _UNREADABLE as err:
            raise DocumentError(
                source.path, f"unreadable .docx ({one_line(err)}): open and re-save it in Word, then retry"
            ) from None
        return RawDocument(source=source, blocks=blocks)


def check_package(data: bytes, path: str) -> None:
    """Refuse a corrupt zip, a zip bomb or an XML part with a DOCTYPE before any XML is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(members, path)
            _check_methods(members, path)
            _check_no_doctype(archive, members, path)
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


def _check_no_doctype(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], path: str) -> None:
    """Every XML part, whatever its name (a part renamed .XML) or encoding (UTF-8, -16, -32)."""
    for member in members:
        data = archive.read(member)
        if _is_xml(member.filename, data) and any(needle in data for needle in _DOCTYPE):
            raise DocumentError(
                path,
                f"{printable(member.filename)!r} declares a DOCTYPE, which .docx never does "
                "(possible XML entity attack): refused",
            )


def _is_xml(name: str, data: bytes) -> bool:
    """An XML part by its name, or by its first character (after a byte-order mark); not an SVG image,
    which may carry a DOCTYPE and is never parsed."""
    if name.lower().endswith((".xml", ".rels")):
        return True
    if name.lower().endswith(".svg"):
        return False
    head = next((data[len(bom) :] for bom in _BOMS if data.startswith(bom)), data).lstrip(b" \t\r\n")
    return head.startswith(_XML_START)


def read_blocks(document: Document, path: str) -> list[Block]:
    """Paragraphs (text boxes after their paragraph) and tables, in body order."""
    styles = _ParagraphStyles(document)
    blocks: list[Block] = []
    for index, element in enumerate(_BLOCK_CONTENT(document.element.body), start=1):
        if element.tag == _TBL:
            blocks.append(read_table(element, index))
        else:
            blocks.extend(_paragraphs(element, index, styles))
    if styles.auto_numbered:
        log.warning(
            "%s: %d headings use Word automatic numbering, which is not in their text; "
            "the outline reads them by their heading style, without label",
            path,
            styles.auto_numbered,
        )
    return blocks


class _ParagraphStyles:
    """Heading levels and numbered heading styles by style id, looked up once per document."""

    def __init__(self, document: Document) -> None:
        paragraph_styles = [s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH]
        self.levels = {s.style_id: level for s in paragraph_styles if (level := _style_level(s))}
        self.silent = {"0", *_silent_lists(document)}  # numId 0: no list
        self.numbered = {s.style_id for s in paragraph_styles if self._prints_number(s.element)}
        self.auto_numbered = 0

    def heading_level(self, p: CT_P) -> int | None:
        style = _required_val(_child(p, _P_PR), _P_STYLE)
        level = self.levels.get(style) if style else None
        if level is not None and (self._prints_number(p) or style in self.numbered):
            self.auto_numbered += 1
        return level

    def _prints_number(self, element: etree._Element) -> bool:
        """Whether a paragraph's or a style's own list numbering prints a number."""
        return any(num_id not in self.silent for num_id in _NUM_IDS(element))


def _silent_lists(document: Document) -> list[str]:
    """The numIds of the document's lists that print no number (none without a numbering part)."""
    try:
        numbering = document.part.part_related_by(RT.NUMBERING)
    except KeyError:  # python-docx's `numbering_part` raises NotImplementedError here
        return []
    return _SILENT_LISTS(numbering.element) if isinstance(numbering, XmlPart) else []


def _style_level(style: BaseStyle) -> int | None:
    """The heading level a style or one of its base styles names, or its outline level (0-based in XML)."""
    current: BaseStyle | None = style
    for _ in range(_MAX_STYLE_DEPTH):
        if current is None:
            return None
        level = _level_from_name(current.name or "") or _level_from_outline(current)
        if level is not None:
            return level
        current = current.base_style
    return None


def _level_from_name(name: str) -> int | None:
    words = name.lower().split()
    if len(words) == 2 and words[0] in ("heading", "标题") and words[1].isdigit():
        return int(words[1])
    return None


def _level_from_outline(style: BaseStyle) -> int | None:
    values = _OUTLINE_LEVEL(style.element)
    if values and values[0].isdigit() and int(values[0]) < 9:  # 9 is body text
        return int(values[0]) + 1
    return None


def _paragraphs(p: CT_P, index: int, styles: _ParagraphStyles) -> list[Paragraph]:
    own = Paragraph(clean_text(paragraph_text(p)), index, heading_level=styles.heading_level(p))
    boxed = [Paragraph(clean_text(text), index) for text in _text_box_lines(p)]
    return [block for block in (own, *boxed) if block.text]


def paragraph_text(p: CT_P) -> str:
    """The same text as python-docx's `Paragraph.text`, without its per-call XPath compilation."""
    parts: list[str] = []
    for piece in _TEXT_PIECES(p):
        tag = piece.tag
        if tag == _T:
            parts.append(piece.text or "")
        elif tag == _BR:  # a line break; page and column breaks have no text
            parts.append("\n" if piece.get(_BR_TYPE, "textWrapping") == "textWrapping" else "")
        else:
            parts.append(_PIECE_TEXT[tag])
    return "".join(parts)


def _text_box_lines(p: CT_P) -> Iterator[str]:
    if next(p.iter(_TXBX_CONTENT), None) is None:  # most paragraphs: skip the XPath
        return
    for box in _TEXT_BOXES(p):
        for inner in _BOX_PARAGRAPHS(box):
            yield paragraph_text(inner)


def read_table(tbl: CT_Tbl, index: int) -> Table:
    """The printed grid of a Word table: one Cell per w:tc, continuation cells of vertical merges empty."""
    rows: list[list[Cell]] = []
    open_merges: dict[int, Cell] = {}  # grid column -> restart cell of a vertical merge open there
    for tr in tbl.iterchildren(_TR):
        row, open_merges = _read_row(tr, len(rows), index, open_merges)
        if row:
            rows.append(row)
    return Table(rows=rows, line=index)


def _read_row(
    tr: CT_Row, r: int, index: int, open_merges: dict[int, Cell]
) -> tuple[list[Cell], dict[int, Cell]]:
    """A row's cells and the vertical merges still open below it."""
    row: list[Cell] = []
    still_open: dict[int, Cell] = {}
    col = _grid_number(_child(tr, _TR_PR), _GRID_BEFORE, 0, index)
    for tc in tr.iterchildren(_TC):
        properties = _child(tc, _TC_PR)
        span = _grid_number(properties, _GRID_SPAN, 1, index)
        if col + span > MAX_GRID_COLUMNS:
            raise ValueError(
                f"a row of the table at position {index} reaches grid column {col + span}, "
                f"past Word's {MAX_GRID_COLUMNS}"
            )
        cell = Cell(row=r, col=col, text="", col_span=span, line=index)
        merge = _vertical_merge(properties)
        if merge == "continue":
            restart = open_merges.get(col)
            if restart is not None:
                restart.row_span += 1
                still_open[col] = restart
        else:
            cell.text = cell_text(tc)
            if merge == "restart":
                still_open[col] = cell
        row.append(cell)
        col += cell.col_span
    return row, still_open


def _child(parent: etree._Element, tag: str) -> etree._Element | None:
    """The first child with this Clark tag, as `parent.find(tag)` without lxml's Python path parser."""
    for child in parent:
        if child.tag == tag:
            return child
    return None


def _required_val(parent: etree._Element | None, tag: str) -> str | None:
    """`parent/tag/@w:val`, None without the element; as python-docx, an error if it lacks the value."""
    child = None if parent is None else _child(parent, tag)
    if child is None:
        return None
    value = child.get(_VAL)
    if value is None:
        raise InvalidXmlError(f"required 'w:val' attribute not present on element {child.tag}")
    return value


def _number(parent: etree._Element | None, tag: str, default: int) -> int:
    """A decimal `parent/tag/@w:val` (gridBefore, gridSpan), `default` without the element."""
    value = _required_val(parent, tag)
    return default if value is None else int(value)


def _grid_number(parent: etree._Element | None, tag: str, default: int, index: int) -> int:
    """A gridBefore (at least 0) or gridSpan (at least 1) within Word's grid; ValueError (an unreadable
    package) for one outside it, which no table Word writes has."""
    value = _number(parent, tag, default)
    if not default <= value <= MAX_GRID_COLUMNS:
        name = tag.removeprefix(_W)
        raise ValueError(
            f"w:{name}={value} in the table at position {index}: outside {default}..{MAX_GRID_COLUMNS}"
        )
    return value


def _vertical_merge(properties: etree._Element | None) -> str | None:
    """A cell's `w:vMerge/@w:val`: "restart", "continue" (also when the value is left out) or None."""
    merge = None if properties is None else _child(properties, _V_MERGE)
    return None if merge is None else merge.get(_VAL, "continue")


def cell_text(tc: CT_Tc) -> str:
    """The cell's paragraphs (and their text boxes) and nested tables' rows, one per line."""
    return clean_text("\n".join(line for line in _cell_lines(tc) if line.strip()))


def _cell_lines(tc: CT_Tc) -> Iterator[str]:
    for element in _BLOCK_CONTENT(tc):
        if element.tag == _TBL:
            yield from _nested_table_lines(element)
        else:
            yield paragraph_text(element)
            yield from _text_box_lines(element)


def _nested_table_lines(tbl: CT_Tbl) -> Iterator[str]:
    """One line per row of a table inside a cell: its cells' texts separated by spaces."""
    for tr in tbl.iterchildren(_TR):
        texts = (cell_text(tc).replace("\n", " ") for tc in tr.iterchildren(_TC))
        yield " ".join(text for text in texts if text)
