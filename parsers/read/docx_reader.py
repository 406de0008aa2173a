"""Reader for Word documents (`*.docx`): paragraphs and tables in body order, merged cells on the grid.

The package is checked and its parts found and parsed by `docx_package` (one pass over the zip, the
main document by its officeDocument relationship, plain lxml parsers); python-docx's `Document()`
is not used (it opened and parsed the whole package a second time, with its own element classes).
A missing part or relationship says the package is incomplete; anything else python-docx would
refuse (malformed XML, a required w:val missing, a style type Word does not know) makes it
unreadable.

The body is flattened in one libxslt pass (`docx_blocks.xsl`: each paragraph's text, style and
numbering, each table's rows and cells with their merges), which costs a fraction of walking runs,
cells and properties from Python; this module builds the blocks and grids from that tree. Blocks
follow python-docx's `Document.iter_inner_content()`: content controls (w:sdt, such as a generated
table of contents) and tracked insertions are not walked. Empty paragraphs are dropped, as Tika drops
blank lines. A paragraph's position (`line`) is its 1-based index among the body's paragraphs and
tables; text boxes in a paragraph follow it as paragraphs with the same position. `heading_level`
comes from the paragraph style (Heading N / 标题 N, a style based on one, or the style's outline
level), read from the styles part as python-docx reads it: the first style of an id wins, and a
package without styles part has python-docx's default styles. Word's automatic numbering is not in
the text: headings numbered that way are counted in a warning; the outline reads them by their
heading style, without label (a list that prints nothing, as LibreOffice attaches to its heading
styles, is no numbering).

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

import logging
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from models.document import Block, Cell, Paragraph, RawDocument, Source, Table
from parsers.read.base import CONVERT_FIRST, DocumentError
from parsers.read.docx_package import WordParts, read_parts
from parsers.words.text import clean_text, one_line

log = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_GRID_COLUMNS = 63  # Word's limit on a table's columns: a wider gridSpan or gridBefore is damage
_MAX_STYLE_DEPTH = 10  # base-style chains can loop in damaged files
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_W = f"{{{_NS['w']}}}"
_STYLE_TYPES = ("paragraph", "character", "table", "numbering")  # python-docx's WD_STYLE_TYPE
_GRID_NAMES = {"b": "gridBefore", "g": "gridSpan"}  # flattened attribute -> the w: element it holds
_OUTLINE_LEVEL = etree.XPath("./w:pPr/w:outlineLvl/@w:val", namespaces=_NS)
_NUM_IDS = etree.XPath("./w:pPr/w:numPr/w:numId/@w:val", namespaces=_NS)
# lists that print no number: every level of format "none" with no text (LibreOffice's heading outline)
_SILENT_LISTS = etree.XPath(
    "./w:num[w:abstractNumId/@w:val = /w:numbering/w:abstractNum[not(w:lvl[not(w:numFmt/@w:val = 'none')"
    " or string(w:lvlText/@w:val) != ''])]/@w:abstractNumId]/@w:numId",
    namespaces=_NS,
)
# the body as paragraphs (text, style, numbering) and tables (rows, cells, merges), in one libxslt pass
_BODY_BLOCKS = etree.XSLT(etree.parse(str(Path(__file__).with_name("docx_blocks.xsl"))))
_UNREADABLE = (ValueError, etree.LxmlError)  # zip errors are docx_package's: a corrupt package


class DocxReader:
    name = "docx"
    version = 1
    format = "docx"
    suffixes = (".docx",)

    def sniff(self, head: bytes) -> str | None:
        if head.startswith(ZIP_MAGIC):
            return None
        if head.startswith(_OLE_MAGIC):
            return CONVERT_FIRST[".doc"]
        return "not a .docx (ZIP) file"

    def read(self, data: bytes, source: Source) -> RawDocument:
        try:
            blocks = read_blocks(read_parts(data, source.path), source.path)
        except KeyError as err:  # zipfile: "There is no item named 'word/document.xml' in the archive"
            raise DocumentError(
                source.path, f"not a complete Word package ({one_line(err)}): re-save it as .docx and retry"
            ) from None
        except _UNREADABLE as err:
            raise DocumentError(
                source.path, f"unreadable .docx ({one_line(err)}): open and re-save it in Word, then retry"
            ) from None
        return RawDocument(source=source, blocks=blocks)


def read_blocks(parts: WordParts, path: str) -> list[Block]:
    """Paragraphs (text boxes after their paragraph) and tables, in body order."""
    styles = _ParagraphStyles(parts)
    blocks: list[Block] = []
    body = _BODY_BLOCKS(parts.document).getroot()
    for index, element in enumerate(body, start=1):
        if element.tag == "t":
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

    def __init__(self, parts: WordParts) -> None:
        all_styles = list(parts.styles.getroot().iterchildren(f"{_W}style"))
        by_id: dict[str | None, etree._Element] = {}
        for style in all_styles:
            by_id.setdefault(
                style.get(f"{_W}styleId"), style
            )  # the first of an id, as python-docx's get_by_id
        paragraph_styles = [s for s in all_styles if _style_type(s) in (None, "paragraph")]
        self.levels = {
            s.get(f"{_W}styleId"): level for s in paragraph_styles if (level := _style_level(s, by_id))
        }
        numbering = parts.numbering
        silent = [] if numbering is None else _SILENT_LISTS(numbering.getroot())
        self.silent = {"0", *silent}  # numId 0: no list
        self.numbered = {s.get(f"{_W}styleId") for s in paragraph_styles if self._prints_number(_NUM_IDS(s))}
        self.auto_numbered = 0

    def heading_level(self, p: etree._Element) -> int | None:
        """The level of a flattened paragraph (`<p s="style id">` with its `<n>` numIds)."""
        style = _required(p, "s")
        level = self.levels.get(style) if style else None
        if level is None:  # body text: its numbering does not matter
            return None
        num_ids = [num_id.text or "" for num_id in p.iterchildren("n")]
        if self._prints_number(num_ids) or style in self.numbered:
            self.auto_numbered += 1
        return level

    def _prints_number(self, num_ids: list[str]) -> bool:
        """Whether a paragraph's or a style's own list numbering (its numIds) prints a number."""
        return any(num_id not in self.silent for num_id in num_ids)


def _style_type(style: etree._Element) -> str | None:
    """A style's w:type (None without one); one Word does not know makes the package unreadable."""
    value = style.get(f"{_W}type")
    if value is not None and value not in _STYLE_TYPES:
        raise ValueError(f"WD_STYLE_TYPE has no XML mapping for '{value}'")
    return value


