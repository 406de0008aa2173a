"""The layout of a box's grid: header rows, one labelled column per grid column, a dense body.

Header rows: the first row of a multi-column table; then up to two more rows
while the row above has a merged (spanning) cell, the row holds no numbers and
its cells are short labels (已有勘查区块 / 个数 under 勘查区块类型).  A column's
label joins the header cells that cover it, top to bottom (勘查区块类型/已有勘查区块/个数).
Each column gets a role from the header words in models/vocab/column_roles.csv (parsers/words/lexicon.py):
the lowest header part that names a role decides (完成情况（平方千米）/规划目标
is a target), and within one part the first matching role in file order.

A profile (parsers/interpret/profiles.py) may set a box's header row count and the role of
some of its columns; build_layout takes both as explicit overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from models.codes import ColumnRole
from models.document import Box, Cell
from parsers.words.headers import MAX_HEADER_ROWS, continues_header
from parsers.words.lexicon import role_of
from parsers.words.text import compact


@dataclass(frozen=True)
class Column:
    index: int
    label: str  # header words covering the column, top to bottom, joined by "/" (no whitespace)
    role: ColumnRole | None


@dataclass
class Layout:
    box: Box
    header_rows: int
    columns: list[Column]
    body: list[list[Cell | None]]  # body[i][c]: the printed cell starting at column c of body row i
    context: str = ""  # the box title and the titles of its sections, innermost first

    def text(self, i: int, col: int) -> str:
        cell = self.body[i][col]
        return cell.text if cell is not None else ""

    def box_row(self, i: int) -> int:
        return self.header_rows + i

    def columns_with(self, role: ColumnRole) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    def first(self, role: ColumnRole) -> Column | None:
        return next(iter(self.columns_with(role)), None)

    def printed(self, i: int) -> list[Cell]:
        """The printed cells of body row i, in column order."""
        return [c for c in self.body[i] if c is not None]


def build_layout(
    box: Box, header_rows: int | None = None, roles: Mapping[int, str | None] | None = None
) -> Layout:
    """The layout of a box; header_rows and roles (column index → role or None) override what is detected."""
    grid = box.grid()
    width = box.n_cols
    n_header = header_row_count(grid, width) if header_rows is None else min(header_rows, len(grid))
    for i, row in enumerate(grid):
        for cell in row:
            cell.is_header = i < n_header
    columns = [_column(c, grid[:n_header]) for c in range(width)]
    if roles:
        columns = [
            Column(c.index, c.label, _role(roles[c.index])) if c.index in roles else c for c in columns
        ]
    body = [_dense(row, width) for row in grid[n_header:]]
    return Layout(box=box, header_rows=n_header, columns=columns, body=body)


def header_row_count(grid: list[list[Cell]], width: int) -> int:
    if width < 2 or len(grid) < 2 or len(grid[0]) < 2:
        return 0
    count = 1
    while count < min(MAX_HEADER_ROWS, len(grid) - 1) and continues_header(grid[count - 1], grid[count]):
        count += 1
    return count


def _column(index: int, header: list[list[Cell]]) -> Column:
    parts: list[str] = []
    for row in header:
        for cell in row:
            text = compact(cell.text)
            if text and cell.col <= index < cell.col + cell.col_span and (not parts or parts[-1] != text):
                parts.append(text)
    label = "/".join(parts)
    role = next((r for r in (role_of(part) for part in reversed(parts)) if r), None)
    return Column(index=index, label=label, role=role)


def _role(name: str | None) -> ColumnRole | None:
    return ColumnRole(name) if name is not None else None


def _dense(row: list[Cell], width: int) -> list[Cell | None]:
    dense: list[Cell | None] = [None] * width
    for cell in row:
        dense[cell.col] = cell
    return dense
