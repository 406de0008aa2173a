"""Tables continued over a page break: which pieces continue which, and how they are joined.

A table piece that is the last thing on its page continues in the piece that is the first thing on
the next page when both have the same outer edges (left edge for aligned tables), one's column rules
(column starts) are among the other's, and the second does not open with a 专栏 caption row.  A
repeated header is dropped; a row cut by the break is joined back into one row, each cell's text
continued (see `_cut_row`; for an aligned table only by the room rule).  Lines first on a page that
start at the text of a cell of an aligned table's last row, not its first column, and end inside it
go on in that cell (a cut row whose other columns ended on the page before); a one-line aligned
table at a page's end that nothing continues is body text again (`settled`).
"""

from __future__ import annotations

import bisect

from parsers.read.pdf.breaks import chained_leads, wraps
from parsers.read.pdf.grids import Grid, GridCell, cell_padding, cell_room, empty_cells, snapped
from parsers.read.pdf.lines import Line
from parsers.read.pdf.options import PdfOptions
from parsers.words.headers import MAX_HEADER_ROWS
from parsers.words.text import CAPTION, compact


def continues(grid: Grid, after: Grid, options: PdfOptions) -> bool:
    """Whether `after`, first on its page, continues `grid`, last on the page before."""
    if after.page != grid.last_page + 1 or grid.aligned != after.aligned:
        return False
    edges = (0,) if grid.aligned else (0, -1)  # an aligned table's right edge is where its text ends
    if any(abs(grid.xs[i] - after.xs[i]) > options.snap for i in edges):
        return False
    inner, inner_after = _inner(grid), _inner(after)
    if not (_among(inner_after, inner, options.snap) or _among(inner, inner_after, options.snap)):
        return False
    return not _caption_row(after)


def settled(
    groups: list[Grid | list[Line]], item: Grid | Line | None, options: PdfOptions
) -> Grid | list[Line] | None:
    """The last group, once `item` (None: the document's end) is known to follow it: a tentative aligned
    table (one line at a page's end) that `item` does not continue goes back to being body lines."""
    last = groups[-1] if groups else None
    if not isinstance(last, Grid) or last.unless_continued is None:
        return last
    if isinstance(item, Grid) and continues(last, item, options):
        return last
    lines = last.unless_continued
    groups.pop()
    if groups and isinstance(groups[-1], list):
        groups[-1].extend(lines)
    else:
        groups.append(lines)
    return groups[-1]


def continued_cell(grid: Grid, line: Line, options: PdfOptions) -> GridCell | None:
    """The cell a line first on its page goes on in: a cell of the last row of an aligned table last on
    the page before, not in its first column, where the line starts at the cell's text and ends inside
    it (a row cut by the page break; a new row prints its first column)."""
    if not grid.aligned or line.page != grid.last_page + 1:
        return None
    pad = cell_padding(grid)
    return next(
        (
            cell
            for cell in grid.last_row()
            if cell.x0 > grid.xs[0] + options.snap
            and abs(line.x0 - cell.x0 - pad) <= options.snap
            and line.x1 <= cell.x1 + options.snap
        ),
        None,
    )


def _inner(grid: Grid) -> list[float]:
    """The column edges that come from rules or column starts (an aligned table's right edge does not)."""
    return grid.xs[:-1] if grid.aligned else grid.xs


def _among(xs: list[float], others: list[float], snap: float) -> bool:
    return all(any(abs(x - other) <= snap for other in others) for x in xs)


def _caption_row(grid: Grid) -> bool:
    """Whether the first row's only printed cell (merged or not) is a 专栏 caption (as boxes.py reads it)."""
    printed = [text for text in map(_plain, grid.row(0)) if text.strip()]
    return len(printed) == 1 and bool(CAPTION.match(printed[0].strip()))


def _plain(cell: GridCell) -> str:
    return "".join(line.text for line in cell.lines)