def _style_level(style: etree._Element, by_id: dict[str | None, etree._Element]) -> int | None:
    """The heading level a style or one of its base styles names, or its outline level (0-based in XML)."""
    current: etree._Element | None = style
    for _ in range(_MAX_STYLE_DEPTH):
        if current is None:
            return None
        level = _level_from_name(_child_val(current, "name") or "") or _level_from_outline(current)
        if level is not None:
            return level
        based_on = _child_val(current, "basedOn")
        current = None if based_on is None else by_id.get(based_on)
    return None


def _child_val(style: etree._Element, name: str) -> str | None:
    """The w:val of a style's first w:`name` child (None without one), which Word requires there."""
    child = style.find(f"{_W}{name}")
    if child is None:
        return None
    value = child.get(f"{_W}val")
    if value is None:
        raise ValueError(f"required 'w:val' attribute not present on element w:{name}")
    return value


def _level_from_name(name: str) -> int | None:
    words = name.lower().split()
    if len(words) == 2 and words[0] in ("heading", "标题") and words[1].isdigit():
        return int(words[1])
    return None


def _level_from_outline(style: etree._Element) -> int | None:
    values = _OUTLINE_LEVEL(style)
    if values and values[0].isdigit() and int(values[0]) < 9:  # 9 is body text
        return int(values[0]) + 1
    return None


