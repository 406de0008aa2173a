"""Pages: pdfminer's layout read into glyphs and rules, grids filled, body lines and aligned tables.

pdfplumber opens the file and its pages; pdfminer lays each page out into a GlyphDevice (device.py),
which keeps the glyphs as the reader's Glyph; one pass over the layout's objects takes the lines and
rects, in pdfplumber's coordinates but without building pdfplumber's per-object dicts.  A glyph
belongs to the innermost ruled grid around it; the rest are the body lines.  Where no rules are
drawn, tables come from text alignment (the body lines outside every ruled table, read once page
frames and running headers and footers are dropped; parsers/read/pdf/alignment.py has the rules): such a
grid's right edge is where its text ends.  Anything pdfminer cannot read, or a page in a font without
a Unicode map (`(cid:NNN)` glyphs), is a DocumentError.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial

import pdfplumber
from pdfminer.layout import LTContainer, LTItem, LTLine, LTPage, LTRect
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfplumber.page import Page as PlumberPage

from parsers.read.base import DocumentError
from parsers.read.pdf.alignment import AlignedTable, find_tables, split_glyphs
from parsers.read.pdf.breaks import wraps
from parsers.read.pdf.device import GlyphDevice
from parsers.read.pdf.grids import Grid, GridCell, Rule, box_rules, empty_cells, fill_grid, ruled_grids
from parsers.read.pdf.lines import Glyph, Line, glyph_lines, line_of
from parsers.read.pdf.options import PdfOptions
from parsers.words.text import one_line


@dataclass
class DrawnPage:
    """A page as drawn: its glyphs and the grids its rules make (with their row boundaries), unfilled."""

    number: int
    height: float
    width: float
    glyphs: list[Glyph]
    ruled: list[tuple[Grid, list[float]]]
    ocr: bool = False  # no text layer: glyphs and rules read from its image


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[Line]  # body lines, outside every table
    grids: list[Grid]
    glyphs: dict[int, list[Glyph]]  # each body line's glyphs, by id(line), until aligned tables are read
    ocr: bool = False


def read_pages(data: bytes, path: str, options: PdfOptions) -> list[DrawnPage]:
    """Every page's glyphs and ruled grids; DocumentError on anything pdfminer cannot read."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as err:  # pdfminer raises many types on malformed input
        raise _unreadable(path, err) from None
    try:
        pages = enumerate(_pages(pdf, path), start=1)
        return [_read_page(page, number, path, options) for number, page in pages]
    finally:  # not `with pdf`: a damaged PDF (an absurd MediaBox) can fail again in close(), which must
        with contextlib.suppress(Exception):  # not replace the reason it was refused for
            pdf.close()


def _pages(pdf: pdfplumber.PDF, path: str) -> Iterator[PlumberPage]:
    try:
        pages = pdf.pages
    except Exception as err:  # a broken page tree
        raise _unreadable(path, err) from None
    if not pages:
        raise DocumentError(path, "the PDF has no pages: export it again")
    yield from pages


def _read_page(page: PlumberPage, number: int, path: str, options: PdfOptions) -> DrawnPage:
    """The page's glyphs and ruled grids, in pdfplumber's coordinates (top-down, from the media box),
    laid out by pdfminer into a GlyphDevice (no LTChar, no pdfplumber object dicts)."""
    left, height = float(page.mediabox[0]), float(page.height + page.mediabox[1])
    device = GlyphDevice(page.pdf.rsrcmgr, left, height)
    try:
        PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    except Exception as err:  # a broken content stream, font or resource
        raise _unreadable(path, err, number) from None
    if device.undefined is not None:
        raise DocumentError(
            path,
            f"page {number} has text in a font without a Unicode map ({device.undefined}): "
            "export the PDF again with Unicode fonts, or OCR it",
        )
    rules = _rules(device.get_result(), left, height, options)
    return DrawnPage(
        number, float(page.height), float(page.width), device.glyphs, ruled_grids(rules, number, options)
    )


def _rules(layout: LTPage, left: float, height: float, options: PdfOptions) -> list[Rule]:
    """The rules of the page's lines and rects (figures' included), in the glyphs' coordinates."""
    rules: list[Rule] = []
    for item in _leaves(layout):
        if isinstance(item, LTLine | LTRect):
            outline = isinstance(item, LTRect) and item.stroke
            top, bottom = height - item.y1, height - item.y0
            rules.extend(box_rules(item.x0 + left, top, item.x1 + left, bottom, outline, options))
    return rules


def _leaves(items: Iterable[LTItem]) -> Iterator[LTItem]:
    """Layout objects with the contents of figures (form XObjects) in their place."""
    for item in items:
        if isinstance(item, LTContainer):
            yield from _leaves(item)
        else:
            yield item


