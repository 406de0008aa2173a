"""Benchmark: read, parse (with typed records) and load the bundled plans, without Prefect; and the
README's `mrplans ingest` as a user runs it.

Usage: .venv/bin/python bench/bench_ingest.py [--repeat N] [--cli] [--prefect]

Every stage is timed over N repeats (median), next to a baseline measured in the
same run (loading into a new database whose schema, created by the alembic
migrations, is timed apart as a once-per-run cost): reading each file and
splitting it into lines, the least any reader must do.  Ratios are stage time /
baseline time.

--cli times the README's command, `mrplans ingest` of raw/ into a new SQLite file
(a fresh process each time, imports included; median of N), as a ratio to the
in-process work (parse + records + load, warm): its wall time, and its CPU time
(user + system of the command and every process it started: fork server, parse
workers, counted by adopting the fork server as a child subreaper on Linux), the
steadier figure on a shared machine; with one run broken down: interpreter start,
imports, schema, work (reading and loading), comparison, shutdown (folding the
log, stopping the parse workers) and process exit, and its CPU.  The load average
is printed with it.
--prefect also times one `ingest` flow run (temporary Prefect server included),
what `mrplans ingest --runner prefect` and served runs pay.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from parsers.parse import parse_document
from parsers.read.readers import read_document
from pipeline.run.ingest import discover
from pipeline.store.db import create_schema, engine_for
from pipeline.store.load import load_plan

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
MRPLANS = Path(sys.executable).parent / "mrplans"
# `mrplans ingest`'s work in a fresh process, timed by phase (JSON on stdout): argv = raw folder, URL;
# with the CPU seconds of the script's imports and of all it did up to the end of the run
PHASES = """
import json, sys, time
started, cpu = time.perf_counter(), time.process_time()
import pipeline.cli
from pipeline.run.steps import ingest_in_process
phases = {"imports": time.perf_counter() - started}
imports_cpu = time.process_time() - cpu
ingest_in_process([sys.argv[1]], sys.argv[2], profiles_dir=sys.argv[1] + "/../profiles", phases=phases)
print(json.dumps({"phases": phases, "imports_cpu": imports_cpu, "cpu": time.process_time() - cpu}))
"""

Clock = Callable[[], float]  # seconds: time.perf_counter (wall) or time.process_time (CPU)


def _median_seconds(measure: Callable[[], float], repeat: int) -> float:
    return statistics.median(measure() for _ in range(repeat))


def _timed(work: Callable[[], object], clock: Clock = time.perf_counter) -> float:
    started = clock()
    work()
    return clock() - started


PR_SET_CHILD_SUBREAPER = 36  # Linux prctl(2): orphaned descendants are reparented to this process


def _adopt_orphans() -> bool:
    """Have the command's fork server (left running when the command exits, so never waited for by
    it) reparented to this process when orphaned, so that its CPU and its workers' count (Linux)."""
    if sys.platform != "linux":
        return False
    return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def _children_cpu() -> float:
    """CPU seconds (user + system) of the child processes ended so far, and of theirs; first waiting
    for every adopted orphan to end."""
    with contextlib.suppress(ChildProcessError):
        while True:
            os.wait()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _fresh_database(work: Callable[[Engine], object], clock: Clock = time.perf_counter) -> float:
    """Seconds `work` takes on a new SQLite database whose schema is created before the clock starts."""
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_for(f"sqlite:///{folder}/bench.db")
        create_schema(engine)
        seconds = _timed(lambda: work(engine), clock)
        engine.dispose()
    return seconds


