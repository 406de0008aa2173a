"""The document: paragraphs and tables in reading order, from the pages' body lines and grids.

Runs of body lines become paragraphs (parsers/read/pdf/breaks.py), grids become Tables (a grid continued
on the next page joined first: parsers/read/pdf/joins.py), and body lines under a 专栏 caption that keep
their own line gap become a one-column box.  Provenance: every Paragraph, Table and Cell has its
1-based page; `line` is the block's 1-based position in the document, as in the DOCX reader.  Cells
read by OCR are marked (`Cell.ocr`, with the engine's mean confidence).
"""

from __future__ import annotations

from itertools import pairwise

from models.document import Block, Cell, Paragraph, Table
from parsers.read.pdf.alignment import box_rows, caption_box_end
from parsers.read.pdf.breaks import chained_leads, item_title, joined_lines, starts_paragraph, usual_gaps
from parsers.read.pdf.grids import Grid, GridCell, cell_padding, cell_room, nearest
from parsers.read.pdf.joins import continued_cell, continues, join_grids, settled
from parsers.read.pdf.lines import Line
from parsers.read.pdf.options import PdfOptions
from parsers.read.pdf.pages import Page
from parsers.words.text import CAPTION


class Assembler:
    """Paragraphs and tables in reading order, with tables joined over page breaks."""

    def __init__(self, pages: list[Page], options: PdfOptions) -> None:
        self.pages, self.options = pages, options
        self.left = min((line.x0 for page in pages for line in page.lines), default=0.0)
        self.right = _right_edges(pages)
        self.body_leading = usual_gaps(page.lines for page in pages)
        self.ocr_pages = frozenset(page.number for page in pages if page.ocr)
        self.cell_leading = usual_gaps(
            cell.lines for page in pages for grid in page.grids for cell in grid.cells
        )

    def blocks(self) -> list[Block]:
        blocks: list[Block] = []
        for group in self._one_column_boxes(self._groups()):
            if isinstance(group, Grid):
                blocks.append(self._table(group, len(blocks) + 1))
            else:
                blocks.extend(self._paragraphs(group, len(blocks) + 1))
        return blocks

    def _groups(self) -> list[Grid | list[Line]]:
        """Runs of body lines and grids in reading order, a grid continued on the next page joined."""
        groups: list[Grid | list[Line]] = []
        for page in self.pages:
            items: list[Grid | Line] = [*page.lines, *page.grids]
            opening = True  # no item of this page taken yet but the rest of a cell from the page before
            for item in sorted(items, key=lambda item: item.top):
                last = settled(groups, item, self.options)
                if (
                    opening
                    and isinstance(item, Line)
                    and isinstance(last, Grid)
                    and not last.unless_continued
                ):
                    cell = continued_cell(last, item, self.options)
                    if cell is not None:
                        cell.lines.append(item)
                        continue
                opening = False
                if isinstance(item, Line) and isinstance(last, list):
                    last.append(item)
                elif isinstance(item, Line):
                    groups.append([item])
                elif isinstance(last, Grid) and continues(last, item, self.options):
                    join_grids(last, item, self.options)
                    last.unless_continued = None
                else:
                    groups.append(item)
        settled(groups, None, self.options)
        return groups

    def _one_column_boxes(self, groups: list[Grid | list[Line]]) -> list[Grid | list[Line]]:
        """Body lines under a 专栏 caption that are a one-column box drawn without rules (alignment.py's
        `caption_box_end`) made into one-cell tables; not when the caption follows a table (it captions
        that one) or when the lines run on into a table (they are that table's caption and its lead-in)."""
        out: list[Grid | list[Line]] = []
        for index, group in enumerate(groups):
            if isinstance(group, Grid):
                out.append(group)
                continue
            start = 0
            for k, line in enumerate(group):
                if k < start or not CAPTION.match(line.text) or (k == 0 and index > 0):
                    continue
                leading = self.body_leading.get(round(line.size))
                end = caption_box_end(group, k + 1, leading, self.options) if leading is not None else k + 1
                if (end == len(group) and index + 1 < len(groups)) or end == k + 1:
                    continue
                out.append(group[start : k + 1])
                out.append(_one_cell_grid(group[k + 1 : end], self.options))
                start = end
            if group[start:]:
                out.append(group[start:])
        return out

    def _paragraphs(self, lines: list[Line], position: int) -> list[Paragraph]:
        paragraphs: list[list[Line]] = [[lines[0]]]
        for (before, line), lead in zip(pairwise(lines), chained_leads(lines)[1:], strict=True):
            room = self.right[self.pages[before.page - 1].width] - before.x1
            indented = line.x0 - self.left >= self.options.indent * line.size > before.x0 - self.left
            leading = self.body_leading.get(round(line.size))
            if starts_paragraph(before, line, lead, room, leading, indented, self.options):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
        return [
            Paragraph(joined_lines(group, [False] * (len(group) - 1)), position + i, page=group[0].page)
            for i, group in enumerate(paragraphs)
        ]

    def _table(self, grid: Grid, position: int) -> Table:
        pad = cell_padding(grid)
        texts = {id(cell): self._cell_text(cell, pad) for cell in grid.cells}
        return grid_table(grid, texts, position, self.ocr_pages)

    def _cell_text(self, cell: GridCell, pad: float) -> str:
        if not cell.lines:
            return ""
        breaks = [
            item_title(before, line)
            or starts_paragraph(
                before,
                line,
                lead,
                cell_room(cell, before, pad),
                self.cell_leading.get(round(line.size)),
                False,
                self.options,
            )
            for (before, line), lead in zip(pairwise(cell.lines), chained_leads(cell.lines)[1:], strict=True)
        ]
        return joined_lines(cell.lines, breaks)


