"""Reader for plans published as web pages (`*.html`, `*.htm`, `*.shtml`): paragraphs and tables in order.

The page is decoded (parsers/read/html_encoding.py: byte-order mark, <meta> charset,
UTF-8 or detection; GB2312 and GBK as GB18030) and parsed with lxml's HTML
parser (libxml2: comments, processing instructions and Word's conditional
comments dropped, no network).  The content read is `<main>` (or the first
element with role="main") when the page has one, else `<body>`, without the
page's chrome: scripts, styles, forms and embedded objects; `<nav>` and
`<aside>`; a `<header>` or `<footer>` outside an `<article>`, `<main>` or
`<section>` (the ARIA banner and content-info landmarks); elements with a
landmark role (navigation, banner, contentinfo, complementary, search, menu);
hidden elements (`hidden`, aria-hidden, display:none); and, outside
`<main>`/`<article>`, elements whose class or id is one of the words portals
use for chrome (nav, menu, breadcrumb, sidebar, header, footer, copyright…).

Text is laid out as Chromium lays it out: every run of HTML white space, a line
break in the source included, becomes one space (`&nbsp;` is a space that is
kept).  Writers wrap long source lines at the spaces of the text (LibreOffice's
export turns "矿石 万吨" into "矿石⏎万吨"), so a break between two CJK characters
stands for a space that was there; CSS Text 4's optional rule of dropping it
would lose that space from units and names.  Every block
element, and every `<br>`, ends a paragraph; `<h1>`..`<h6>` give
`heading_level` (the outline itself, as for every format, comes from the
printed numerals).  A paragraph's position (`line`) is the source line of its
first text, so a person can find it in the page.

A data table becomes a Table on the same grid the .docx reader gives: a cell's
`colspan` is its col_span, a `rowspan` leaves an empty cell at its grid position
in each row it covers below (as Tika prints them) and the first cell's row_span
counts those rows (colspan clamped to 1000, rowspan 0 meaning "to the last
row").  A cell's text is its paragraphs and `<br>` lines joined with newlines;
a table nested in a cell adds one line per row.  A table's `<caption>` is a
paragraph before it.  A layout table (role="presentation", or one whose cells
hold headings or tables) is read as the page's flow, cell by cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import takewhile
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from models.document import Block, Cell, Paragraph, RawDocument, Source, Table
from parsers.read.base import DocumentError
from parsers.read.html_encoding import decode_page
from parsers.words.text import clean_text, one_line


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = _words(
    "address article blockquote body center dd details dir div dl dt fieldset figcaption figure "
    "footer header hgroup hr html li main menu ol p pre section summary ul legend caption td th "
    "tr tbody thead tfoot"
) | frozenset(_HEADINGS)
_DROPPED = _words(
    "script style noscript template head title nav aside form iframe frame frameset object embed "
    "applet svg math canvas button select textarea input option datalist dialog map audio video"
)
_LANDMARKS = _words("navigation banner contentinfo complementary search menu menubar")
_CHROME_WORDS = _words(
    "nav navbar navigation menu breadcrumb breadcrumbs crumb crumbs sidebar header footer copyright"
)
_CONTENT = frozenset(("article", "main", "section"))  # a header or footer inside one is content
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_DIGITS = "0123456789"
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534  # the HTML table model's limits
_BINARY = (
    (b"%PDF-", "a PDF file named .html: rename it .pdf"),
    (b"PK\x03\x04", "a ZIP file (a .docx?) named .html, not an HTML page"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc named .html: rename it .doc"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class HtmlReader:
    name = "html"
    version = 1
    format = "html"
    suffixes = (".html", ".htm", ".shtml")

    def sniff(self, head: bytes) -> str | None:
        for magic, reason in _BINARY:
            if head.startswith(magic):
                return reason
        if b"\x00" in head and not head.startswith(_UTF16_BOMS):
            return "binary data, not an HTML page"
        if not head.startswith(_UTF16_BOMS) and b"<" not in head:
            return "not an HTML page (no markup in its first 4 KB)"
        return None

    def read(self, data: bytes, source: Source) -> RawDocument:
        text, _ = decode_page(data, source.path)
        try:
            root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
        except (etree.ParserError, ValueError) as err:
            raise DocumentError(source.path, f"unreadable HTML ({one_line(err)})") from None
        blocks = read_blocks(root)
        if not any(isinstance(block, Table) for block in blocks):
            raise DocumentError(source.path, _no_table_reason(root))
        return RawDocument(source=source, blocks=blocks)


def _no_table_reason(root: etree._Element) -> str:
    """Why a page with no table has no plan in it, naming the plan files it links to."""
    from parsers.read.readers import plan_suffixes  # (which imports this module: so imported when used)

    suffixes = tuple(s for s in plan_suffixes() if s not in HtmlReader.suffixes and not s.endswith(".txt"))
    linked = [
        href.rsplit("/", 1)[-1]
        for a in root.iter("a")
        if (href := urlsplit(a.get("href", "")).path).lower().endswith(suffixes)
    ]
    if linked:
        named = ", ".join(linked[:3])
        return f"no <table> in the page; it links {len(linked)} plan file(s) ({named}): ingest those"
    return "no <table> in the page (tables drawn as images or by scripts are not read): save the plan itself"


def read_blocks(root: etree._Element) -> list[Block]:
    """Paragraphs and tables of the page's content, in order."""
    content = next(root.iter("main"), None)
    if content is None:
        content = next((e for e in root.iter() if _role(e) == "main"), None)
    if content is None:
        content = root.find("body")
    flow = _Flow(in_cell=False)
    if content is None:  # a page of frames or a fragment: all of it
        content = root
    flow.visit_children(content, inside_content=_tag(content) not in ("body", "html"))
    flow.flush()
    return flow.blocks


