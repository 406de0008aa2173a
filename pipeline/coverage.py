"""Coverage of the typed records: which numeric cells of each plan landed in a record, and which did not.

A numeric cell is a body cell (not a header) holding a number, outside a 序号
column.  A record of the same box row placed it when the record carries the
cell's printed text (value_text, area_text …) or its number (a count, an area).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, Float, Integer, select
from sqlalchemy.orm import Session

from models.orm import RECORD_TABLES, BoxCell, BoxRow, Plan
from parsers.tables.layout import role_of
from parsers.text import compact
from parsers.values import is_numeric, parse_quantity

_KEYS = {"plan_id", "box_id", "row", "col"}


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


@dataclass
class _RowContent:
    texts: set[str] = field(default_factory=set)
    numbers: list[float] = field(default_factory=list)

    def holds(self, text: str) -> bool:
        if compact(text) in self.texts:
            return True
        value = parse_quantity(text).value
        return value is not None and any(math.isclose(value, n, rel_tol=1e-9) for n in self.numbers)


def coverage(engine: Engine) -> list[PlanCoverage]:
    with Session(engine) as session:
        return [
            _plan_coverage(session, plan) for plan in session.scalars(select(Plan).order_by(Plan.plan_id))
        ]


def _plan_coverage(session: Session, plan: Plan) -> PlanCoverage:
    boxes = {b.box_id: b for b in session.scalars(select(BoxRow).where(BoxRow.plan_id == plan.plan_id))}
    cells = session.scalars(select(BoxCell).where(BoxCell.box_id.in_(boxes))).all()
    rows = _record_content(session, plan.plan_id)
    seq_cols = {(c.box_id, c.col) for c in cells if c.is_header and role_of(compact(c.text)) == "seq"}
    numeric = [
        c for c in cells if not c.is_header and (c.box_id, c.col) not in seq_cols and is_numeric(c.text)
    ]
    missing = [c for c in numeric if not rows[(c.box_id, c.row)].holds(c.text)]
    return PlanCoverage(
        plan_id=plan.plan_id,
        region=plan.region,
        kinds=Counter(b.kind for b in boxes.values()),
        numeric=len(numeric),
        placed=len(numeric) - len(missing),
        unplaced=[Unplaced(boxes[c.box_id].number, c.row, c.col, c.text) for c in missing],
    )


def _record_content(session: Session, plan_id: int) -> defaultdict[tuple[int, int], _RowContent]:
    """What the records of each (box, row) carry: their printed texts and their numbers."""
    rows: defaultdict[tuple[int, int], _RowContent] = defaultdict(_RowContent)
    for table in RECORD_TABLES.values():
        columns = [c for c in table.__table__.columns if c.name not in _KEYS and not c.primary_key]
        texts = [c for c in columns if c.name.endswith("_text")]
        numbers = [c for c in columns if isinstance(c.type, Integer | Float)]
        query = select(table.box_id, table.row, *texts, *numbers).where(table.plan_id == plan_id)  # type: ignore[attr-defined]
        for box_id, row, *values in session.execute(query):
            content = rows[(box_id, row)]
            content.texts.update(compact(v) for v in values[: len(texts)] if v)
            content.numbers.extend(v for v in values[len(texts) :] if v is not None)
    return rows
