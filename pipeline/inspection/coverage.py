"""Coverage of the typed records in the database: which numeric cells of each plan landed in a record.

The rule (what a numeric cell is, when a record placed it) is pipeline/inspection/placement.py,
shared with `mrplans inspect`; this module feeds it the cells and records of the database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, Float, Integer, select
from sqlalchemy.orm import Session

from models.orm import RECORD_TABLES, BoxCell, BoxRow, Plan
from pipeline.inspection.placement import KEYS, Content, GridCell, RowContent, numeric_cells, unplaced


@dataclass
class Unplaced:
    box: int
    row: int
    col: int
    text: str


@dataclass
class PlanCoverage:
    plan_id: int
    region: str | None
    kinds: Counter[str]
    numeric: int
    placed: int
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.placed / self.numeric if self.numeric else 1.0


def coverage(engine: Engine) -> list[PlanCoverage]:
    with Session(engine) as session:
        return [
            _plan_coverage(session, plan) for plan in session.scalars(select(Plan).order_by(Plan.plan_id))
        ]


def _plan_coverage(session: Session, plan: Plan) -> PlanCoverage:
    boxes = {b.box_id: b for b in session.scalars(select(BoxRow).where(BoxRow.plan_id == plan.plan_id))}
    cells = session.scalars(select(BoxCell).where(BoxCell.box_id.in_(boxes))).all()
    numeric = numeric_cells(GridCell(c.box_id, c.row, c.col, c.text, c.is_header) for c in cells)
    missing = unplaced(numeric, _record_content(session, plan.plan_id))
    return PlanCoverage(
        plan_id=plan.plan_id,
        region=plan.region,
        kinds=Counter(b.kind for b in boxes.values()),
        numeric=len(numeric),
        placed=len(numeric) - len(missing),
        unplaced=[Unplaced(boxes[c.box].number, c.row, c.col, c.text) for c in missing],
    )


def _record_content(session: Session, plan_id: int) -> Content:
    """What the records of each (box id, row) carry: their ``*_text`` values and their numbers."""
    rows: Content = defaultdict(RowContent)
    for table in RECORD_TABLES.values():
        columns = [
            c
            for c in table.__table__.columns
            if c.name not in KEYS
            and not c.primary_key
            and (c.name.endswith("_text") or isinstance(c.type, Integer | Float))
        ]
        query = select(table.box_id, table.row, *columns).where(table.plan_id == plan_id)  # type: ignore[attr-defined]
        for box_id, row, *values in session.execute(query):
            for column, value in zip(columns, values, strict=True):
                rows[(box_id, row)].add(column.name, value)
    return rows
