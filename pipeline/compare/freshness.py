"""Which plans the zone links and findings are current for (table comparison_state), and whether that is
the database's latest plans.

The comparison (pipeline/compare/run.py) records, in the transaction that writes
its links and findings, the ids of the latest plans it brought them up to date
with.  So the record and the tables always agree: a run killed before or during its
comparison rolls both back, and the next run (or `mrplans compare`) compares the
plans the record lacks and drops those it holds that are no longer latest.  A plan
loaded by another run while a comparison works is missing from its record, which
only makes the next run compare it.

Databases compared before this record held the latest plans recorded every plan_all
id; the ids of versions no longer latest then count as plans dropped, which removes
nothing, so such a record is brought up to date like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from models.orm import ComparisonState, Plan


def is_stale(engine: Engine) -> bool:
    """Whether the latest plans are not the ones the comparison is current for (or none was compared)."""
    with Session(engine) as session:
        return compared_plan_ids(session) != set(session.scalars(select(Plan.plan_id).where(Plan.is_latest)))


def compared_plan_ids(session: Session) -> set[int] | None:
    """The plans the zone links and findings are current for; None before the first comparison."""
    recorded = session.scalar(select(ComparisonState.plan_ids))
    return None if recorded is None else {int(plan_id) for plan_id in recorded.split(",") if plan_id}


def record(session: Session, plan_ids: Iterable[int]) -> None:
    """Record, in the comparison's transaction, the plans its links and findings are now current for."""
    session.execute(delete(ComparisonState))
    joined = ",".join(map(str, sorted(plan_ids)))
    session.execute(insert(ComparisonState), {"plan_ids": joined, "compared_at": datetime.now(UTC)})
