"""The comparison computed group by group (pipeline/compare/run.py `groups`) loads each plan a bounded
number of times and a bounded share of the plans at once, and gives the rows of one group of all; its
groups compared in processes at once (pipeline/compare/parallel.py) give the serial rows, in order."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from test_concurrency import _empty_sqlite, empty_db  # noqa: F401 (empty_db: a fixture)
from test_incremental import batches, comparison_rows  # noqa: F401 (batches: a fixture)

from models.orm import FindingRow, Plan, ZoneLinkRow
from pipeline.compare import data as compare_data
from pipeline.compare import parallel, run
from pipeline.compare.data import PlanData
from pipeline.compare.freshness import is_stale
from pipeline.compare.run import refresh
from pipeline.run import steps
from pipeline.run.ingest import ingest_file
from pipeline.store.db import engine_for


def test_a_refresh_in_groups_holds_a_family_at_a_time_and_gives_the_same_rows(
    batches: list[list[Path]],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loads: list[list[int]] = []  # the plan ids of each load, in order
    real_load = compare_data.load

    def counted_load(session: object, plans: Iterable[Plan]) -> dict[int, PlanData]:
        # a group starts with none of an earlier group's zone names and paragraphs in the memo caches
        assert not any(memo.cache_info().currsize for memo in run.GROUP_CACHES)
        loaded = real_load(session, plans)  # type: ignore[arg-type]
        loads.append(list(loaded))
        return loaded

    with _empty_sqlite(tmp_path) as engine:
        for path in [*batches[0], *batches[1]]:
            assert ingest_file(path, engine).status == "loaded"
        monkeypatch.setattr(compare_data, "load", counted_load)
        monkeypatch.setattr(run, "GROUP_PLANS", 1)  # every family a group of its own
        monkeypatch.setattr(run, "IDS_A_QUERY", 2)  # the plans' cells counted in many statements
        in_families = refresh(engine, full=True, workers=1)  # the loads counted in this process
        family_rows = comparison_rows(engine)
        family_loads = list(loads)
        loads.clear()
        monkeypatch.setattr(run, "GROUP_PLANS", 10_000)  # one group of every plan: the comparison at once
        monkeypatch.setattr(run, "GROUP_CELLS", 10**9)
        at_once = refresh(engine, full=True, workers=1)
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
    assert not any(memo.cache_info().currsize for memo in run.GROUP_CACHES)  # the last group's gone too


def test_an_ingest_compares_with_the_loads_connections_closed_and_the_latest_plans_by_their_kin(
    batches: list[list[Path]],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the loads held is given back before the comparison (pipeline/run/ingest.py `after_loads`),
    and the comparison holds of each latest plan only what relates it to others (run.KIN_COLUMNS)."""
    seen: dict[str, object] = {}
    real_refresh, real_groups = steps.refresh, run.groups

    def refresh_watched(engine: Engine, *args: object, **kwargs: object) -> run.Refresh:
        seen["idle connections"] = engine.pool.checkedin()  # type: ignore[attr-defined]
        return real_refresh(engine, *args, **kwargs)  # type: ignore[arg-type]

    def groups_watched(latest: dict[int, object], *args: object) -> Iterator[run.Group]:
        seen["latest"] = next(iter(latest.values()))
        return real_groups(latest, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(steps, "refresh", refresh_watched)
    monkeypatch.setattr(run, "groups", groups_watched)
    db = tmp_path / "plans.db"
    outcomes = steps.ingest_in_process(batches[0], f"sqlite:///{db}")
    assert {o.status for o in outcomes} == {"loaded"} and seen["idle connections"] == 0
    assert tuple(seen["latest"]._fields) == tuple(c.key for c in run.KIN_COLUMNS)  # type: ignore[attr-defined]
    engine = engine_for(f"sqlite:///{db}")
    try:
        assert not is_stale(engine) and comparison_rows(engine)[0]  # compared, links made
    finally:
        engine.dispose()


def test_a_group_holds_at_most_group_cells_box_cells_but_for_a_family_larger_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # two prefectures' families (a prefecture plan and its counties) of one province and round, their
    # prefecture plans siblings, and two plans related to none; the prefecture plans hold 300 cells, the
    # county plans 100
    def plan(plan_id: int, region: str | None, parent: str | None) -> Plan:
        return Plan(plan_id=plan_id, region=region, parent_region=parent, target_year=2025)

    plans = [plan(1, "甲市", "某省"), plan(2, "乙市", "某省"), plan(30, None, None), plan(31, None, None)]
    plans += [plan(10 + i, f"甲{i}县", "甲市") for i in range(3)]
    plans += [plan(20 + i, f"乙{i}县", "乙市") for i in range(3)]
    latest = {p.plan_id: p for p in plans}
    cells = {plan_id: 300 if plan_id < 10 else 100 for plan_id in latest}
    budgets = (10**9, 700, 100)
    found = []
    for budget in budgets:
        monkeypatch.setattr(run, "GROUP_CELLS", budget)
        found.append(list(run.groups(latest, set(latest), 64, lambda ids: {i: cells[i] for i in ids})))
    assert [len(g) for g in found] == [2, 4, 5]  # every family at once … each family, each plan alone
    for budget, work in zip(budgets, found, strict=True):
        assert sorted(p for g in work for p in g.checked) == sorted(latest)  # every plan's findings, once
        assert sorted(pair for g in work for pair in g.pairs) == sorted(
            (a.plan_id, b.plan_id, relation) for a, b, relation in run.related_pairs(plans)
        )
        for group in work:
            held = sum(cells[plan_id] for plan_id in group.plan_ids())
            families = {(latest[a].parent_region, latest[a].target_year) for a, _, _ in group.pairs}
            assert held <= budget or len(families) == 1 or len(group.checked) == 1


def test_groups_compared_in_processes_give_the_serial_rows_in_the_serial_order(
    batches: list[list[Path]],  # noqa: F811
    empty_db: Engine,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for path in [*batches[0], *batches[1]]:
        assert ingest_file(path, empty_db).status == "loaded"
    monkeypatch.setattr(run, "GROUP_PLANS", 1)  # every family a group of its own: many groups
    in_processes: list[int] = []
    real_compare_groups = parallel.compare_groups

    def counted(url: str, groups: Sequence[run.Group], *how: object) -> Iterator[run.Comparison]:
        in_processes.append(len(groups))
        return real_compare_groups(url, groups, *how)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "compare_groups", counted)
    serial = refresh(empty_db, full=True, workers=1)
    serial_rows = _rows_in_order(empty_db)
    assert not in_processes
    at_once = refresh(empty_db, full=True, workers=2)
    assert len(in_processes) == 1 and in_processes[0] >= 4
    assert _rows_in_order(empty_db) == serial_rows and serial_rows[0] and serial_rows[1]
    assert at_once == serial
    assert not [p for p in multiprocessing.active_children() if p.name != "mrplans-parse"]  # workers ended
    monkeypatch.setattr(run, "may_have_children", lambda: False)  # as in a daemonic Dask worker
    assert refresh(empty_db, full=True, workers=2) == serial and len(in_processes) == 1  # in this process
    assert _rows_in_order(empty_db) == serial_rows


def _rows_in_order(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The zone_link rows (in the database's order: their table has no key of its own) and the finding
    rows in id order, their ids left out (a PostgreSQL sequence goes on counting)."""
    finding_columns = [c for c in FindingRow.__table__.c if c.name != "finding_id"]
    with engine.connect() as con:
        links = con.execute(select(*ZoneLinkRow.__table__.c)).all()
        findings = con.execute(select(*finding_columns).order_by(FindingRow.finding_id)).all()
    return sorted(tuple(row) for row in links), [tuple(row) for row in findings]


def test_a_group_failing_in_a_process_fails_the_refresh_which_writes_nothing(
    batches: list[list[Path]],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with _empty_sqlite(tmp_path) as engine:
        for path in batches[0]:
            assert ingest_file(path, engine).status == "loaded"
        refresh(engine, workers=1)
        before = comparison_rows(engine)
        for path in batches[1]:
            assert ingest_file(path, engine).status == "loaded"
        monkeypatch.setattr(run, "GROUP_PLANS", 1)
        monkeypatch.setattr(run, "group_rows", _failing_group_rows)  # what the workers run
        with pytest.raises(RuntimeError, match="a group failed") as failed:
            refresh(engine, workers=2)
        assert type(failed.value.__cause__).__name__ == "_RemoteTraceback"  # raised in a worker
        assert is_stale(engine) and comparison_rows(engine) == before
        monkeypatch.undo()
        assert refresh(engine, workers=2).compared == len(batches[1])


_GROUP_ROWS = run.group_rows


def _failing_group_rows(session: Session, group: run.Group) -> run.Comparison:
    """A group's comparison that fails in a worker process (imported there by name), not in this one
    (which compares the first group itself)."""
    if multiprocessing.parent_process() is not None:
        raise RuntimeError(f"a group failed: plans {sorted(group.plan_ids())}")
    return _GROUP_ROWS(session, group)


def test_the_workers_are_one_a_core_at_most_eight_unless_the_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MRPLANS_COMPARE_WORKERS", raising=False)
    assert parallel.default_workers() == min(len(os.sched_getaffinity(0)), parallel.MAX_WORKERS)
    monkeypatch.setenv("MRPLANS_COMPARE_WORKERS", "3")
    assert parallel.default_workers() == 3
    monkeypatch.setenv("MRPLANS_COMPARE_WORKERS", "1")
    assert parallel.default_workers() == 1
    monkeypatch.setenv("MRPLANS_COMPARE_WORKERS", "two")
    with pytest.raises(
        ValueError, match="MRPLANS_COMPARE_WORKERS must be a whole number of at least 1, not 'two'"
    ):
        parallel.default_workers()
