"""Counts by mineral: planning-block summaries (block_summary) and existing rights (rights_count).

Both kinds of table list minerals with a count and often an area, and share one
reading.  Every mineral column opens a run of value columns that lasts until the
next mineral column (序号 and 备注 columns are skipped), so a side-by-side table
(两栏: 矿种 | 个数 | 面积 | 矿种 | 个数 | 面积) has two runs.  Within a run the value
columns form groups: a count column (个数, 区块数 …) and an area column (面积) under
one header (已有勘查区块, 已设探矿权) are one group; a column headed by a county
(于田, 策勒 …) or a total (汇总) is a group of its own.  Each body row gives one
entry per group whose count or area cell holds a number (an empty or "-" filler
gives nothing; a printed 0 is a number).  The entry is a total when the mineral
cell (合计, 县级颁证汇总) or the group's header (汇总) says so; a total row has no
mineral, a total column keeps its row's mineral and has no county.

Where the words come from: the group's status (existing, planned) from the
header roles in models/vocab/column_roles.csv; its side (exploration, mining) from
the words of box_kinds.csv rows ``exploration`` / ``mining`` in its header, else in
the box title, else in the titles of its sections; a county from
``regions().resolve(header, within=plan region)``.  A layout with any column that
fits no group (单位, 规划目标, 名称 …) is not a count table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from models.codes import BlockStatus, BoxKind, ColumnRole, Side
from models.records import BlockSummary, Records, RightsCount
from parsers.interpret import fit
from parsers.interpret.common import (
    as_int,
    body_has_numbers,
    mineral_of,
    quantity,
    region_named,
    text_names,
    title_names,
)
from parsers.interpret.layout import Column, Layout
from parsers.interpret.registry import PlanContext
from parsers.words.lexicon import is_total, role_of
from parsers.words.units import parse_unit, to_si, unit_in_label
from parsers.words.values import Quantity

_COUNT_ROLES = frozenset({ColumnRole.COUNT, ColumnRole.EXISTING_RIGHTS, ColumnRole.PLANNED_BLOCKS})
_SKIPPED_ROLES = frozenset({ColumnRole.SEQ, ColumnRole.REMARK})
_STATUS_OF_ROLE = {
    ColumnRole.EXISTING: BlockStatus.EXISTING,
    ColumnRole.EXISTING_RIGHTS: BlockStatus.EXISTING,
    ColumnRole.PLANNED: BlockStatus.PLANNED,
    ColumnRole.PLANNED_BLOCKS: BlockStatus.PLANNED,
}


@dataclass
class Group:
    """The value columns read with one mineral column: a count and/or an area, or one county/total column."""

    mineral: Column
    key: str  # the header words above the values (已有勘查区块), or the county/total column's label
    region: str | None = None
    count: Column | None = None
    area: Column | None = None

    def columns(self) -> list[Column]:
        return [c for c in (self.count, self.area) if c is not None]

    def header_parts(self) -> list[str]:
        """Every header word of the group's columns, lowest first."""
        return [part for c in self.columns() for part in reversed(c.label.split("/"))]

    def is_total(self) -> bool:
        return any(role_of(part) == ColumnRole.TOTAL for part in self.key.split("/") if part)

    def status(self) -> BlockStatus | None:
        roles = (role_of(part) for part in self.header_parts())
        return next((_STATUS_OF_ROLE[r] for r in roles if r in _STATUS_OF_ROLE), None)


@dataclass(frozen=True)
class Entry:
    """One group of one body row with a number in it."""

    row: int  # box row, header rows included
    col: int  # the count column, else the area column
    group: Group
    side: str  # exploration, mining
    mineral_text: str | None
    mineral: str | None
    count: int | None
    count_text: str | None
    area_km2: float | None
    area_text: str | None
    is_total: bool


def read_groups(layout: Layout, ctx: PlanContext) -> list[Group] | None:
    """The groups of a layout, in column order; None when a column fits no group."""
    groups: list[Group] = []
    mineral: Column | None = None
    for column in layout.columns:
        if column.role == ColumnRole.MINERAL:
            mineral = column
        elif column.role in _SKIPPED_ROLES:
            continue
        elif mineral is None or not _place(groups, mineral, column, ctx):
            return None
    return groups


def _place(groups: list[Group], mineral: Column, column: Column, ctx: PlanContext) -> bool:
    """Add a value column to the open group or start a new one; False when it is no value column."""
    valued = column.role in _COUNT_ROLES or column.role == ColumnRole.AREA
    key = column.label.rpartition("/")[0] if valued else column.label
    region = region_named(key, ctx)
    if not valued and region is None and column.role != ColumnRole.TOTAL:
        return False
    slot = "area" if column.role == ColumnRole.AREA else "count"
    last = groups[-1] if groups else None
    if last is None or last.mineral != mineral or last.key != key or getattr(last, slot) is not None:
        last = Group(mineral, key, region)
        groups.append(last)
    setattr(last, slot, column)
    return True


