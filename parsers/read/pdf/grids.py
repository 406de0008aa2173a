"""Ruled tables: rules from lines and rects, rule groups, and the grid of merged cells they draw.

Tables come from ruling lines (lines, thin rects, stroked rects' edges).  Rules that touch form one
table piece; the distinct rule positions give the grid, and a grid edge with no rule on it merges
the two grid cells beside it.  A horizontally merged cell is one cell with a col_span; the rows
under a vertically merged cell hold empty cells at its column: the grid the DOCX and Tika readers
give.  A bordered one-cell box is a table too.  Grids read from text alignment (parsers/read/pdf/
alignment.py) are the same Grid, marked `aligned`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from parsers.read.pdf.lines import Glyph, Line, text_lines
from parsers.read.pdf.options import PdfOptions


@dataclass(frozen=True, slots=True)
class Rule:
    horizontal: bool
    at: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


def box_rules(
    x0: float, top: float, x1: float, bottom: float, outline: bool, options: PdfOptions
) -> list[Rule]:
    wide, tall = x1 - x0 > options.thin, bottom - top > options.thin
    if wide and not tall:
        return [Rule(True, (top + bottom) / 2, x0, x1)]
    if tall and not wide:
        return [Rule(False, (x0 + x1) / 2, top, bottom)]
    if wide and tall and outline:
        return [
            Rule(True, top, x0, x1),
            Rule(True, bottom, x0, x1),
            Rule(False, x0, top, bottom),
            Rule(False, x1, top, bottom),
        ]
    return []


class _Sets:
    """Disjoint sets over 0..n-1 (union-find with path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.root(i)] = self.root(j)

    def groups(self) -> list[list[int]]:
        by_root: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            by_root.setdefault(self.root(i), []).append(i)
        return list(by_root.values())


def rule_groups(rules: list[Rule], options: PdfOptions) -> list[list[Rule]]:
    """Rules that touch, directly or through others: one group per table piece."""
    sets = _Sets(len(rules))
    across = [i for i, r in enumerate(rules) if r.horizontal]
    down = [i for i, r in enumerate(rules) if not r.horizontal]
    for h in across:
        for v in down:
            if _cross(rules[h], rules[v], options.snap):
                sets.join(h, v)
    return [[rules[i] for i in group] for group in sets.groups()]


def _cross(h: Rule, v: Rule, snap: float) -> bool:
    return v.start - snap <= h.at <= v.end + snap and h.start - snap <= v.at <= h.end + snap


def snapped(values: Iterable[float], snap: float) -> list[float]:
    """Sorted positions, each run of values closer than `snap` kept as its first."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > snap:
            out.append(value)
    return out


@dataclass
class GridCell:
    """A merged cell: grid rows r0..r1 (exclusive), column boundaries x0..x1, its lines and page."""

    r0: int
    r1: int
    x0: float
    x1: float
    page: int
    lines: list[Line] = field(default_factory=list)


@dataclass
class Grid:
    """A ruled table, possibly continued over pages: its column boundaries, each row's page, its cells."""

    xs: list[float]
    row_pages: list[int]
    cells: list[GridCell]
    top: float  # on its first page
    bottom: float  # on its last page
    aligned: bool = False  # read from text alignment (alignment.py): no rules, right edge from the text
    unless_continued: list[Line] | None = None  # the body lines it is unless the next page continues it

    @property
    def page(self) -> int:
        return self.row_pages[0]

    @property
    def last_page(self) -> int:
        return self.row_pages[-1]

    def row(self, r: int) -> list[GridCell]:
        """The cells that start on row r, left to right."""
        return sorted((c for c in self.cells if c.r0 == r), key=lambda c: c.x0)

    def last_row(self) -> list[GridCell]:
        """The cells that reach down to the last row, left to right."""
        end = len(self.row_pages)
        return sorted((c for c in self.cells if c.r1 == end), key=lambda c: c.x0)


