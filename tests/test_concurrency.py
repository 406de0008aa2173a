"""Concurrent and repeated ingest runs, and a crash mid-plan.

Two runs at once (two processes, the three bundled plans in opposite orders, each
comparing the plans at its end) into one PostgreSQL database neither duplicate a
plan nor deadlock; a third run changes no row; a load that fails after its boxes
are written leaves none of that plan behind, on PostgreSQL and SQLite.

PostgreSQL: the database `mrplans_concurrency` on the server of MRPLANS_TEST_PG_URL
(default: the local server), created when missing (tests/conftest.py, postgres_url)
and emptied by every test that uses it.  Outside CI those tests skip, saying why,
when there is none; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Barrier

import pytest
from conftest import PLAN_FILES, postgres_url
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

import pipeline.store.load
from models.orm import Base, BoxRow
from pipeline.compare.run import refresh
from pipeline.run.ingest import ingest_file
from pipeline.store.db import create_schema, engine_for

PG_DATABASE = "mrplans_concurrency"
RUN_TIMEOUT = 240  # seconds for two concurrent runs of three plans: longer means they are stuck
PLANS = [str(path) for path in PLAN_FILES.values()]
CRASHED = "和田地区"


@contextmanager
def _empty_postgres(database: str = PG_DATABASE) -> Iterator[Engine]:
    """A PostgreSQL database of the test server (default: this suite's) with a fresh schema."""
    engine = engine_for(postgres_url(database))
    with engine.begin() as con:
        con.execute(text("DROP SCHEMA public CASCADE"))
        con.execute(text("CREATE SCHEMA public"))
    create_schema(engine)
    yield engine
    engine.dispose()


@contextmanager
def _empty_sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = engine_for(f"sqlite:///{tmp_path / 'plans.db'}")
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with _empty_postgres() if request.param == "postgresql" else _empty_sqlite(tmp_path) as engine:
        yield engine


def ingest_run(url: str, paths: list[str], together: Barrier | None = None) -> dict[str, str]:
    """One ingest run as `mrplans ingest` does it: each file's status, then the plans compared.

    Runs sharing a barrier start loading at the same moment, and start comparing at the same moment.
    """
    engine = engine_for(url)
    _meet(together)
    statuses = {path: ingest_file(Path(path), engine).status for path in paths}
    _meet(together)
    refresh(engine)
    engine.dispose()
    return statuses


def _meet(together: Barrier | None) -> None:
    if together is not None:
        together.wait(RUN_TIMEOUT)


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the schema (the *_all tables, vocabularies, links and findings)."""
    with engine.connect() as con:
        return {
            name: con.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


def _regions(engine: Engine, table: str) -> list[str]:
    with engine.connect() as con:
        return sorted(con.scalars(text(f"SELECT region FROM {table}")))


# -- two runs at once, then a third ---------------------------------------------------------------


Runs = list[dict[str, str]]  # each run's status per file


@pytest.fixture(scope="module")
def concurrent() -> Iterator[tuple[Engine, Runs]]:
    """Two runs started together over the three plans in opposite orders; the database and their statuses."""
    context = multiprocessing.get_context("spawn")  # fresh processes: nothing inherited from pytest
    with _empty_postgres() as engine:
        url = engine.url.render_as_string(hide_password=False)
        with context.Manager() as manager, context.Pool(2) as pool:
            together = manager.Barrier(2)
            runs = pool.starmap_async(ingest_run, [(url, PLANS, together), (url, PLANS[::-1], together)])
            statuses = runs.get(timeout=RUN_TIMEOUT)
        yield engine, statuses


def test_two_runs_at_once_load_each_plan_once(concurrent: tuple[Engine, Runs]) -> None:
    engine, runs = concurrent
    for path in PLANS:
        assert sorted(run[path] for run in runs) == ["loaded", "skipped"]
    assert _regions(engine, "plan_all") == _regions(engine, "plan") == sorted(PLAN_FILES)


def test_comparing_again_after_two_runs_at_once_changes_nothing(concurrent: tuple[Engine, Runs]) -> None:
    engine, _ = concurrent
    before = row_counts(engine)
    refresh(engine)
    assert row_counts(engine) == before


def test_a_third_run_changes_nothing(concurrent: tuple[Engine, Runs]) -> None:
    engine, _ = concurrent
    before = row_counts(engine)
    statuses = ingest_run(engine.url.render_as_string(hide_password=False), PLANS)
    assert set(statuses.values()) == {"skipped"}
    assert row_counts(engine) == before


# -- a crash mid-plan -----------------------------------------------------------------------------


def test_a_crash_after_the_boxes_leaves_no_trace_of_the_plan(
    empty_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    others = [path for region, path in PLAN_FILES.items() if region != CRASHED]
    for path in others:
        assert ingest_file(path, empty_db).status == "loaded"
    before = row_counts(empty_db)

    def crash(session: Session, plan_id: int, *_args: object) -> None:
        assert session.scalar(select(func.count()).where(BoxRow.plan_id == plan_id))  # boxes are written
        raise RuntimeError("killed after the boxes were written")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline.store.load, "_insert_records", crash)
        with pytest.raises(RuntimeError, match="killed after the boxes"):
            ingest_file(PLAN_FILES[CRASHED], empty_db)
    assert row_counts(empty_db) == before
    assert _regions(empty_db, "plan_all") == sorted(set(PLAN_FILES) - {CRASHED})
    assert ingest_file(PLAN_FILES[CRASHED], empty_db).status == "loaded"  # not taken for already loaded