def _schema() -> float:
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_for(f"sqlite:///{folder}/bench.db")
        seconds = _timed(lambda: create_schema(engine))
        engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cli", action="store_true", help="time the README's mrplans ingest")
    parser.add_argument("--prefect", action="store_true", help="time one ingest flow run")
    args = parser.parse_args()
    files = discover([RAW])
    parse_document(files[0])  # warm caches (vocabularies, jieba) once, as a long run would
    stages = {
        "baseline: read + split lines": lambda: _timed(
            lambda: [p.read_text(encoding="utf-8").splitlines() for p in files]
        ),
        "reader (Tika text → blocks)": lambda: _timed(lambda: [read_document(p) for p in files]),
        "parse + records": lambda: _timed(lambda: [parse_document(p) for p in files]),
        "parse + records + load (SQLite)": lambda: _fresh_database(
            lambda engine: [load_plan(engine, parse_document(p)) for p in files]
        ),
        "schema creation (once per run)": _schema,
    }
    results = {name: _median_seconds(work, args.repeat) for name, work in stages.items()}
    base = results["baseline: read + split lines"]
    print(f"{len(files)} plans, median of {args.repeat} runs")
    print(f"{'stage':34} {'seconds':>9} {'× baseline':>11}")
    for name, seconds in results.items():
        print(f"{name:34} {seconds:9.4f} {seconds / base:11.1f}")
    if args.cli:
        work_cpu = _median_seconds(
            lambda: _fresh_database(
                lambda engine: [load_plan(engine, parse_document(p)) for p in files], time.process_time
            ),
            args.repeat,
        )
        _cli(results["parse + records + load (SQLite)"], work_cpu, args.repeat)
    if args.prefect:
        _prefect_run(files)


def _cli(work: float, work_cpu: float, repeat: int) -> None:
    """The README's `mrplans ingest` (fresh process, new database) against the in-process work."""

    def once() -> tuple[float, float]:
        with tempfile.TemporaryDirectory() as folder:
            command = [str(MRPLANS), "ingest", "--quiet", "--db", f"sqlite:///{folder}/plans.db"]
            started, cpu = time.perf_counter(), _children_cpu()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            return time.perf_counter() - started, _children_cpu() - cpu

    if not _adopt_orphans():
        print("CPU without the fork server and the parse workers (not Linux)")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    runs = [once() for _ in range(repeat)]
    wall, cpu = (statistics.median(seconds) for seconds in zip(*runs, strict=True))
    print(f"{'mrplans ingest (README, wall)':34} {wall:9.4f} {'':11} {wall / work:6.1f} × in-process work")
    print(f"{'mrplans ingest (README, CPU)':34} {cpu:9.4f} {'':11} {cpu / work_cpu:6.1f} × in-process CPU")
    print(f"{'in-process work (CPU)':34} {work_cpu:9.4f}")
    start = _median_seconds(lambda: _timed(lambda: subprocess.run([sys.executable, "-c", "pass"])), 3)
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-c", PHASES, str(RAW), f"sqlite:///{folder}/plans.db"]
        started, cpu = time.perf_counter(), _children_cpu()
        run = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        total, tree_cpu = time.perf_counter() - started, _children_cpu() - cpu
    breakdown = {"interpreter start": start, **run["phases"]}
    breakdown["process exit"] = total - sum(breakdown.values())
    print(f"one run, {total:.3f} s; load average after: {os.getloadavg()[0]:.1f}")
    for phase, seconds in breakdown.items():
        print(f"  {phase:32} {seconds:9.4f}")
    print(f"its CPU, {tree_cpu:.3f} s:")
    print(f"  {'imports':32} {run['imports_cpu']:9.4f}")
    print(f"  {'the rest of the run':32} {run['cpu'] - run['imports_cpu']:9.4f}")
    print(f"  {'start, exit, fork server, workers':32} {tree_cpu - run['cpu']:9.4f}")


def _prefect_run(files: list[Path]) -> None:
    import os

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from pipeline.run.flows import ingest

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        ingest([str(p) for p in files], f"sqlite:///{folder}/bench.db")
        print(f"{'prefect flow run (one, end to end)':34} {time.perf_counter() - started:9.4f}")


if __name__ == "__main__":
    main()