def _one_cell_grid(lines: list[Line], options: PdfOptions) -> Grid:
    """A one-column table around lines, as wide as they are plus the usual cell padding, a row a cell
    (`box_rows`: where the line pitch shows a row boundary)."""
    pad = options.cell_pad * lines[0].size
    x0, x1 = min(line.x0 for line in lines) - pad, max(line.x1 for line in lines) + pad
    rows = box_rows(lines, options)
    cells = [GridCell(r, r + 1, x0, x1, row[0].page, row) for r, row in enumerate(rows)]
    pages = [row[0].page for row in rows]
    return Grid([x0, x1], pages, cells, lines[0].top - pad, lines[-1].bottom + pad, aligned=True)


def _right_edges(pages: list[Page]) -> dict[float, float]:
    """The right edge of the body text for each page width (portrait and landscape pages differ)."""
    edges = {page.width: page.width for page in pages}
    for width in edges:
        edges[width] = max((line.x1 for p in pages if p.width == width for line in p.lines), default=width)
    return edges


def grid_table(
    grid: Grid, texts: dict[int, str], position: int, ocr_pages: frozenset[int] = frozenset()
) -> Table:
    """The Table of a grid: merged cells with spans, empty cells under vertically merged ones; the cells
    on `ocr_pages` marked as OCR'd, with their lines' mean confidence."""
    rows: list[list[Cell]] = [[] for _ in grid.row_pages]
    for cell in grid.cells:
        col = nearest(grid.xs, cell.x0)
        span = nearest(grid.xs, cell.x1) - col
        confidences = [line.confidence for line in cell.lines if line.confidence is not None]
        rows[cell.r0].append(
            Cell(
                cell.r0,
                col,
                texts[id(cell)],
                cell.r1 - cell.r0,
                span,
                line=position,
                page=cell.page,
                ocr=cell.page in ocr_pages or bool(confidences),
                ocr_confidence=sum(confidences) / len(confidences) if confidences else None,
            )
        )
        for r in range(cell.r0 + 1, cell.r1):
            page = grid.row_pages[r]
            rows[r].append(Cell(r, col, "", col_span=span, line=position, page=page, ocr=page in ocr_pages))
    for row in rows:
        row.sort(key=lambda c: c.col)
    return Table(rows=rows, line=position, page=grid.page)
