"""total_mismatch: a 合计/汇总 row or column that is not the sum of its parts beyond rounding.

Checked: block summaries (count and area per block type and status), rights counts
(per county column, and per row against its 汇总 column), and indicator tables with
a 合计 row (per value column).  Where a table has several total rows (省、市级以上颁证汇总,
县级颁证汇总, 合计), the last is the grand total: it is checked against the plain rows
and against the other totals; the partial totals split the rows another way and
are not checked against them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from models.codes import FindingKind
from parsers.words.lexicon import is_total
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place, fmt
from pipeline.compare.rounding import agrees

Row = Any  # an ORM record row


def total_findings(data: PlanData) -> Iterator[Finding]:
    yield from _blocks(data)
    yield from _rights(data)
    yield from _indicators(data)


def _blocks(data: PlanData) -> Iterator[Finding]:
    groups: dict[tuple, list[Row]] = defaultdict(list)
    for r in data.blocks:
        groups[(r.box_id, r.block_type, r.status)].append(r)
    for rows in groups.values():
        yield from _check(data, rows, lambda r: r.is_total, None, "count", "count_text")
        yield from _check(data, rows, lambda r: r.is_total, None, "area_km2", "area_text")


def _rights(data: PlanData) -> Iterator[Finding]:
    columns: dict[tuple, list[Row]] = defaultdict(list)
    rows: dict[tuple, list[Row]] = defaultdict(list)
    for r in data.rights:
        columns[(r.box_id, r.right_type, r.region)].append(r)
        rows[(r.box_id, r.right_type, r.row)].append(r)
    for group in columns.values():
        yield from _check(data, group, _total_row, None, "count", "count_text")
        yield from _check(data, group, _total_row, None, "area_km2", "area_text")
    for group in rows.values():
        if any(r.region for r in group) and any(r.region is None for r in group):
            subject = group[0].mineral_text or ""  # the row, against its 汇总 column
            yield from _check(data, group, lambda r: r.region is None, subject, "count", "count_text")


def _indicators(data: PlanData) -> Iterator[Finding]:
    columns: dict[tuple, list[Row]] = defaultdict(list)
    for r in data.indicators:
        if r.col is not None and (r.comparator in (None, "eq")):
            columns[(r.box_id, r.col)].append(r)
    for group in columns.values():
        totals = [r for r in group if is_total(r.name)]
        if totals:
            yield from _check(data, group, lambda r: is_total(r.name), None, "value", "value_text")


def _total_row(r: Row) -> bool:
    return bool(r.is_total) and r.mineral is None and is_total(r.mineral_text or "")


def _check(
    data: PlanData,
    rows: Sequence[Row],
    is_total_row: Callable[[Row], bool],
    subject: str | None,
    attr: str,
    text_attr: str,
) -> Iterator[Finding]:
    totals = [r for r in rows if is_total_row(r) and getattr(r, attr) is not None]
    parts = [r for r in rows if not is_total_row(r) and getattr(r, attr) is not None]
    if not totals:
        return
    grand, partials = totals[-1], totals[:-1]
    for others, what in ((parts, "rows"), (partials, "partial totals")):
        if not others:
            continue
        values = [getattr(r, attr) for r in others]
        texts = [getattr(r, text_attr) for r in others]
        if not agrees(getattr(grand, attr), getattr(grand, text_attr), values, texts):
            yield _finding(data, grand, subject, sum(values), len(others), what, attr)


def _column_of(data: PlanData, total: Row, attr: str) -> int | None:
    """The column printing the total's `attr`: its own, or for an area the 面积 column after it."""
    if attr != "area_km2" or total.col is None:
        return total.col
    for col in (total.col, total.col + 1):
        if "面积" in (data.column_header(total.box_id, col, levels=1) or ""):
            return col
    return total.col


def _finding(
    data: PlanData, total: Row, subject: str | None, expected: float, n: int, what: str, attr: str
) -> Finding:
    box = data.box_name(total.box_id)
    printed = getattr(total, attr)
    if subject is None:  # the column's header as printed
        subject = data.column_header(total.box_id, _column_of(data, total, attr)) or attr
    return Finding(
        kind=FindingKind.TOTAL_MISMATCH,
        subject=subject,
        expected=fmt(expected),
        actual=fmt(printed),
        message=f"{box} row {total.row} ({subject}): printed total {fmt(printed)} ≠ {fmt(expected)}, "
        f"the sum of {n} {what}",
        place=Place(data.plan.plan_id, total.box_id, total.row),
    )