def filled_page(drawn: DrawnPage, options: PdfOptions) -> Page:
    """The page with its ruled grids filled and the glyphs outside them grouped into body lines."""
    grids, body = _tables(drawn.ruled, drawn.glyphs, drawn.number, options)
    lines: list[Line] = []
    glyphs: dict[int, list[Glyph]] = {}
    for group in glyph_lines(body):
        line = line_of(group, drawn.number, options)
        if line is not None:
            lines.append(line)
            glyphs[id(line)] = group
    return Page(drawn.number, drawn.height, drawn.width, lines, grids, glyphs, drawn.ocr)


def _tables(
    ruled: list[tuple[Grid, list[float]]], glyphs: list[Glyph], number: int, options: PdfOptions
) -> tuple[list[Grid], list[Glyph]]:
    """The page's table grids filled with their glyphs, and the glyphs outside every table."""
    built = sorted(ruled, key=lambda b: _area(b[0]))  # a glyph belongs to the innermost box around it
    inside: list[list[Glyph]] = [[] for _ in built]
    body = []
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        index = next((i for i, (grid, _) in enumerate(built) if _contains(grid, x, y, options.snap)), None)
        (body if index is None else inside[index]).append(glyph)
    for (grid, ys), grid_glyphs in zip(built, inside, strict=True):
        fill_grid(grid, ys, grid_glyphs, number, options)
    return [grid for grid, _ in built], body


def add_aligned_tables(page: Page, options: PdfOptions) -> None:
    """Move the body lines that text alignment shows to be tables into grids (after page frames and
    running lines are dropped, so only the body's own lines are read); each line cut into its pieces."""
    wholes, number = page.lines, page.number
    pieces: list[list[Line]] = []
    for whole in wholes:
        parts = split_glyphs(page.glyphs[id(whole)], options)
        pieces.append([whole] if len(parts) == 1 else [_piece(part, number, options) for part in parts])
    page.glyphs = {}
    tables = find_tables(pieces, partial(wraps, options=options), options)
    if not tables:
        return
    taken = {i for table in tables for i in range(table.start, table.end)}
    page.lines = [line for i, line in enumerate(wholes) if i not in taken]
    grids = [_aligned_grid(table, number) for table in tables]
    for table, grid in zip(tables, grids, strict=True):
        if table.tentative:
            grid.unless_continued = wholes[table.start : table.end]
    page.grids.extend(grids)


def _piece(glyphs: list[Glyph], page: int, options: PdfOptions) -> Line:
    line = line_of(glyphs, page, options)
    assert line is not None  # split_glyphs keeps only pieces with ink
    return line


def _aligned_grid(table: AlignedTable[Line], page: int) -> Grid:
    """The grid of a table read from alignment: every column position of every row holds a cell."""
    xs = [left - table.pad for left in table.lefts] + [table.right + table.pad]
    cells: list[GridCell] = []
    for r, row in enumerate(table.rows):
        cells.extend(GridCell(r, r + 1, xs[c.col], xs[c.col + c.span], page, c.lines) for c in row)
        cells.extend(empty_cells(cells, xs, r, page))
    top = min(line.top for cell in table.rows[0] for line in cell.lines) - table.pad
    bottom = max(line.bottom for cell in table.rows[-1] for line in cell.lines) + table.pad
    return Grid(xs, [page] * len(table.rows), cells, top, bottom, aligned=True)


def _area(grid: Grid) -> float:
    return (grid.xs[-1] - grid.xs[0]) * (grid.bottom - grid.top)


def _contains(grid: Grid, x: float, y: float, snap: float) -> bool:
    return grid.xs[0] - snap <= x <= grid.xs[-1] + snap and grid.top - snap <= y <= grid.bottom + snap


def _unreadable(path: str, err: Exception, page: int | None = None) -> DocumentError:
    """The DocumentError for what pdfminer raised; running out of memory is raised on as itself (the parse
    worker's memory ceiling: pipeline/run/deadline.py), not called a damaged file."""
    cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err  # pdfplumber wraps
    if isinstance(cause, MemoryError):
        raise cause
    if isinstance(cause, PDFEncryptionError):
        return DocumentError(path, "encrypted: remove the password and retry")
    where = f" on page {page}" if page else ""
    return DocumentError(path, f"unreadable PDF{where} ({one_line(cause)}): export or repair it, then retry")


def check_text_layer(pages: list[DrawnPage], path: str) -> None:
    if not any(inked(page) for page in pages):
        raise DocumentError(
            path, f"no text on any of its {len(pages)} pages, not even by OCR (a scan of no printed text?)"
        )


def inked(page: DrawnPage) -> bool:
    return any(not glyph.text.isspace() for glyph in page.glyphs)
