"""Whether the comparison (zone links, findings) is up to date with the plans loaded, and recording it.

The comparison is recomputed over the whole database in its own transaction
after plans load (pipeline/compare/run.py).  A run killed between its last plan's
commit and that comparison left links and findings of fewer plans, and every later
run skipped the files already loaded.  So each comparison records the plan ids it
was computed over (table comparison_state), and any run that finds other plan ids
in plan_all compares again (`compare_if_stale`).

The ids are read before the comparison and recorded after it commits: a plan
loaded meanwhile by another run is then missing from the record, which only makes
the next run compare again; the record never claims a plan the comparison did not
see.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from models.orm import ComparisonState, Plan
from pipeline import locks
from pipeline.compare.run import Comparison, refresh


def is_stale(engine: Engine) -> bool:
    """Whether the plans in the database are not the ones last compared (or nothing was compared yet)."""
    with Session(engine) as session:
        recorded = session.scalar(select(ComparisonState.plan_ids))
        return recorded != _joined(_plan_ids(session))


def compare_and_record(engine: Engine) -> Comparison:
    """Recompute the zone links and findings, then record the plans they were computed over."""
    with Session(engine) as session:
        plan_ids = _plan_ids(session)
    result = refresh(engine)
    with Session(engine) as session, session.begin():
        locks.hold(session, locks.COMPARISON)  # one record at a time
        session.execute(delete(ComparisonState))
        session.execute(
            insert(ComparisonState), {"plan_ids": _joined(plan_ids), "compared_at": datetime.now(UTC)}
        )
    return result


def _plan_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Plan.plan_id).order_by(Plan.plan_id)))


def _joined(plan_ids: list[int]) -> str:
    return ",".join(map(str, plan_ids))
