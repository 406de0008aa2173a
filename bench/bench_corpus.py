"""Corpus benchmark: ingest a corpus into PostgreSQL with the default runner, with Dask, and again.

Usage: .venv/bin/python bench/bench_corpus.py [CORPUS] [--db URL]

CORPUS (default output/corpus) comes from bench/make_corpus.py.  The database
(default $MRPLANS_BENCH_PG_URL or the local server's mrplans_bench) is dropped and
created afresh before each of the first two runs; the third ingests the same
corpus again into what the Dask run loaded and must load nothing and leave every
*_all table's row count unchanged (the script exits 1 otherwise).

Each run is `pipeline.flows.run_ingest` in a process of its own, after a no-op
flow has started Prefect's temporary server there, so `seconds` is the ingest flow
alone (Dask's local cluster start included).  Memory is the resident set of that
process and all its descendants (Prefect's server, Dask's scheduler and workers),
sampled every 0.1 s with psutil: the peak of their sum, and the largest single
process.  The database size is pg_database_size after the run.

The runs inherit the environment: with PREFECT_API_URL set they report to that
Prefect server instead of a temporary one (without it, each Dask worker starts a
temporary server of its own).  The default runner uses pipeline.flows.THREADS threads.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil
from sqlalchemy import Connection, create_engine, func, select, text
from sqlalchemy.engine import make_url

from models.orm import Base
from pipeline.db import engine_for

ROOT = Path(__file__).resolve().parent.parent
BENCH_URL = os.environ.get(
    "MRPLANS_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/mrplans_bench"
)
MB = 1024 * 1024
SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Config:
    name: str
    runner: str | None


FIRST_RUNS = (Config("default runner", None), Config("Dask, 2 workers", "dask"))
SECOND_INGEST = Config("second ingest (default runner)", None)
COLUMNS = (
    "run",
    "documents",
    "loaded",
    "skipped",
    "rejected",
    "seconds",
    "documents/s",
    "peak RSS MB (process tree)",
    "largest process MB",
    "database MB",
)


@dataclass
class ChildResult:
    """What the ingest process reports: outcome counts and the flow's wall time."""

    documents: int
    loaded: int
    skipped: int
    rejected: int
    seconds: float


@dataclass
class Measured:
    result: ChildResult
    peak_tree_mb: float
    largest_process_mb: float
    database_mb: float


# -- the ingest process --------------------------------------------------------------------------


def child(corpus: str, db_url: str, runner: str | None, result_file: Path) -> None:
    """Start Prefect's temporary server with a no-op flow, then time one ingest flow run."""
    from prefect import flow

    from pipeline.flows import run_ingest

    flow(name="warm-up")(lambda: None)()
    started = time.perf_counter()
    outcomes = run_ingest([corpus], db_url, runner)
    seconds = time.perf_counter() - started
    counts = Counter(outcome.status for outcome in outcomes)
    result = ChildResult(len(outcomes), counts["loaded"], counts["skipped"], counts["rejected"], seconds)
    result_file.write_text(json.dumps(asdict(result)), encoding="utf-8")


def run_child(corpus: Path, db_url: str, runner: str | None) -> tuple[ChildResult, float, float]:
    """The child's result, and the peak RSS (MB) of its process tree and of its largest process."""
    with tempfile.TemporaryDirectory() as scratch:
        result_file = Path(scratch) / "result.json"
        command = [sys.executable, __file__, str(corpus), "--db", db_url, "--child", str(result_file)]
        if runner:
            command += ["--runner", runner]
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
        process = psutil.Popen(command, env=env)
        peak_tree, largest = 0, 0
        while process.poll() is None:
            sizes = _tree_rss(process)
            peak_tree, largest = max(peak_tree, sum(sizes)), max(largest, *sizes, 0)
            time.sleep(SAMPLE_SECONDS)
        if process.returncode != 0:
            sys.exit(f"the ingest process failed (exit code {process.returncode})")
        result = ChildResult(**json.loads(result_file.read_text(encoding="utf-8")))
    return result, peak_tree / MB, largest / MB


def _tree_rss(process: psutil.Process) -> list[int]:
    """Resident set sizes of the process and its descendants (those that vanish meanwhile left out)."""
    sizes = []
    for member in [process, *process.children(recursive=True)]:
        try:
            sizes.append(member.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return sizes


# -- the database --------------------------------------------------------------------------------


def recreate_database(db_url: str) -> None:
    """Drop and create the benchmark database (connecting to the server's `postgres` database)."""
    url = make_url(db_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        con.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


@contextmanager
def connection(db_url: str) -> Iterator[Connection]:
    engine = engine_for(db_url)
    with engine.connect() as con:
        yield con
    engine.dispose()


def all_table_counts(db_url: str) -> dict[str, int]:
    """Row counts of every versioned table (plan_all, box_all, indicator_all …)."""
    with connection(db_url) as con:
        return {
            name: con.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
            if name.endswith("_all")
        }


def database_mb(db_url: str) -> float:
    with connection(db_url) as con:
        return con.scalar(select(func.pg_database_size(func.current_database()))) / MB


# -- the benchmark -------------------------------------------------------------------------------


def measure(config: Config, corpus: Path, db_url: str) -> Measured:
    result, peak_tree, largest = run_child(corpus, db_url, config.runner)
    return Measured(result, peak_tree, largest, database_mb(db_url))


def markdown(rows: dict[str, Measured]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for name, m in rows.items():
        r = m.result
        cells = (
            name,
            r.documents,
            r.loaded,
            r.skipped,
            r.rejected,
            f"{r.seconds:.1f}",
            f"{r.documents / r.seconds:.2f}",
            f"{m.peak_tree_mb:.0f}",
            f"{m.largest_process_mb:.0f}",
            f"{m.database_mb:.1f}",
        )
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def benchmark(corpus: Path, db_url: str) -> bool:
    """Run, print the table, and tell whether the second ingest loaded nothing and changed no row count."""
    rows: dict[str, Measured] = {}
    for config in FIRST_RUNS:
        recreate_database(db_url)
        rows[config.name] = measure(config, corpus, db_url)
    before = all_table_counts(db_url)
    rows[SECOND_INGEST.name] = again = measure(SECOND_INGEST, corpus, db_url)
    unchanged = all_table_counts(db_url) == before
    print(markdown(rows))
    print(
        f"\nsecond ingest: {again.result.loaded} loaded, {again.result.skipped} skipped; every *_all "
        f"table's row count {'unchanged' if unchanged else 'CHANGED'} ({len(before)} tables)"
    )
    return again.result.loaded == 0 and unchanged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "output" / "corpus")
    parser.add_argument("--db", default=BENCH_URL, help="PostgreSQL URL of a database the script may drop")
    parser.add_argument("--runner", help=argparse.SUPPRESS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(str(args.corpus), args.db, args.runner, args.child)
    elif not benchmark(args.corpus, args.db):
        sys.exit(1)


if __name__ == "__main__":
    main()
