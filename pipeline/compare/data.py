"""The database content comparison works on, loaded for the plans of one group of a refresh
(pipeline/compare/run.py): plans, boxes, records, as rows of their columns."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, any_, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from models.orm import (
    Base,
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

# The columns of a box cell the rules read (its page, line and OCR marks are not compared).
CELL_COLUMNS = (BoxCell.box_id, BoxCell.row, BoxCell.col, BoxCell.col_span, BoxCell.text, BoxCell.is_header)

# A row of a record table as `load` reads it: a named tuple of the columns of its ORM class (BoxRow,
# ZoneRow …) by name (each the name of its attribute), read-only; the rules read them as they would the
# ORM instances.  Not SQLAlchemy's Row: reading a field of a named tuple costs a twentieth as much, and
# the rules read millions of them over a corpus.
Record = Any
T = TypeVar("T")


@dataclass
class PlanData:
    plan: Plan
    boxes: dict[int, Record]  # box_id → box (BoxRow's columns)
    sections: list[Record]  # SectionRow's columns, in document order
    indicators: list[Record] = field(default_factory=list)  # IndicatorRow's, in box and row order
    zones: list[Record] = field(default_factory=list)  # ZoneRow's
    zone_minerals: dict[int, list[Record]] = field(default_factory=dict)  # zone_id → ZoneMineralRow's
    blocks: list[Record] = field(default_factory=list)  # BlockSummaryRow's
    rights: list[Record] = field(default_factory=list)  # RightsCountRow's
    reserves: list[Record] = field(default_factory=list)  # ReserveRow's
    min_scales: list[Record] = field(default_factory=list)  # MinScaleRow's
    cells: dict[int, list[Record]] = field(default_factory=dict)  # box_id → CELL_COLUMNS, in row, col order
    # what the rules derive from these rows, by (what, argument): see `derived`
    _derived: dict[tuple[str, object], Any] = field(default_factory=dict, repr=False)

    def derived(self, key: tuple[str, object], build: Callable[[], T]) -> T:
        """What `build` derives from this plan's rows, built once for the group's every use (the
        group's plans are read anew for each comparison, so nothing here outlives its rows)."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def box_rows(self, box_id: int) -> dict[int, list[Record]]:
        """A box's cells by row (header rows included), in row and col order."""

        def build() -> dict[int, list[Record]]:
            rows: dict[int, list[Record]] = {}
            for cell in self.cells.get(box_id, ()):
                rows.setdefault(cell.row, []).append(cell)
            return rows

        return self.derived(("box_rows", box_id), build)

    def header_cells(self, box_id: int) -> list[Record]:
        """A box's header cells, in row and col order."""
        return self.derived(
            ("header_cells", box_id), lambda: [c for c in self.cells.get(box_id, ()) if c.is_header]
        )

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
            for c in self.header_cells(box_id)
            if c.col <= col < c.col + c.col_span and c.text.strip()
        ]
        return " ".join(list(dict.fromkeys(texts))[-levels:]) or None

    def row_text(self, box_id: int | None, row: int | None) -> str | None:
        """A box row as printed, its cells joined by " | " (the quote of a finding's place)."""
        if box_id is None or row is None:
            return None
        cells = [" ".join(c.text.split()) for c in self.box_rows(box_id).get(row, ())]
        return " | ".join(c for c in cells if c) or None