class _Flow:
    """Walks elements in order, gathering inline text into paragraphs and reading tables.

    In a cell (`in_cell`) the paragraphs are lines of the cell's text and a nested table adds one
    line per row; on the page they are Paragraph blocks and a table is a Table block.
    """

    def __init__(self, in_cell: bool) -> None:
        self.in_cell = in_cell
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self._pieces: list[str] = []
        self._line: int | None = None
        self._level: int | None = None
        self._content = int(in_cell)  # depth inside article/main/section (a table's cell is content)

    def visit_children(self, element: etree._Element, inside_content: bool = False) -> None:
        self._content += inside_content
        self._text(element.text, element)
        for child in element:
            self._visit(child)
        self._content -= inside_content

    def _visit(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag and not self._dropped(element, tag):
            if tag == "br":
                self.flush()
            elif tag == "table" and not _is_layout(element):
                self.flush()
                self._table(element)
            elif tag in _BLOCKS or tag == "table":
                self._block(element, tag)
            else:
                self.visit_children(element)
        self._text(element.tail, element)

    def _block(self, element: etree._Element, tag: str) -> None:
        self.flush()
        saved = self._level
        self._level = _HEADINGS.get(tag, saved)
        self.visit_children(element, inside_content=tag in _CONTENT or _role(element) == "main")
        self.flush()
        self._level = saved

    def _dropped(self, element: etree._Element, tag: str) -> bool:
        if tag in _DROPPED or _role(element) in _LANDMARKS or _hidden(element):
            return True
        if tag in ("header", "footer") and not self._content:
            return True
        words = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
        return not self._content and any(word in _CHROME_WORDS for word in words)

    def _text(self, text: str | None, element: etree._Element) -> None:
        if not text:
            return
        if self._line is None and text.strip():
            self._line = element.sourceline
        self._pieces.append(text)

    def flush(self) -> None:
        """End the paragraph gathered so far."""
        text = clean_text(collapse_spaces("".join(self._pieces)))
        if text:
            if self.in_cell:
                self.lines.append(text)
            else:
                self.blocks.append(Paragraph(text, self._line or 0, heading_level=self._level))
        self._pieces, self._line = [], None

    def _table(self, element: etree._Element) -> None:
        if self.in_cell:
            self.lines.extend(_nested_table_lines(element))
            return
        caption = element.find("caption")
        if caption is not None:
            self._block(caption, "caption")
        table = read_table(element)
        if table.rows:
            self.blocks.append(table)


def _tag(element: etree._Element) -> str | None:
    """The lower-case tag of an element; None for anything else (entities, comments)."""
    return element.tag.lower() if isinstance(element.tag, str) else None


def _role(element: etree._Element) -> str:
    return element.get("role", "").strip().lower()


def _hidden(element: etree._Element) -> bool:
    style = "".join(element.get("style", "").lower().split())
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden", "").strip().lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _is_layout(table: etree._Element) -> bool:
    """A table used to lay the page out: declared so, or with headings or tables in its cells."""
    if _role(table) in ("presentation", "none"):
        return True
    return any(
        _tag(inner) in _HEADINGS or _tag(inner) == "table"
        for cell in _cells_of(table)
        for inner in cell.iter()
    )


def collapse_spaces(text: str) -> str:
    """HTML white space as a browser lays it out: each run, line breaks included, becomes one space."""
    return _HTML_SPACE.sub(" ", text)


# -- tables ----------------------------------------------------------------------------------------


def _rows_of(table: etree._Element) -> list[etree._Element]:
    """The table's own rows in source order (directly or in thead/tbody/tfoot), not nested tables'."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child if _tag(row) == "tr")
    return rows


def _cells_of(table: etree._Element) -> Iterator[etree._Element]:
    for row in _rows_of(table):
        yield from (cell for cell in row if _tag(cell) in ("td", "th"))


def _span(cell: etree._Element, name: str, limit: int) -> int:
    """A colspan or rowspan as the HTML rules for non-negative integers read it (1 when absent or bad)."""
    digits = "".join(takewhile(lambda c: c in _DIGITS, cell.get(name, "").strip()))
    return min(int(digits), limit) if digits else 1


def read_table(element: etree._Element) -> Table:
    """The grid of an HTML table: one Cell per td/th, an empty cell where a rowspan covers a row below."""
    trs = _rows_of(element)
    rows: list[list[Cell]] = []
    open_spans: dict[int, tuple[Cell, int]] = {}  # grid column -> (first cell of a rowspan, its last row)
    for index, tr in enumerate(trs):
        open_spans = {col: span for col, span in open_spans.items() if span[1] >= index}
        row = _read_row(tr, index, len(rows), len(trs), open_spans)
        if row:
            rows.append(row)
    return Table(rows=rows, line=element.sourceline or 0)


def _read_row(
    tr: etree._Element, index: int, r: int, n_rows: int, open_spans: dict[int, tuple[Cell, int]]
) -> list[Cell]:
    """One row's cells at their grid columns; rowspans opened here are added to `open_spans`."""
    row: list[Cell] = []
    cells = [cell for cell in tr if _tag(cell) in ("td", "th")]
    col = 0
    while cells or any(c >= col for c in open_spans):
        if col in open_spans:
            first, _ = open_spans[col]
            first.row_span += 1
            row.append(Cell(row=r, col=col, text="", col_span=first.col_span, line=tr.sourceline))
            col += first.col_span
        elif cells:
            td = cells.pop(0)
            cell = Cell(row=r, col=col, text=cell_text(td), col_span=_span(td, "colspan", _MAX_COLSPAN) or 1)
            cell.line = td.sourceline
            rowspan = _span(td, "rowspan", _MAX_ROWSPAN)
            last = n_rows - 1 if rowspan == 0 else min(index + rowspan - 1, n_rows - 1)
            if last > index:
                open_spans[col] = (cell, last)
            row.append(cell)
            col += cell.col_span
        else:
            col = min(c for c in open_spans if c >= col)
    return row


def cell_text(cell: etree._Element) -> str:
    """The cell's paragraphs and lines, and nested tables' rows, one per line."""
    flow = _Flow(in_cell=True)
    flow.visit_children(cell)
    flow.flush()
    return clean_text("\n".join(flow.lines))


def _nested_table_lines(table: etree._Element) -> Iterator[str]:
    """One line per row of a table inside a cell: its cells' texts separated by spaces."""
    for tr in _rows_of(table):
        texts = (cell_text(td).replace("\n", " ") for td in tr if _tag(td) in ("td", "th"))
        yield " ".join(text for text in texts if text)
