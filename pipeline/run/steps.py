"""The order of work of an ingest run, for every runner, and the in-process runner of `mrplans ingest`.

A run reads its files (hash check, parse) in parallel and loads them one at a time in
file order, so plan ids and every listing follow the order of the files whichever
parse finishes first; then, when anything was loaded or the last comparison is stale
(pipeline/compare/freshness.py), it brings the comparison up to date (only what the plans
loaded or superseded touch: pipeline/compare/run.py).  A file
whose reading or loading fails in a way no reader foresaw ends as `rejected` like any
bad document, and the run goes on.

`run_steps` is that order; a runner supplies the steps.  The Prefect flow
(pipeline/run/flows.py) runs them as tasks (retries, artifacts, schedules, Dask);
`ingest_in_process` runs them on a pool of threads in this process, without Prefect,
which is what `mrplans ingest` does by default.  Both keep the per-file deadline
(each parse in a warm worker process, pipeline/run/deadline.py) and end by folding
SQLite's write-ahead log into the database file, so the file alone holds the data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine

from pipeline.ahead import read_ahead
from pipeline.compare.freshness import is_stale
from pipeline.compare.run import refresh
from pipeline.run.deadline import start_workers, stop_workers
from pipeline.run.ingest import Outcome, Parsed, after_loads, discover, failed, load_parsed, read_file
from pipeline.run.progress import report_outcome
from pipeline.store.db import create_schema, engine_for, fold_log

if TYPE_CHECKING:  # the profile machinery (pydantic) is imported only when a run names a profile folder
    from parsers.interpret.profiles import ProfileSet

FILE_TIMEOUT_SECONDS = 300.0
# Parsing runs in worker processes, so a thread mostly waits on one; and each thread needs one of the
# engine's 5 + 10 pooled connections (an unbounded pool of threads exhausted them on a 304-document corpus).
THREADS = 4
# Reads submitted ahead of the load that waits for the next one: enough to keep every thread busy, few
# enough that parsed plans waiting for their turn do not pile up over a corpus (memory stays flat).
READ_AHEAD = 2 * THREADS

Pending = Callable[[], Parsed | Outcome]


class Steps(Protocol):
    """What a runner does for run_steps."""

    def read_all(self, files: Sequence[str]) -> Iterable[Pending]:
        """Start reading every file; one callable per file, in file order, waiting for its result."""
        ...

    def load(self, parsed: Parsed) -> Outcome:
        """Load one parsed document."""
        ...

    def compare(self) -> None:
        """Bring zone links and findings up to date with the plans loaded (pipeline/compare/run.py)."""
        ...

    def comparison_stale(self) -> bool:
        """Whether the last comparison saw plans other than the database's (pipeline/compare/freshness.py)."""
        ...


def run_steps(files: Sequence[str], steps: Steps) -> list[Outcome]:
    """Each file's outcome, in file order, reported to a progress display (if any) as it is known."""
    outcomes: list[Outcome] = []
    for path, pending in zip(files, steps.read_all(files), strict=True):
        outcome = _guarded(path, pending)
        if isinstance(outcome, Parsed):
            outcome = _guarded(path, partial(steps.load, outcome))
        assert isinstance(outcome, Outcome)
        report_outcome(outcome)
        outcomes.append(outcome)
    if any(o.status == "loaded" for o in outcomes) or steps.comparison_stale():
        stop_workers()  # every file is read: the parse workers' memory back before the comparison's start
        steps.compare()
    return outcomes


def _guarded(path: str, work: Pending) -> Parsed | Outcome:
    try:
        return work()
    except Exception as err:
        return failed(path, err)


@dataclass
class _InProcess:
    """The steps on a pool of threads in this process."""

    engine: Engine
    pool: ThreadPoolExecutor
    profiles: ProfileSet | None
    file_timeout: float | None
    reprocess: bool
    phases: dict[str, float]

    def read_all(self, files: Sequence[str]) -> Iterable[Pending]:
        args = (self.engine, self.profiles, self.file_timeout, self.reprocess)
        return read_ahead(lambda path: self.pool.submit(read_file, Path(path), *args), files, READ_AHEAD)

    def load(self, parsed: Parsed) -> Outcome:
        return load_parsed(self.engine, parsed, self.reprocess)

    def compare(self) -> None:
        after_loads(self.engine)
        with _timed(self.phases, "comparison"):
            refresh(self.engine)

    def comparison_stale(self) -> bool:
        return is_stale(self.engine)


def _profiles(profiles_dir: str | None) -> ProfileSet | None:
    """The profiles of a folder named on the command line, else None (the parse reads MRPLANS_PROFILES)."""
    if not profiles_dir:
        return None
    from parsers.interpret.profiles import load_profiles

    return load_profiles(Path(profiles_dir))


def ingest_in_process(
    paths: Iterable[str | Path],
    db_url: str,
    file_timeout: float | None = FILE_TIMEOUT_SECONDS,
    profiles_dir: str | None = None,
    reprocess: bool = False,
    phases: dict[str, float] | None = None,
) -> list[Outcome]:
    """Ingest every plan file under `paths` into `db_url` in this process (no Prefect), then compare.

    `file_timeout` None parses in this process's threads, without a deadline.  `reprocess` reads
    loaded files again too, and loads a new version where the reading changed.  `phases`, when
    given, receives the seconds of each phase: schema, work (reading and loading), comparison,
    shutdown (bench/bench_ingest.py).
    """
    phases = {} if phases is None else phases
    files = [str(p) for p in discover(paths)]
    if file_timeout is not None and files:
        start_workers()  # their fork server imports the parsers while this process makes the schema
    profiles = _profiles(profiles_dir)
    engine = engine_for(db_url)
    try:
        with _timed(phases, "schema"):
            create_schema(engine)
        with _timed(phases, "work"), ThreadPoolExecutor(THREADS, thread_name_prefix="mrplans-read") as pool:
            try:
                outcomes = run_steps(
                    files, _InProcess(engine, pool, profiles, file_timeout, reprocess, phases)
                )
            except BaseException:  # Ctrl-C: the parses in flight end now, not at their deadline
                stop_workers()
                raise
        phases["work"] -= phases.get("comparison", 0.0)
    finally:
        with _timed(phases, "shutdown"):
            fold_log(engine)
            stop_workers()
            engine.dispose()
    return outcomes


@contextmanager
def _timed(phases: dict[str, float], phase: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        phases[phase] = phases.get(phase, 0.0) + time.perf_counter() - started
