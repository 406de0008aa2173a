"""The database content comparison works on, loaded once per refresh for the plans it compares: plans,
boxes, records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.orm import (
    BlockSummaryRow,
    BoxCell,
    BoxRow,
    IndicatorRow,
    MinScaleRow,
    Plan,
    ReserveRow,
    RightsCountRow,
    SectionRow,
    ZoneMineralRow,
    ZoneRow,
)


@dataclass
class PlanData:
    plan: Plan
    boxes: dict[int, BoxRow]  # box_id → box
    sections: list[SectionRow]
    indicators: list[IndicatorRow] = field(default_factory=list)
    zones: list[ZoneRow] = field(default_factory=list)
    zone_minerals: dict[int, list[ZoneMineralRow]] = field(default_factory=dict)
    blocks: list[BlockSummaryRow] = field(default_factory=list)
    rights: list[RightsCountRow] = field(default_factory=list)
    reserves: list[ReserveRow] = field(default_factory=list)
    min_scales: list[MinScaleRow] = field(default_factory=list)
    cells: dict[int, list[BoxCell]] = field(default_factory=dict)  # box_id → cells in row, col order

    def box_name(self, box_id: int | None) -> str | None:
        """A box as messages name it: its caption label as printed (专栏15, 表3-1), else its number."""
        if box_id not in self.boxes:
            return None
        box = self.boxes[box_id]
        return box.label or f"table {box.number}"

    def column_header(self, box_id: int, col: int | None, levels: int = 2) -> str | None:
        """A column's header as printed, its last `levels` header rows (已有开采区块 面积（平方千米）)."""
        if col is None:
            return None
        texts = [
            " ".join(c.text.split())
            for c in self.cells.get(box_id, [])
            if c.is_header and c.col <= col < c.col + c.col_span and c.text.strip()
        ]
        return " ".join(list(dict.fromkeys(texts))[-levels:]) or None

    def row_text(self, box_id: int | None, row: int | None) -> str | None:
        """A box row as printed, its cells joined by " | " (the quote of a finding's place)."""
        if box_id is None or row is None:
            return None
        cells = [" ".join(c.text.split()) for c in self.cells.get(box_id, []) if c.row == row]
        return " | ".join(c for c in cells if c) or None

    def box_by_number(self, number: int) -> BoxRow | None:
        return next((b for b in self.boxes.values() if b.number == number), None)


def load(session: Session, plans: Iterable[Plan]) -> dict[int, PlanData]:
    """The comparison's view of `plans` (by id, in id order), read in one query per table.

    The plans are named by id rather than as "the latest", so a plan another run
    loads meanwhile (PostgreSQL reads each statement's snapshot) cannot slip in.
    """
    data = {
        plan.plan_id: PlanData(plan=plan, boxes={}, sections=[])
        for plan in sorted(plans, key=attrgetter("plan_id"))
    }
    chosen = list(data)
    for box in session.scalars(select(BoxRow).where(BoxRow.plan_id.in_(chosen))):
        data[box.plan_id].boxes[box.box_id] = box
    for section in session.scalars(
        select(SectionRow).where(SectionRow.plan_id.in_(chosen)).order_by(SectionRow.ordinal)
    ):
        data[section.plan_id].sections.append(section)
    for name, table in (
        ("indicators", IndicatorRow),
        ("zones", ZoneRow),
        ("blocks", BlockSummaryRow),
        ("rights", RightsCountRow),
        ("reserves", ReserveRow),
        ("min_scales", MinScaleRow),
    ):
        rows = select(table).where(table.plan_id.in_(chosen)).order_by(table.box_id, table.row)
        for row in session.scalars(rows):
            getattr(data[row.plan_id], name).append(row)
    box_ids = select(BoxRow.box_id).where(BoxRow.plan_id.in_(chosen))
    plan_of = {box_id: d for d in data.values() for box_id in d.boxes}
    for cell in session.scalars(
        select(BoxCell).where(BoxCell.box_id.in_(box_ids)).order_by(BoxCell.box_id, BoxCell.row, BoxCell.col)
    ):
        plan_of[cell.box_id].cells.setdefault(cell.box_id, []).append(cell)
    minerals: dict[int, list[ZoneMineralRow]] = defaultdict(list)
    zone_ids = select(ZoneRow.zone_id).where(ZoneRow.plan_id.in_(chosen))
    for zm in session.scalars(
        select(ZoneMineralRow)
        .where(ZoneMineralRow.zone_id.in_(zone_ids))
        .order_by(ZoneMineralRow.zone_id, ZoneMineralRow.ordinal)
    ):
        minerals[zm.zone_id].append(zm)
    for plan_data in data.values():
        plan_data.zone_minerals = {z.zone_id: minerals.get(z.zone_id, []) for z in plan_data.zones}
    return data
