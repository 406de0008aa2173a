"""Prefect flows and tasks: `ingest` runs one task per document (read → parse → load), then compares.

The work itself lives in pipeline.ingest as plain functions; this module only
orchestrates.  Tasks receive a database URL, never an engine; each worker
process keeps one engine per URL.  A document that fails in a way the reader did
not foresee, or whose parse runs past the per-file timeout (a worker process
killed at the deadline, pipeline/deadline.py), ends as `rejected` like any bad
document, so one pathological file cannot stall or break a run.  Every run
publishes a table artifact `ingest-summary` (loaded, skipped, rejected).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

from prefect import flow, task, unmapped
from prefect.artifacts import create_table_artifact
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from parsers.profiles import load_profiles
from parsers.text import printable
from pipeline.db import create_schema, engine_for
from pipeline.freshness import compare_and_record, is_stale
from pipeline.ingest import Outcome, discover, ingest_file, split_bad_names
from pipeline.progress import report_outcome

FILE_TIMEOUT_SECONDS = 300.0
DASK_WORKERS = 2
# Parsing holds the GIL, so more threads buy nothing; and each needs one of the engine's 5 + 10 pooled
# connections (an unbounded pool of threads exhausted them on a 304-document corpus).
THREADS = 4


@cache
def _engine(db_url: str) -> Engine:
    return engine_for(db_url)


def _database_hiccup(_task, _run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry only transient database errors; a bad document is already an outcome, not an exception."""
    try:
        state.result()
    except OperationalError:
        return True
    except Exception:
        return False
    return False


@task(name="ingest-document", retries=2, retry_delay_seconds=1, retry_condition_fn=_database_hiccup)
def ingest_document(path: str, db_url: str, profiles_dir: str | None, file_timeout: float) -> Outcome:
    """One document; reading profiles from `profiles_dir` (None: $MRPLANS_PROFILES or profiles/), its
    parse stopped after `file_timeout` seconds."""
    profiles = load_profiles(Path(profiles_dir)) if profiles_dir else None
    return ingest_file(Path(path), _engine(db_url), profiles, file_timeout)


@task(name="compare-plans", retries=2, retry_delay_seconds=1, retry_condition_fn=_database_hiccup)
def compare_plans(db_url: str) -> int:
    """Recompute zone links and findings over the whole database; returns the number of findings."""
    return len(compare_and_record(_engine(db_url)).findings)


@flow(name="ingest", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def ingest(
    paths: list[str],
    db_url: str,
    file_timeout: float = FILE_TIMEOUT_SECONDS,
    profiles_dir: str | None = None,
) -> list[Outcome]:
    """Ingest every plan file under `paths` into the database at `db_url`, then compare the plans."""
    files = [str(p) for p in discover(paths)]
    create_schema(_engine(db_url))
    futures = ingest_document.map(
        files,
        db_url=unmapped(db_url),
        profiles_dir=unmapped(profiles_dir),
        file_timeout=unmapped(file_timeout),
    )
    outcomes = _outcomes(files, list(futures))
    if any(o.status == "loaded" for o in outcomes) or is_stale(_engine(db_url)):  # pipeline/freshness.py
        compare_plans(db_url)
    _publish_summary(outcomes)
    return outcomes


def _outcomes(files: list[str], futures: list[PrefectFuture[Outcome]]) -> list[Outcome]:
    """Each file's outcome in file order, reported to a progress display (if any) as its task finishes."""
    path_of = dict(zip(futures, files, strict=True))
    finished: dict[PrefectFuture[Outcome], Outcome] = {}
    for future in as_completed(futures):
        finished[future] = _outcome(path_of[future], future)
        report_outcome(finished[future])
    return [finished[future] for future in futures]


def _outcome(path: str, future: PrefectFuture[Outcome]) -> Outcome:
    result = future.result(raise_on_failure=False)
    if isinstance(result, Outcome):
        return result
    reason = f"{type(result).__name__}: {result}" if isinstance(result, BaseException) else str(result)
    return Outcome(path, "rejected", reason=" ".join(f"failed while ingesting ({reason})".split()))


def _publish_summary(outcomes: list[Outcome]) -> None:
    counts = Counter(o.status for o in outcomes)
    create_table_artifact(
        key="ingest-summary",
        table=[
            {
                "file": printable(Path(o.path).name),
                "status": o.status,
                "plan": o.region,
                "boxes": o.boxes,
                "reason": o.reason and printable(o.reason),
            }
            for o in outcomes
        ],
        description=", ".join(f"{counts[s]} {s}" for s in ("loaded", "skipped", "rejected")),
    )


def task_runner(spec: str | None) -> TaskRunner | None:
    """None (the flow's THREADS threads), "dask" (a local cluster of 2 processes) or "dask=ADDRESS"."""
    if not spec:
        return None
    name, _, address = spec.partition("=")
    if name != "dask":
        raise ValueError(f"unknown runner {spec!r}: use dask or dask=ADDRESS")
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": DASK_WORKERS, "threads_per_worker": 1, "processes": True}
    )


def run_ingest(
    paths: list[str],
    db_url: str,
    runner: TaskRunner | str | None = None,
    file_timeout: float = FILE_TIMEOUT_SECONDS,
    profiles_dir: str | None = None,
) -> list[Outcome]:
    """Run the ingest flow on `runner`: a task runner, or a spec for task_runner (None: threads)."""
    chosen = task_runner(runner) if isinstance(runner, str) else runner
    flow_run = ingest if chosen is None else ingest.with_options(task_runner=chosen)
    named, refused = split_bad_names(paths)  # a name Prefect cannot record is refused before the run
    for outcome in refused:
        report_outcome(outcome)
    return refused + flow_run(named, db_url, file_timeout, profiles_dir)


def serve(
    paths: list[str], db_url: str, cron: str | None, interval: float | None, profiles_dir: str | None = None
) -> None:
    """Serve the ingest flow as a deployment on a schedule (needs a Prefect server: PREFECT_API_URL)."""
    ingest.serve(
        name="mrplans-ingest",
        cron=cron,
        interval=interval,
        parameters={
            "paths": [str(Path(p).resolve()) for p in paths],
            "db_url": db_url,
            "profiles_dir": profiles_dir,
        },
        description="Ingest new or changed plan files (by content hash) and compare the plans.",
    )
