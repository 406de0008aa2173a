"""Coverage of the typed records: which numeric cells of each plan landed in a record, and which did not.

A numeric cell is a body cell (not a header) holding a number, outside a 序号
column.  A record placed it when the record names the cell (box, row, col), or
names the row without a column (zone, min_scale, reserve and project records
read a whole row).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.orm import RECORD_TABLES, BoxCell, BoxRow, Plan
from parsers.tables.layout import role_of
from parsers.text import compact
from parsers.values import is_numeric


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
    placed = _placed(session, plan.plan_id)
    seq_cols = {(c.box_id, c.col) for c in cells if c.is_header and role_of(compact(c.text)) == "seq"}
    numeric = [
        c for c in cells if not c.is_header and (c.box_id, c.col) not in seq_cols and is_numeric(c.text)
    ]
    missing = [
        c for c in numeric if (c.box_id, c.row, c.col) not in placed and (c.box_id, c.row, None) not in placed
    ]
    return PlanCoverage(
        plan_id=plan.plan_id,
        region=plan.region,
        kinds=Counter(b.kind for b in boxes.values()),
        numeric=len(numeric),
        placed=len(numeric) - len(missing),
        unplaced=[Unplaced(boxes[c.box_id].number, c.row, c.col, c.text) for c in missing],
    )


def _placed(session: Session, plan_id: int) -> set[tuple[int, int, int | None]]:
    placed: set[tuple[int, int, int | None]] = set()
    for table in RECORD_TABLES.values():
        columns = [table.box_id, table.row, getattr(table, "col", None)]  # type: ignore[attr-defined]
        query = select(*[c for c in columns if c is not None]).where(table.plan_id == plan_id)  # type: ignore[attr-defined]
        for found in session.execute(query):
            box_id, row, *col = found
            placed.add((box_id, row, col[0] if col else None))
    return placed