def _paragraphs(p: etree._Element, index: int, styles: _ParagraphStyles) -> list[Paragraph]:
    """A flattened paragraph: its own text (`<l>`) and its text boxes' paragraphs (`<x>`)."""
    level = styles.heading_level(p)
    texts = [clean_text(line.text or "") for line in p.iterchildren("l", "x")]
    own, *boxed = texts
    blocks = [Paragraph(own, index, heading_level=level), *(Paragraph(text, index) for text in boxed)]
    return [block for block in blocks if block.text]


def read_table(table: etree._Element, index: int) -> Table:
    """The printed grid of a flattened Word table (`<t>`): one Cell per `<c>` (w:tc), continuation cells
    of vertical merges empty."""
    rows: list[list[Cell]] = []
    open_merges: dict[int, Cell] = {}  # grid column -> restart cell of a vertical merge open there
    for tr in table.iterchildren("r"):
        row, open_merges = _read_row(tr, len(rows), index, open_merges)
        if row:
            rows.append(row)
    return Table(rows=rows, line=index)


def _read_row(
    tr: etree._Element, r: int, index: int, open_merges: dict[int, Cell]
) -> tuple[list[Cell], dict[int, Cell]]:
    """A row's cells and the vertical merges still open below it."""
    row: list[Cell] = []
    still_open: dict[int, Cell] = {}
    col = _grid_number(tr, "b", 0, index)
    for tc in tr.iterchildren("c"):
        span = _grid_number(tc, "g", 1, index)
        if col + span > MAX_GRID_COLUMNS:
            raise ValueError(
                f"a row of the table at position {index} reaches grid column {col + span}, "
                f"past Word's {MAX_GRID_COLUMNS}"
            )
        merge = tc.get("m")  # w:vMerge: "restart", "continue" or None
        if merge == "continue":
            cell = Cell(r, col, "", col_span=span, line=index)
            restart = open_merges.get(col)
            if restart is not None:
                restart.row_span += 1
                still_open[col] = restart
        else:
            cell = Cell(r, col, cell_text(tc), col_span=span, line=index)
            if merge == "restart":
                still_open[col] = cell
        row.append(cell)
        col += span
    return row, still_open


def _required(element: etree._Element, name: str) -> str | None:
    """A flattened w:val (None without its element); as python-docx, an error if the element lacks it
    (the stylesheet then writes the value empty and names the element in `invalid`)."""
    value = element.get(name)
    if value == "" and (invalid := element.get("invalid")) is not None:
        raise ValueError(f"required 'w:val' attribute not present on element {invalid}")
    return value


def _grid_number(element: etree._Element, name: str, default: int, index: int) -> int:
    """A gridBefore (at least 0) or gridSpan (at least 1) within Word's grid; ValueError (an unreadable
    package) for one outside it, which no table Word writes has."""
    value = _required(element, name)
    number = default if value is None else int(value)
    if not default <= number <= MAX_GRID_COLUMNS:
        raise ValueError(
            f"w:{_GRID_NAMES[name]}={number} in the table at position {index}: "
            f"outside {default}..{MAX_GRID_COLUMNS}"
        )
    return number


def cell_text(tc: etree._Element) -> str:
    """The cell's paragraphs (and their text boxes) and nested tables' rows, one per line."""
    if not len(tc):  # one paragraph's text (an empty line, if blank, the same as none)
        return clean_text(tc.text or "")
    return clean_text("\n".join(line for line in _cell_lines(tc) if line.strip()))


def _cell_lines(tc: etree._Element) -> Iterator[str]:
    for element in tc:
        if element.tag == "t":
            yield from _nested_table_lines(element)
        else:
            yield element.text or ""


def _nested_table_lines(table: etree._Element) -> Iterator[str]:
    """One line per row of a table inside a cell: its cells' texts separated by spaces."""
    for tr in table.iterchildren("r"):
        texts = (cell_text(tc).replace("\n", " ") for tc in tr.iterchildren("c"))
        yield " ".join(text for text in texts if text)
