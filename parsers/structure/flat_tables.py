"""Infer the merged cells of flat tables: tables printed without any merge information.

Some Word and PDF files draw every grid cell of every row and merge nothing; the
columns a merged cell covered are left empty.  Such a table is *flat*: it has at
least two columns, every cell spans one row and one column and every row has the
same number of cells.  Any other table carries merge information and is left as
its reader gave it.  In a flat table, from the cell texts alone:

* a row whose only printed cell is its first becomes one cell across the table:
  a group label or a footnote, as a one-cell row is in a table with merges;
* header rows: the first row when it is a label row (short labels, no numbers;
  `parsers.words.headers.is_label_row`), then each next row while it continues
  the header under a merged cell (`continues_header`), at most `MAX_HEADER_ROWS`;
* a header row that ends in empty cells, where no empty cell before its last
  printed one follows a printed cell, may be a row printed as Tika prints it
  (merged cells once, left-aligned, the unprinted ones at the end): when its
  cells group over the row below by the rule of parsers/words/spans.py (empty cells
  below alone, printed runs split evenly), they are placed so: 序号 | 勘查矿种 |
  已设探矿权 | 序号 | 勘查矿种 | 已设探矿权 | | over two 个数 | 面积 pairs;
* otherwise, in a header row, a printed cell followed by empty cells is merged
  across them (col_span) when (a) the rows below, down to the first body row a
  full header could have, print under every column of the merge, and no lower in
  the cell's own column than in the others (a label over 个数 | 面积, not a label
  whose own column is empty below while its neighbours' are labelled); (b) below
  the first row, one cell of the row above covers every column of the merge
  (merges nest); (c) empty cells that end the row merge only over a label row,
  not over the body: 已有 over 个数 | 面积, 勘查区块类型 over 已有 | 规划 over
  个数 | 面积 | …, 指标 over 年开采总量 | 煤.  A blank header cell with nothing
  printed under it stays a cell of its own, and so does one under a label of its
  own column (序号 above it);
* the first row, when it still ends in empty cells and has no empty cell before
  its last printed one, is read as a short Tika row: its printed cells placed over
  the row below by parsers/words/spans.py (the first cell absorbs the gap, 指标 | 单位 |
  2025年 | over four columns);
* in the header rows, a printed cell with empty cells under it in the next header
  rows covers them (row_span), the empty cells kept at their grid position, as the
  Word reader gives a vertically merged cell: 序号 over two header rows.

Body rows are otherwise kept as printed: their empty cells may be empty values
(a 备注 column) as well as the continuation of a merged cell, and which one the
text cannot tell.  Only header rows are merged, because a label over empty cells
above printed ones says the label covers them.
"""

from __future__ import annotations

from itertools import pairwise

from models.document import Cell, Table
from parsers.words.headers import MAX_HEADER_ROWS, continues_header, is_label_row
from parsers.words.spans import place_over, place_rows


def is_flat(table: Table) -> bool:
    """Whether the table has two or more columns, no cell spanning and every row the same length."""
    lengths = {len(row) for row in table.rows}
    return (
        table.n_cols >= 2
        and len(lengths) == 1
        and all(c.col_span == 1 and c.row_span == 1 for row in table.rows for c in row)
    )


def infer_merges(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows of a flat table (caption row removed) with the merges its texts imply."""
    rows = [_one_cell_row(row) for row in rows]
    if not rows or len(rows[0]) < 2 or not is_label_row(rows[0]):
        return rows
    count = 0
    while count < min(MAX_HEADER_ROWS, len(rows) - 1):
        rows[count] = _merge_header_row(rows, count)
        count += 1
        if not continues_header(rows[count - 1], rows[count]):
            break
    _merge_down(rows[:count])
    return rows


def _printed(cell: Cell) -> bool:
    return bool(cell.text.strip())


def _one_cell_row(row: list[Cell]) -> list[Cell]:
    if len(row) > 1 and _printed(row[0]) and not any(_printed(c) for c in row[1:]):
        row[0].col_span = len(row)
        return row[:1]
    return row


def _merge_header_row(rows: list[list[Cell]], r: int) -> list[Cell]:
    """Header row r with the merges its texts imply (rows below it as printed)."""
    row, below = rows[r], rows[r + 1]
    short = _short_row(row)
    if short is not None and _gaps_lead(short) and place_over(short, below):
        return short
    merged = _merge_right(rows, r)
    short = _short_row(merged)
    if r == 0 and short is not None and all(map(_printed, short)) and len(below) == len(row):
        place_rows([short, below])
        return short
    return merged


def _short_row(row: list[Cell]) -> list[Cell] | None:
    """The row up to its last printed cell, when empty cells end it."""
    last = max((i for i, c in enumerate(row) if _printed(c)), default=len(row) - 1)
    return row[: last + 1] if last < len(row) - 1 else None


def _gaps_lead(cells: list[Cell]) -> bool:
    """Whether no empty cell follows a printed one: empty cells only lead, as Tika prints merged-down ones."""
    return not any(_printed(a) and not _printed(b) for a, b in pairwise(cells))


def _merge_right(rows: list[list[Cell]], r: int) -> list[Cell]:
    """Header row r with each printed cell merged across the empty cells right of it, where allowed."""
    row, below = rows[r], rows[r + 1]
    depth: dict[int, int] = {}  # column → the first row under row r (header rows and one more) printing in it
    for k in range(min(MAX_HEADER_ROWS, len(rows) - 1), r, -1):
        depth.update((c.col, k) for c in rows[k] if _printed(c))
    above = rows[r - 1] if r else []
    merged: list[Cell] = []
    for cell in row:
        last = merged[-1] if merged else None
        columns = range(last.col, cell.col + 1) if last is not None else range(0)
        if (
            last is not None
            and _printed(last)
            and not _printed(cell)
            and all(col in depth and depth[last.col] <= depth[col] for col in columns)
            and _inside_one(above, last.col, cell.col)
            and (is_label_row(below) or any(_printed(c) for c in row if c.col > cell.col))
        ):
            last.col_span = cell.col + 1 - last.col
            continue
        merged.append(cell)
    return merged


def _inside_one(above: list[Cell], first: int, last: int) -> bool:
    """Whether one cell of the row above covers columns first to last (always true for the first row)."""
    return not above or any(c.col <= first and last < c.col + c.col_span for c in above)


def _merge_down(header: list[list[Cell]]) -> None:
    for i, row in enumerate(header):
        for cell in (c for c in row if _printed(c)):
            for lower in header[i + 1 :]:
                covered = [c for c in lower if cell.col <= c.col < cell.col + cell.col_span]
                if not covered or any(_printed(c) for c in covered):
                    break
                cell.row_span += 1