def side_of(layout: Layout, group: Group) -> Side | None:
    """exploration or mining, from the group's header words, else the box title, else its sections."""
    texts = [*group.header_parts(), *(layout.context or layout.box.title).split("\n")]
    for text in texts:
        sides = [side for side in Side if text_names(text, side)]
        if len(sides) == 1:
            return sides[0]
    return None


def entries(layout: Layout, ctx: PlanContext) -> Iterator[Entry]:
    """Each group of each body row that holds a count or an area, row by row (a group with no side: none)."""
    sided = [(g, side) for g in read_groups(layout, ctx) or [] if (side := side_of(layout, g))]
    for i in range(len(layout.body)):
        for group, side in sided:
            entry = _entry(layout, i, group, side)
            if entry is not None:
                yield entry


def _entry(layout: Layout, i: int, group: Group, side: str) -> Entry | None:
    label = layout.text(i, group.mineral.index).strip()
    count_text, area_text = _text(layout, i, group.count), _text(layout, i, group.area)
    count, area = quantity(count_text), quantity(area_text)
    if count.value is None and area.value is None:
        return None
    total_row = is_total(label)
    return Entry(
        row=layout.box_row(i),
        col=group.columns()[0].index,
        group=group,
        side=side,
        mineral_text=label or None,
        mineral=None if total_row else mineral_of(label)[0],
        count=as_int(count),
        count_text=count_text or None,
        area_km2=_km2(area, group.area),
        area_text=area_text or None,
        is_total=total_row or group.is_total(),
    )


def _text(layout: Layout, i: int, column: Column | None) -> str:
    return layout.text(i, column.index).strip() if column is not None else ""


def _km2(area: Quantity, column: Column | None) -> float | None:
    """The area in km²: the unit printed in the header (面积（km2）), else in the cell, else km² as is."""
    if area.value is None or column is None:
        return None
    printed = unit_in_label(column.label.rpartition("/")[2])[1] or area.suffix
    if printed is None:
        return area.value
    unit = parse_unit(printed)
    return to_si(area.value, unit) if unit.unit_si == "km2" else None


class _CountTable:
    """The fit both interpreters share; they differ in their kind and in whether counties may be columns."""

    name = ""
    kind = BoxKind.OTHER
    other_kind = BoxKind.OTHER
    title_first = False  # whether a title naming both kinds (探矿权区块) is this kind
    by_region = False  # whether counties may head columns

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        groups = read_groups(layout, ctx)
        if not groups or not body_has_numbers(layout):
            return fit.NO_FIT
        if any(side_of(layout, g) is None for g in groups) or (
            not self.by_region and any(g.region for g in groups)
        ):
            return fit.NO_FIT
        if title_names(layout, self.kind) and (self.title_first or not title_names(layout, self.other_kind)):
            return fit.TITLE_AND_COLUMNS
        return fit.COLUMNS_ONLY if any(text_names(c.label, self.kind) for c in layout.columns) else fit.NO_FIT


class BlockSummaries(_CountTable):
    name = "block_summary"
    kind = BoxKind.BLOCK_SUMMARY
    other_kind = BoxKind.RIGHTS_COUNT
    title_first = True

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(block_summaries=[_block(layout, e) for e in entries(layout, ctx)])


class RightsCounts(_CountTable):
    name = "rights_count"
    kind = BoxKind.RIGHTS_COUNT
    other_kind = BoxKind.BLOCK_SUMMARY
    by_region = True

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(rights_counts=[_rights(layout, e) for e in entries(layout, ctx)])


def _block(layout: Layout, e: Entry) -> BlockSummary:
    return BlockSummary(
        box=layout.box.number,
        row=e.row,
        col=e.col,
        block_type=e.side,
        status=e.group.status(),
        mineral_text=e.mineral_text,
        mineral=e.mineral,
        count=e.count,
        area_km2=e.area_km2,
        count_text=e.count_text,
        area_text=e.area_text,
        is_total=e.is_total,
    )


def _rights(layout: Layout, e: Entry) -> RightsCount:
    return RightsCount(
        box=layout.box.number,
        row=e.row,
        col=e.col,
        right_type=e.side,
        mineral_text=e.mineral_text,
        mineral=e.mineral,
        region=e.group.region,
        count=e.count,
        area_km2=e.area_km2,
        count_text=e.count_text,
        area_text=e.area_text,
        is_total=e.is_total,
    )


BLOCK_SUMMARY = BlockSummaries()
RIGHTS_COUNT = RightsCounts()
