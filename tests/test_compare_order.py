"""The comparison reads a plan's records in the order they were loaded, whatever order the database
returns ties in (the records of one printed row: a row's several columns), so a rule that takes the
last total of a row or column finds the same one on SQLite and on PostgreSQL
(pipeline/compare/data.py; PostgreSQL's sort returned such ties in another order on a corpus)."""

from __future__ import annotations

from conftest import load_plans
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from test_concurrency import _empty_postgres

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
