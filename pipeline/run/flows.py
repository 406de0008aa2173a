"""Prefect flows and tasks: `ingest` reads every document in a task of its own (at most READ_AHEAD
submitted ahead of the load), loads them in file order, then compares.

Scheduled and deployed runs (`mrplans serve`, prefect.yaml) and `mrplans ingest
--runner prefect|dask` run this flow; a plain `mrplans ingest` runs the same steps
in process (pipeline/run/steps.py, which sets their order).  The work itself lives in
pipeline.run.ingest as plain functions; this module only orchestrates.  Tasks receive
a database URL, never an engine; each worker process keeps one engine per URL.  A
document that fails in a way the reader did not foresee, or whose parse runs past
the per-file timeout (a worker process killed at the deadline,
pipeline/run/deadline.py), ends as `rejected` like any bad document, so one
pathological file cannot stall or break a run.  Every run publishes a table
artifact `ingest-summary` (loaded, skipped, rejected).
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import anyio
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.runner import Runner
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from parsers.interpret.profiles import load_profiles
from parsers.words.text import printable
from pipeline.ahead import read_ahead
from pipeline.compare.freshness import is_stale
from pipeline.compare.run import refresh
from pipeline.run.ingest import (
    Outcome,
    Parsed,
    after_loads,
    discover,
    load_parsed,
    read_file,
    split_bad_names,
)
from pipeline.run.progress import report_outcome
from pipeline.run.steps import FILE_TIMEOUT_SECONDS, READ_AHEAD, THREADS, Pending, run_steps
from pipeline.store.db import create_schema, engine_for, fold_log

DASK_WORKERS = 2


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


# a document is an input, not a cache key: hashing a parsed plan for a cache would cost more than loading it
RETRIED = {
    "retries": 2,
    "retry_delay_seconds": 1,
    "retry_condition_fn": _database_hiccup,
    "cache_policy": NO_CACHE,
}


@task(name="read-document", **RETRIED)
def read_document(
    path: str, db_url: str, profiles_dir: str | None, file_timeout: float, reprocess: bool = False
) -> Parsed | Outcome:
    """One document read and parsed (or skipped, or rejected); reading profiles from `profiles_dir`
    (None: $MRPLANS_PROFILES or profiles/), its parse stopped after `file_timeout` seconds."""
    profiles = load_profiles(Path(profiles_dir)) if profiles_dir else None
    return read_file(Path(path), _engine(db_url), profiles, file_timeout, reprocess)


@task(name="load-document", **RETRIED)
def load_document(parsed: Parsed, db_url: str, reprocess: bool = False) -> Outcome:
    """One parsed document loaded in one transaction."""
    return load_parsed(_engine(db_url), parsed, reprocess)


@task(name="compare-plans", **RETRIED)
def compare_plans(db_url: str) -> int:
    """Bring zone links and findings up to date with the plans loaded (pipeline/compare/run.py); returns the
    number of findings."""
    engine = _engine(db_url)
    after_loads(engine)
    return refresh(engine).findings


class _Tasks:
    """The steps of pipeline/run/steps.py as Prefect tasks: reads submitted on the task runner at most
    READ_AHEAD ahead of the load (a corpus's parsed plans do not pile up), loads in turn."""

    def __init__(self, db_url: str, profiles_dir: str | None, file_timeout: float, reprocess: bool) -> None:
        self.db_url, self.profiles_dir, self.file_timeout = db_url, profiles_dir, file_timeout
        self.reprocess = reprocess

    def read_all(self, files: Sequence[str]) -> Iterable[Pending]:
        def submit(path: str) -> PrefectFuture[Parsed | Outcome]:
            args = (self.db_url, self.profiles_dir, self.file_timeout, self.reprocess)
            with _without_flow_parameters():
                return read_document.submit(path, *args)

        return read_ahead(submit, files, READ_AHEAD)

    def load(self, parsed: Parsed) -> Outcome:
        return load_document(parsed, self.db_url, self.reprocess)

    def compare(self) -> None:
        compare_plans(self.db_url)

    def comparison_stale(self) -> bool:
        return is_stale(_engine(self.db_url))


@contextmanager
def _without_flow_parameters() -> Iterator[None]:
    """Submit a task without the flow's parameters in its context.  Prefect sends the flow run's
    context with every task it submits to Dask, the flow's parameters included: the run's list of
    files, once for each file (a run of 3,000 files named sent 3,000 × 3,000 paths, and the flow
    process, which also runs the cluster's scheduler, grew with the corpus).  The tasks do not read
    them (they would only key a cache, and no task is cached: RETRIED)."""
    context = FlowRunContext.get()
    if context is None:
        yield
        return
    with context.model_copy(update={"parameters": {}}):
        yield


@flow(name="ingest", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def ingest(
    paths: list[str],
    db_url: str,
    file_timeout: float = FILE_TIMEOUT_SECONDS,
    profiles_dir: str | None = None,
    reprocess: bool = False,
) -> list[Outcome]:
    """Ingest every plan file under `paths` into the database at `db_url`, then compare the plans;
    `reprocess`: read loaded files again, a new version where the reading changed."""
    _served_run()
    files = [str(p) for p in discover(paths)]
    get_run_logger().info("ingest: reading %d files", len(files))
    create_schema(_engine(db_url))
    outcomes = run_steps(files, _Tasks(db_url, profiles_dir, file_timeout, reprocess))
    fold_log(_engine(db_url))
    get_run_logger().info("ingest: %s", _publish_summary(outcomes))
    return outcomes


def _served_run() -> None:
    """A served run has a process of its own; Ctrl-C at the `mrplans serve` terminal reaches it too,
    and `mrplans serve` lets it finish, so it ignores Ctrl-C."""
    from prefect.runtime import deployment

    if deployment.id and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _publish_summary(outcomes: list[Outcome]) -> str:
    """Publish the `ingest-summary` artifact; its description: `1 loaded, 2 skipped, 0 rejected`."""
    counts = Counter(o.status for o in outcomes)
    description = ", ".join(f"{counts[s]} {s}" for s in ("loaded", "skipped", "rejected"))
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
        description=description,
    )
    return description


# Dask keeps each process's last messages and task events for its developers
# (distributed.admin.low-level-log-length, 1,000 by default).  A message that starts a task carries the
# task's whole run spec, which for a Prefect task is the task, the flow and the flow run's context:
# about 0.25 MB a plan held until 1,000 had passed, in the flow process (which also runs a local
# cluster's scheduler) and in each worker.
DASK_LOG_LENGTH = 100


@cache
def _short_dask_logs() -> None:
    """Make DASK_LOG_LENGTH the default length of Dask's low-level logs in this process, and so in the
    local cluster's processes it starts; a length set in Dask's configuration (file or
    DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH) is kept."""
    import dask.config

    dask.config.update_defaults({"distributed": {"admin": {"low-level-log-length": DASK_LOG_LENGTH}}})


def task_runner(spec: str | None) -> TaskRunner | None:
    """None or "prefect" (the flow's THREADS threads), "dask" (a local cluster of 2 processes) or
    "dask=ADDRESS"."""
    if not spec or spec == "prefect":
        return None
    name, _, address = spec.partition("=")
    if name != "dask":
        raise ValueError(f"unknown runner {spec!r}: use prefect, dask or dask=ADDRESS")
    from prefect_dask import DaskTaskRunner

    _short_dask_logs()
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
    reprocess: bool = False,
) -> list[Outcome]:
    """Run the ingest flow on `runner`: a task runner, or a spec for task_runner (None: threads)."""
    chosen = task_runner(runner) if isinstance(runner, str) else runner
    flow_run = ingest if chosen is None else ingest.with_options(task_runner=chosen)
    named, refused = split_bad_names(paths)  # a name Prefect cannot record is refused before the run
    for outcome in refused:
        report_outcome(outcome)
    return refused + flow_run(named, db_url, file_timeout, profiles_dir, reprocess)


