"""The comparison reads a plan's records in the order they were loaded, whatever order the database
returns ties in (the records of one printed row: a row's several columns), so a rule that takes the
last total of a row or column finds the same one on SQLite and on PostgreSQL
(pipeline/compare/data.py; PostgreSQL's sort returned such ties in another order on a corpus); and it
reads the same rows from either, though it names a group's boxes and zones to each in its own way."""

from __future__ import annotations

from pathlib import Path

from conftest import load_plans
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from test_concurrency import _empty_postgres, _empty_sqlite

from models.orm import BlockSummaryRow, IndicatorRow, MinScaleRow, Plan, ReserveRow, RightsCountRow, ZoneRow
from pipeline.compare import data

RECORDS = {
    "indicators": IndicatorRow,
    "zones": ZoneRow,
    "blocks": BlockSummaryRow,
    "rights": RightsCountRow,
    "reserves": ReserveRow,
    "min_scales": MinScaleRow,
}


def test_records_of_one_printed_row_are_read_in_load_order_on_postgresql() -> None:
    with _empty_postgres("mrplans_test_compare_order") as engine:  # what a run killed before left: gone
        load_plans(engine)
        with engine.begin() as connection:  # an update writes a new row version: every other record moves
            for table in RECORDS.values():
                (key,) = table.__table__.primary_key.columns
                connection.execute(
                    text(f"UPDATE {table.__tablename__} SET row = row WHERE {key.name} % 2 = 0")
                )
        with Session(engine) as session:
            plans = data.load(session, session.scalars(select(Plan).where(Plan.is_latest)))
    tied = 0
    for plan in plans.values():
        for name, table in RECORDS.items():
            (key,) = table.__table__.primary_key.columns
            rows = getattr(plan, name)
            assert rows == sorted(rows, key=lambda r: (r.box_id, r.row, getattr(r, key.name))), name
            tied += len(rows) - len({(r.box_id, r.row) for r in rows})
    assert tied  # the plans have records sharing a printed row


def test_the_comparison_reads_the_same_rows_from_postgresql_and_sqlite(tmp_path: Path) -> None:
    """Cells and zone minerals included: PostgreSQL is given the ids of a group's boxes and zones as
    one array, SQLite the subquery that selects them."""
    read = []
    for empty in (_empty_postgres("mrplans_test_compare_order"), _empty_sqlite(tmp_path)):
        with empty as engine:
            load_plans(engine)
            with Session(engine) as session:
                plans = data.load(session, session.scalars(select(Plan).where(Plan.is_latest)))
                read.append({plan_id: _rows_read(plan) for plan_id, plan in plans.items()})
    on_postgresql, on_sqlite = read
    assert on_postgresql == on_sqlite
    assert all(cells and minerals for _, cells, minerals in on_sqlite.values())


def _rows_read(plan: data.PlanData) -> tuple[object, ...]:
    """What the comparison read of a plan (a boolean is 0 or 1 from SQLite, False or True from
    PostgreSQL: equal in Python)."""
    records = tuple(getattr(plan, name) for name in RECORDS)
    return (plan.boxes, plan.sections, records), plan.cells, plan.zone_minerals
