"""Place the cells of short rows on the table grid (horizontally merged cells).

Readers that only see printed cells (Tika text) get a row with fewer cells than
the widest row wherever cells were merged across columns.  Rows are placed from
the bottom up, each against the already placed row below it:

* a one-cell row spans the full width (a group label or a footnote);
* the cells below an upper row form groups: an empty lower cell is the
  continuation of a vertically merged cell above it (one column), while runs of
  printed lower cells sit under merged upper cells; when the runs split evenly
  into the upper cells that remain, that split gives the spans
  (已设探矿权 over 个数 | 面积);
* otherwise the cells align to the right edge and the first cell absorbs the
  gap: row labels are what plans merge (名称 over 一区 | 塔里木盆地…开发区,
  指标 over 年开采总量 | 煤).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.document import Cell


@dataclass
class _Slot:
    col: int
    span: int
    empty: bool


def place_rows(rows: list[list[Cell]]) -> None:
    """Set col and col_span of every cell in place (rows are lists of printed cells)."""
    width = max((len(r) for r in rows), default=0)
    below: list[_Slot] | None = None
    for row in reversed(rows):
        slots = _place_row(len(row), width, below)
        for cell, slot in zip(row, slots, strict=True):
            cell.col, cell.col_span = slot.col, slot.span
            slot.empty = not cell.text.strip()
        below = slots if len(row) > 1 else below


def place_over(row: list[Cell], below: list[Cell]) -> bool:
    """Place a short row's printed cells over the placed row below by the grouping rule alone.

    Returns False, leaving the cells as they were, when the cells below do not group into them.
    """
    slots = [_Slot(c.col, c.col_span, not c.text.strip()) for c in below]
    groups = _group_under(len(row), slots)
    if groups is None:
        return False
    for cell, slot in zip(row, groups, strict=True):
        cell.col, cell.col_span = slot.col, slot.span
    return True


def _place_row(n: int, width: int, below: list[_Slot] | None) -> list[_Slot]:
    if n == width:
        return [_Slot(i, 1, False) for i in range(n)]
    if n == 1:
        return [_Slot(0, width, False)]
    if below is not None:
        grouped = _group_under(n, below)
        if grouped is not None:
            return grouped
    gap = width - n
    return [_Slot(0, 1 + gap, False)] + [_Slot(i + gap, 1, False) for i in range(1, n)]


def _group_under(n: int, below: list[_Slot]) -> list[_Slot] | None:
    """Split the lower row into n groups: empty slots alone, printed runs split evenly."""
    runs: list[list[_Slot]] = []
    for slot in below:
        if slot.empty or not runs or runs[-1][0].empty:
            runs.append([slot])
        else:
            runs[-1].append(slot)
    singles = sum(1 for run in runs if run[0].empty)
    printed = [run for run in runs if not run[0].empty]
    wanted = n - singles
    if not printed or wanted < len(printed) or wanted % len(printed):
        return None
    parts = wanted // len(printed)
    groups: list[_Slot] = []
    for run in runs:
        if run[0].empty:
            groups.append(_Slot(run[0].col, run[0].span, False))
            continue
        if len(run) % parts:
            return None
        size = len(run) // parts
        for k in range(parts):
            chunk = run[k * size : (k + 1) * size]
            groups.append(_Slot(chunk[0].col, sum(s.span for s in chunk), False))
    return groups