STOP_SECONDS = 900.0  # after SIGTERM or Ctrl-C, the longest the run in flight is waited for


class _Draining(Runner):
    """A runner that, on SIGTERM or Ctrl-C, polls for no new run from that moment, lets the run in
    flight finish (for at most STOP_SECONDS), then exits; a second signal stops at once.

    (Prefect's own handler cancels the run in flight, and may go on starting runs scheduled before.)
    """

    draining = False

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        if self.draining:
            super().handle_sigterm(*args, **kwargs)
        self.draining = True
        self._scheduled_run_poller.stopping = True  # no new run from now on
        self._logger.info("stopping: no new runs; waiting for the run in flight")
        loop = asyncio.get_running_loop()  # the handler runs on the loop's (main) thread
        loop.call_soon_threadsafe(loop.create_task, self._exit_when_idle())

    async def _exit_when_idle(self) -> None:
        with anyio.move_on_after(STOP_SECONDS):
            while not self.has_slots_available():  # limit 1: a free slot means no run in flight
                await anyio.sleep(0.2)
        self._loops_task_group.cancel_scope.cancel()


def serve(
    paths: list[str], db_url: str, cron: str | None, interval: float | None, profiles_dir: str | None = None
) -> None:
    """Serve the ingest flow as the deployment ingest/mrplans-ingest on a schedule (needs a Prefect
    server: PREFECT_API_URL): one run at a time, SIGTERM or Ctrl-C lets the run in flight finish."""
    runner = _Draining(name="mrplans-ingest", limit=1)
    runner.add_flow(
        ingest,
        name="mrplans-ingest",
        cron=cron,
        interval=interval,
        concurrency_limit=1,  # runs of the deployment never overlap, whoever serves it
        parameters={
            "paths": [str(Path(p).resolve()) for p in paths],
            "db_url": db_url,
            "profiles_dir": profiles_dir,
        },
        description="Ingest new or changed plan files (by content hash) and compare the plans.",
    )
    # Ctrl-C as SIGTERM; the run in flight, in a process of its own, ignores it (_served_run)
    signal.signal(signal.SIGINT, runner.handle_sigterm)
    print(
        "mrplans serve: the ingest flow is served and polling for scheduled runs (Ctrl-C stops)", flush=True
    )
    asyncio.run(runner.start())
