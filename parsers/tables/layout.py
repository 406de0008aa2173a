"""The layout of a box's grid: header rows, one labelled column per grid column, a dense body.

Header rows: the first row of a multi-column table; then up to two more rows
while the row above has a merged (spanning) cell, the row holds no numbers and
its cells are short labels (已有勘查区块 / 个数 under 勘查区块类型).  A column's
label joins the header cells that cover it, top to bottom (勘查区块类型/已有勘查区块/个数).
Each column gets a role from the header words in models/vocab/column_roles.csv:
the lowest header part that names a role decides (完成情况（平方千米）/规划目标
is a target), and within one part the first matching role in file order.

A profile (parsers/profiles.py) may set a box's header row count and the role of
some of its columns; build_layout takes both as explicit overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from models.codes import ColumnRole
from models.document import Box, Cell
from models.vocabulary import word_lists
from parsers.text import compact
from parsers.values import is_numeric

MAX_HEADER_ROWS = 3
# The largest grid (rows × columns) a box may have: the layout holds one slot per grid cell, and the
# biggest plan tables have a few thousand; a bigger grid is a damaged or hostile file (parsers/structure.py)
MAX_GRID_CELLS = 250_000
_MAX_HEADER_LABEL = 12


@dataclass(frozen=True)
class Column:
    index: int
    label: str  # header words covering the column, top to bottom, joined by "/" (no whitespace)
    role: ColumnRole | None

    def has(self, *words: str) -> bool:
        return any(word in self.label for word in words)


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


@cache
def _role_words() -> tuple[tuple[ColumnRole, tuple[str, ...]], ...]:
    return tuple((ColumnRole(role), words) for role, words in word_lists("column_roles.csv", "role"))


@lru_cache(maxsize=8192)  # labels repeat across boxes and plans; matching them is a hot path
def role_of(label: str) -> ColumnRole | None:
    return next((role for role, words in _role_words() if any(w in label for w in words)), None)


def roles() -> list[ColumnRole]:
    """Every column role, in file order."""
    return [role for role, _ in _role_words()]


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


def continues_header(above: list[Cell], row: list[Cell]) -> bool:
    """Whether row is a further header row under above: a label row with a label under a merged cell."""
    spans = [(c.col, c.col + c.col_span) for c in above if c.col_span > 1]
    under_span = any(start <= c.col < end for c in row if c.text.strip() for start, end in spans)
    return under_span and is_label_row(row)


def is_label_row(row: list[Cell]) -> bool:
    """Whether every printed cell of row is a short label and none a number (a year such as 2025年 may be)."""
    texts = [compact(c.text) for c in row if c.text.strip()]
    return (
        all(len(t) <= _MAX_HEADER_LABEL for t in texts)
        and not any(is_numeric(c.text) and compact(c.text).isdigit() for c in row)
        and not any(is_numeric(c.text) for c in row if not c.text.strip().endswith("年"))
    )


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
