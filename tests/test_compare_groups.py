"""The comparison computed group by group (pipeline/compare/run.py `groups`) loads each plan a bounded
number of times and a bounded share of the plans at once, and gives the rows of one group of all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import select
from test_concurrency import _empty_sqlite
from test_incremental import batches, comparison_rows  # noqa: F401 (batches: a fixture)

from models.orm import Plan
from pipeline.compare import data as compare_data
from pipeline.compare import run
from pipeline.compare.data import PlanData
from pipeline.compare.run import refresh
from pipeline.run.ingest import ingest_file


def test_a_refresh_in_groups_holds_a_family_at_a_time_and_gives_the_same_rows(
    batches: list[list[Path]],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loads: list[list[int]] = []  # the plan ids of each load, in order
    real_load = compare_data.load

    def counted_load(session: object, plans: Iterable[Plan]) -> dict[int, PlanData]:
        loaded = real_load(session, plans)  # type: ignore[arg-type]
        loads.append(list(loaded))
        return loaded

    with _empty_sqlite(tmp_path) as engine:
        for path in [*batches[0], *batches[1]]:
            assert ingest_file(path, engine).status == "loaded"
        monkeypatch.setattr(compare_data, "load", counted_load)
        monkeypatch.setattr(run, "GROUP_PLANS", 1)  # every family a group of its own
        in_families = refresh(engine, full=True)
        family_rows = comparison_rows(engine)
        family_loads = list(loads)
        loads.clear()
        monkeypatch.setattr(run, "GROUP_PLANS", 10_000)  # one group of every plan: the comparison at once
        at_once = refresh(engine, full=True)
        assert comparison_rows(engine) == family_rows
        with engine.connect() as con:
            plans = con.execute(select(Plan.region, Plan.parent_region, Plan.target_year)).all()
    assert (in_families.pairs, in_families.links, in_families.findings) == (
        at_once.pairs,
        at_once.links,
        at_once.findings,
    )
    assert len(loads) == 1 and len(loads[0]) == at_once.plans
    times_loaded = Counter(plan_id for load in family_loads for plan_id in load)
    assert set(times_loaded) == set(loads[0])  # every plan read ...
    assert max(times_loaded.values()) == 2  # ... at most twice: in its parent's family and its own
    children = Counter((plan.parent_region, plan.target_year) for plan in plans)
    planned = {(plan.region, plan.target_year) for plan in plans}
    families = [count + (family in planned) for family, count in children.items()]  # + the parent's plan
    assert len(family_loads) >= 4  # 新疆's prefectures, 和田地区's counties (two rounds), 喀什地区's
    assert max(len(load) for load in family_loads) == max(families) < at_once.plans  # a family at a time