def build_grid(rules: list[Rule], page: int, options: PdfOptions) -> tuple[Grid, list[float]] | None:
    """The grid of one rule group and its row boundaries, or None when the rules box nothing in."""
    xs = snapped((r.at for r in rules if not r.horizontal), options.snap)
    ys = snapped((r.at for r in rules if r.horizontal), options.snap)
    if len(xs) < 2 or len(ys) < 2:
        return None
    across = _coverage(rules, ys, True, options.snap)
    down = _coverage(rules, xs, False, options.snap)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    sets = _Sets(n_rows * n_cols)
    for r in range(n_rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(down[c + 1], middle_y):
                sets.join(r * n_cols + c + 1, r * n_cols + c)
            if r + 1 < n_rows and not _covered(across[r + 1], (xs[c] + xs[c + 1]) / 2):
                sets.join((r + 1) * n_cols + c, r * n_cols + c)
    cells = [_merged_cell(group, n_cols, xs, page) for group in sets.groups()]
    return Grid(xs, [page] * n_rows, cells, ys[0], ys[-1]), ys


def ruled_grids(rules: list[Rule], page: int, options: PdfOptions) -> list[tuple[Grid, list[float]]]:
    """The grids a page's rules draw (each with its row boundaries): one per group of touching rules."""
    built = (build_grid(group, page, options) for group in rule_groups(rules, options))
    return [grid for grid in built if grid is not None]


def _coverage(
    rules: list[Rule], positions: list[float], horizontal: bool, snap: float
) -> list[list[tuple[float, float]]]:
    """For each grid line, the stretches its rules cover."""
    spans: list[list[tuple[float, float]]] = [[] for _ in positions]
    for rule in rules:
        if rule.horizontal == horizontal:
            spans[nearest(positions, rule.at)].append((rule.start - snap, rule.end + snap))
    return spans


def nearest(positions: list[float], value: float) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - value))


def _covered(spans: list[tuple[float, float]], at: float) -> bool:
    return any(start <= at <= end for start, end in spans)


def _merged_cell(group: list[int], n_cols: int, xs: list[float], page: int) -> GridCell:
    rows = [i // n_cols for i in group]
    cols = [i % n_cols for i in group]
    return GridCell(min(rows), max(rows) + 1, xs[min(cols)], xs[max(cols) + 1], page)


def fill_grid(grid: Grid, ys: list[float], glyphs: list[Glyph], page: int, options: PdfOptions) -> None:
    """Give each cell the lines of the glyphs whose middle falls in it."""
    n_cols = len(grid.xs) - 1
    owner: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(grid.cells):
        c0, c1 = grid.xs.index(cell.x0), grid.xs.index(cell.x1)
        owner.update(((r, c), index) for r in range(cell.r0, cell.r1) for c in range(c0, c1))
    inside: dict[int, list[Glyph]] = {}
    for glyph in glyphs:
        r = min(max(bisect.bisect(ys, (glyph.top + glyph.bottom) / 2) - 1, 0), len(ys) - 2)
        c = min(max(bisect.bisect(grid.xs, (glyph.x0 + glyph.x1) / 2) - 1, 0), n_cols - 1)
        inside.setdefault(owner[r, c], []).append(glyph)
    for index, cell_glyphs in inside.items():
        grid.cells[index].lines = text_lines(cell_glyphs, page, options)


def empty_cells(cells: list[GridCell], xs: list[float], r: int, page: int) -> list[GridCell]:
    """Empty cells for the columns of row r that none of `cells` covers (an aligned table prints no
    empty cells, a grid has one at every position)."""
    covered = {
        c
        for cell in cells
        if cell.r0 <= r < cell.r1
        for c in range(nearest(xs, cell.x0), nearest(xs, cell.x1))
    }
    return [GridCell(r, r + 1, xs[c], xs[c + 1], page) for c in range(len(xs) - 1) if c not in covered]


def cell_room(cell: GridCell, line: Line, pad: float) -> float:
    """Room left on a line of a cell, whatever the cell's alignment."""
    return cell.x1 - cell.x0 - 2 * pad - (line.x1 - line.x0)


def cell_padding(grid: Grid) -> float:
    """The smallest distance from a cell's left rule to its text: the table's cell padding."""
    return max(0.0, min((line.x0 - cell.x0 for cell in grid.cells for line in cell.lines), default=0.0))