def load(session: Session, plans: Iterable[Plan]) -> dict[int, PlanData]:
    """The comparison's view of `plans` (by id, in id order), read in one query per table as rows.

    The plans are named by id rather than as "the latest", so a plan another run
    loads meanwhile (PostgreSQL reads each statement's snapshot) cannot slip in.
    """
    data = {
        plan.plan_id: PlanData(plan=plan, boxes={}, sections=[])
        for plan in sorted(plans, key=attrgetter("plan_id"))
    }
    chosen = list(data)
    for box in _rows(session, BoxRow, BoxRow.plan_id.in_(chosen)):
        data[box.plan_id].boxes[box.box_id] = box
    for section in _rows(session, SectionRow, SectionRow.plan_id.in_(chosen), SectionRow.ordinal):
        data[section.plan_id].sections.append(section)
    for name, table in (
        ("indicators", IndicatorRow),
        ("zones", ZoneRow),
        ("blocks", BlockSummaryRow),
        ("rights", RightsCountRow),
        ("reserves", ReserveRow),
        ("min_scales", MinScaleRow),
    ):
        order = (table.box_id, table.row, *table.__table__.primary_key.columns)  # ties: as loaded
        for row in _rows(session, table, table.plan_id.in_(chosen), *order):
            getattr(data[row.plan_id], name).append(row)
    plan_of = {box_id: d for d in data.values() for box_id in d.boxes}
    boxes = select(BoxRow.box_id).where(BoxRow.plan_id.in_(chosen))
    of_boxes = _key_in(session, BoxCell.box_id, sorted(plan_of), boxes)
    for box_id, box_cells in groupby(_cells(session, of_boxes), key=itemgetter(0)):
        plan_of[box_id].cells[box_id] = list(box_cells)
    minerals: dict[int, list[Record]] = defaultdict(list)
    zones = select(ZoneRow.zone_id).where(ZoneRow.plan_id.in_(chosen))
    zone_ids = sorted(zone.zone_id for d in data.values() for zone in d.zones)
    of_zones = _key_in(session, ZoneMineralRow.zone_id, zone_ids, zones)
    for zm in _rows(session, ZoneMineralRow, of_zones, ZoneMineralRow.zone_id, ZoneMineralRow.ordinal):
        minerals[zm.zone_id].append(zm)
    for plan_data in data.values():
        plan_data.zone_minerals = {z.zone_id: minerals.get(z.zone_id, []) for z in plan_data.zones}
    return data


def _rows(
    session: Session,
    table: type[Base],
    where: ColumnElement[bool],
    *order: ColumnElement[Any] | InstrumentedAttribute[Any],
) -> list[Record]:
    """The table's rows that match (not ORM instances: a fraction of the time and memory, and nothing
    held by the session)."""
    return _records(session, table.__name__, select(*table.__table__.columns).where(where).order_by(*order))


def _key_in(
    session: Session, key: InstrumentedAttribute[int], ids: list[int], chosen: Select[Any]
) -> ColumnElement[bool]:
    """`key` one of `ids`, the ids `chosen` selects.  On PostgreSQL the ids themselves, as one array:
    given the subquery it hashed the group's boxes and scanned the whole cell table for every group,
    with the table's statistics or without (58 ms a group against 25 ms on 1,000 plans, and growing
    with the corpus).  Elsewhere the subquery, whose ids SQLite looks up in the key's index (the ids
    themselves, a parameter each, took it longer)."""
    if session.get_bind().dialect.name == "postgresql":
        return key == any_(bindparam(None, ids, type_=ARRAY(Integer)))
    return key.in_(chosen)


def _cells(session: Session, where: ColumnElement[bool]) -> list[Record]:
    """The cells (CELL_COLUMNS) that match, in box, row and col order."""
    order = (BoxCell.box_id, BoxCell.row, BoxCell.col)
    return _records(session, "BoxCell", select(*CELL_COLUMNS).where(where).order_by(*order))


def _records(session: Session, name: str, statement: Select[Any]) -> list[Record]:
    """The statement's rows as named tuples of its columns, read through the driver's own cursor: its
    values as they are (a boolean is 0 or 1 on SQLite) and no SQLAlchemy Row made or processed, which
    halves the comparison's reading."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args = tuple(params[key] for key in compiled.positiontup or ()) if compiled.positional else params
    make = _record_type(name, tuple(column.name for column in statement.selected_columns))._make
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return list(map(make, cursor))  # row by row: not held twice, as the driver's tuples and as ours
    finally:
        cursor.close()


@cache
def _record_type(name: str, fields: tuple[str, ...]) -> type[tuple[Any, ...]]:
    return namedtuple(name, fields)  # type: ignore[misc]  # the fields are a table's column names