def join_grids(grid: Grid, after: Grid, options: PdfOptions) -> None:
    """Append a continuation piece to a grid: a repeated header dropped, a row cut by the break rejoined."""
    _drop_repeated_header(grid, after)
    if after.row_pages and _cut_row(grid, after, options):
        _join_cut_row(grid, after, options.snap)
    if grid.aligned:
        _fit_columns(grid, after, options.snap)
    else:
        grid.xs = snapped([*grid.xs, *after.xs], options.snap)
    offset = len(grid.row_pages)
    for cell in after.cells:
        cell.r0 += offset
        cell.r1 += offset
    grid.cells.extend(after.cells)
    grid.row_pages.extend(after.row_pages)
    grid.bottom = after.bottom


def _fit_columns(grid: Grid, after: Grid, snap: float) -> None:
    """Put both pieces of an aligned table on their joined columns: a cell that ended at its piece's
    right edge (where the piece's text ended) ends where the joined column after the piece's last
    column starts, and every column a row does not reach gets an empty cell."""
    edges = {id(piece): (piece.xs[-2], piece.xs[-1]) for piece in (grid, after)}
    grid.xs = [*snapped([*_inner(grid), *_inner(after)], snap), max(grid.xs[-1], after.xs[-1])]
    for piece in (grid, after):
        last, edge = edges[id(piece)]
        end = grid.xs[min(bisect.bisect(grid.xs, last + snap), len(grid.xs) - 1)]
        for cell in piece.cells:
            if abs(cell.x1 - edge) <= snap:
                cell.x1 = end
        for r, page in enumerate(piece.row_pages):
            piece.cells.extend(empty_cells(piece.cells, grid.xs, r, page))


def _drop_repeated_header(grid: Grid, after: Grid) -> None:
    start = 1 if _caption_row(grid) else 0
    for k in range(MAX_HEADER_ROWS, 0, -1):
        if len(after.row_pages) > k and all(
            _row_key(after, r) == _row_key(grid, start + r) for r in range(k)
        ):
            _remove_rows(after, k)
            return


def _row_key(grid: Grid, r: int) -> list[tuple[int, str]]:
    return [(round(c.x0), compact(_plain(c))) for c in grid.row(r)]


def _remove_rows(grid: Grid, k: int) -> None:
    """Drop the first k rows; a cell reaching below them keeps its lower part."""
    grid.cells = [c for c in grid.cells if c.r1 > k]
    for cell in grid.cells:
        cell.r0 = max(cell.r0 - k, 0)
        cell.r1 -= k
    del grid.row_pages[:k]


def _cut_row(grid: Grid, after: Grid, options: PdfOptions) -> bool:
    """Whether the first row of `after` is the rest of the last row of `grid`, cut by the page break.

    Its printed cells must all sit under printed cells; then either its first cell is empty under a
    printed one-row cell (a row leaves its label or number empty only when cut; under a taller cell the
    empty cell may be the rest of a vertical merge), or each of its printed cells goes on from a line
    that had no room for its first unit."""
    above = grid.last_row()
    first = after.row(0)
    pairs = [(_cell_at(above, cell.x0, options.snap), cell) for cell in first if cell.lines]
    if not pairs or any(top is None or not top.lines for top, _ in pairs):
        return False
    head = _cell_at(above, first[0].x0, options.snap)
    one_row = head is not None and head.r0 == len(grid.row_pages) - 1 and not grid.aligned  # aligned: unknown
    if not first[0].lines and head is not None and head.lines and one_row:
        return True
    pad = cell_padding(grid)
    return all(
        top is not None
        and wraps(top.lines[-1], chained_leads(cell.lines)[0], cell_room(top, top.lines[-1], pad), options)
        for top, cell in pairs
    )


def _cell_at(cells: list[GridCell], x0: float, snap: float) -> GridCell | None:
    return next((c for c in cells if c.x0 - snap <= x0 < c.x1 - snap), None)


def _join_cut_row(grid: Grid, after: Grid, snap: float) -> None:
    above = grid.last_row()
    for cell in after.row(0):
        top = _cell_at(above, cell.x0, snap)
        if top is not None:
            top.lines.extend(cell.lines)
            cell.lines = []
    _remove_rows(after, 1)
