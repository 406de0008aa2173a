"""Corpus benchmark at national scale: ingest the first 300, 1,000 and 3,000 plans of the corpus per runner.

Usage: .venv/bin/python bench/bench_corpus.py [CORPUS] [--sizes 300,1000,3000]
       [--modes sqlite,postgresql,prefect-server,dask] [--pg URL] [--results FILE]

CORPUS (default output/corpus) comes from bench/make_corpus.py; a size takes the
corpus's first whole prefecture groups (its corpus.csv) up to that many files, so
every size is a national sample of prefectures with their counties, both rounds.
Each size × mode is one run into a fresh database (a SQLite file, or a PostgreSQL
database named after $MRPLANS_BENCH_PG_URL's with the mode and size appended,
dropped after):

* sqlite, postgresql: the default runner (`mrplans ingest`, pipeline/run/steps.py);
* prefect-server: `--runner prefect` (the ingest flow, pipeline/run/flows.py) against
  a Prefect server this script starts (`prefect server start`, its own
  PREFECT_HOME) and points PREFECT_API_URL at;
* dask: `--runner dask` (a local Dask cluster of 2 workers) against that server.

The run is a process of its own (interpreter start and imports included),
sampled every 0.1 s with psutil: wall seconds, CPU seconds of its process tree
(each process's user + system time when last seen: parse workers, Dask workers;
the Prefect server's own CPU apart) and the peaks of the tree's memory: its
resident sets summed (RSS, which counts a page the workers share with their fork
server once in each of them) and its proportional sets summed (PSS, each shared page
divided among the processes sharing it: what the tree takes of the machine), the
PSS peak apart while ingesting and while comparing (the run marks the comparison's
start), and each process's PSS at the peak (the ingest process first).  The
comparison (pipeline.compare.run.refresh) is timed inside the run.
Then one plan more (the next group's first file) is ingested into that database
the same way: what adding a plan to an N-plan database costs, its comparison
included.  Each measured run is appended to FILE (default
output/bench_corpus.jsonl) as one JSON line, and the table of every line of FILE
is printed after each run (`--report`: print it, run nothing); CPU/doc ratios are to
the smallest size of the same mode.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from unittest import mock

import httpx
import psutil
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BENCH_URL = os.environ.get(
    "MRPLANS_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/mrplans_bench_corpus"
)
MODES = {"sqlite": "local", "postgresql": "local", "prefect-server": "prefect", "dask": "dask"}
MANIFEST = "corpus.csv"
MB = 1024 * 1024
_NOT_RUN = {"wall_seconds": float("nan"), "result": {"comparison_seconds": float("nan")}}
SAMPLE_SECONDS = 0.1
SERVER_START_SECONDS = 600.0  # a loaded 2-core machine


@dataclass
class ChildResult:
    """What the ingest process reports: outcome counts, the ingest call's and the comparison's seconds."""

    documents: int
    loaded: int
    rejected: int
    ingest_seconds: float
    comparison_seconds: float


@dataclass
class Measured:
    """One ingest process as the parent saw it."""

    result: ChildResult
    wall_seconds: float
    cpu_seconds: float
    peak_tree_mb: float  # resident sets summed: pages shared with the fork server counted in each worker
    peak_tree_pss_mb: float  # proportional sets summed: each shared page divided among its sharers
    server_cpu_seconds: float
    peak_ingest_pss_mb: float  # the PSS peak before the comparison starts
    peak_comparison_pss_mb: float  # the PSS peak from the comparison's start on
    peak_members_pss_mb: list[float]  # each process's PSS at the peak: the ingest process, then by size


# -- the ingest process --------------------------------------------------------------------------


def child(files: list[str], db_url: str, runner: str, result_file: Path, profile: Path | None) -> None:
    """Ingest `files` with `runner`, timing the comparison wherever the runner calls it (and profiling it
    into `profile` when given); its start marked by the file `_comparing(result_file)`."""
    import pipeline.run.steps  # Prefect's flows imported only for their runners, as `mrplans ingest` does
    from pipeline.compare.run import refresh

    comparison: list[float] = []

    def timed(*args: object, **kwargs: object) -> object:
        profiler = cProfile.Profile() if profile else None
        _comparing(result_file).touch()
        started = time.perf_counter()
        try:
            if profiler is None:
                return refresh(*args, **kwargs)
            return profiler.runcall(refresh, *args, **kwargs)
        finally:
            comparison.append(time.perf_counter() - started)
            if profiler is not None and profile is not None:
                profiler.dump_stats(profile)

    started = time.perf_counter()
    if runner == "local":
        with mock.patch.object(pipeline.run.steps, "refresh", timed):
            outcomes = pipeline.run.steps.ingest_in_process(files, db_url)
    else:
        import pipeline.run.flows

        with mock.patch.object(pipeline.run.flows, "refresh", timed):
            outcomes = pipeline.run.flows.run_ingest(files, db_url, runner)
    seconds = time.perf_counter() - started
    statuses = [outcome.status for outcome in outcomes]
    result = ChildResult(
        len(outcomes), statuses.count("loaded"), statuses.count("rejected"), seconds, sum(comparison)
    )
    result_file.write_text(json.dumps(asdict(result)), encoding="utf-8")


def run_child(
    files: list[str], db_url: str, runner: str, server: psutil.Process | None, profile: Path | None = None
) -> Measured:
    """Run one ingest process and sample its tree until it ends."""
    with tempfile.TemporaryDirectory() as scratch:
        result_file, list_file = Path(scratch) / "result.json", Path(scratch) / "files.txt"
        list_file.write_text("\n".join(files), encoding="utf-8")
        command = [sys.executable, __file__, "--child", str(result_file), "--files", str(list_file)]
        command += ["--db", db_url, "--runner", runner] + (["--profile", str(profile)] if profile else [])
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
        server_cpu = _cpu(server) if server else 0.0
        started = time.perf_counter()
        process = psutil.Popen(command, env=env, stdout=subprocess.DEVNULL)
        cpu_by_pid: dict[int, float] = {}
        peak_tree = 0
        peak_pss = {False: 0, True: 0}  # by whether the comparison has started
        peak_members = [0]
        while process.poll() is None:
            comparing = _comparing(result_file).exists()
            resident, members = _sample_tree(process, cpu_by_pid)
            peak_tree = max(peak_tree, resident)
            if sum(members) > max(peak_pss.values()):
                peak_members = members
            peak_pss[comparing] = max(peak_pss[comparing], sum(members))
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - started
        if process.returncode != 0:
            sys.exit(f"the ingest process failed (exit code {process.returncode})")
        result = ChildResult(**json.loads(result_file.read_text(encoding="utf-8")))
    server_cpu = _cpu(server) - server_cpu if server else 0.0
    members_mb = [peak_members[0] / MB, *sorted((pss / MB for pss in peak_members[1:]), reverse=True)]
    return Measured(
        result,
        wall,
        sum(cpu_by_pid.values()),
        peak_tree / MB,
        max(peak_pss.values()) / MB,
        server_cpu,
        peak_pss[False] / MB,
        peak_pss[True] / MB,
        [round(mb, 1) for mb in members_mb],
    )


def _comparing(result_file: Path) -> Path:
    """The file the ingest process creates when its comparison starts."""
    return result_file.with_name("comparing")


def _sample_tree(process: psutil.Process, cpu_by_pid: dict[int, float]) -> tuple[int, list[int]]:
    """The tree's resident sets summed now and each member's proportional set (bytes, the ingest process
    first); each member's CPU seconds so far recorded in `cpu_by_pid`."""
    resident, proportional = 0, list[int]()
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, [0]
    for member in members:
        try:
            with member.oneshot():
                memory = member.memory_full_info()  # smaps_rollup: one read a process
                resident += memory.rss
                proportional.append(memory.pss)
                cpu_by_pid[member.pid] = _cpu(member)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            if member is process:
                proportional.append(0)
            continue
    return resident, proportional


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


# -- corpus subsets ------------------------------------------------------------------------------


def subset(corpus: Path, size: int) -> tuple[list[str], str]:
    """The corpus's first whole groups up to `size` files, and the file after them (one plan more)."""
    with (corpus / MANIFEST).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    groups = [int(row["group"]) for row in rows]
    taken = 0
    while taken < len(rows):
        following = groups.index(groups[taken] + 1) if groups[taken] + 1 in groups else len(rows)
        if following > size:
            break
        taken = following
    if taken == 0:
        raise SystemExit(f"size {size} is smaller than the corpus's first group")
    if taken >= len(rows):
        raise SystemExit(f"{corpus} holds {len(rows)} files: make a larger corpus for size {size}")
    return [str(corpus / row["file"]) for row in rows[:taken]], str(corpus / rows[taken]["file"])


# -- databases and the Prefect server ------------------------------------------------------------


@contextmanager
def fresh_database(mode: str, size: int, pg_url: str) -> Iterator[str]:
    """A new, empty database for one run (dropped or deleted afterwards); yields its URL."""
    if mode == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    url = make_url(pg_url)
    url = url.set(database=f"{url.database}_{mode.replace('-', '_')}_{size}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        con.execute(text(f'CREATE DATABASE "{url.database}"'))
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def prefect_server() -> Iterator[psutil.Process]:
    """`prefect server start` in the background with its own PREFECT_HOME; PREFECT_API_URL set meanwhile."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PREFECT_HOME": home, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        command = [str(Path(sys.executable).with_name("prefect")), "server", "start"]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        log = (Path(home) / "server.log").open("w")
        server = psutil.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        api = f"http://127.0.0.1:{port}/api"
        try:
            _wait_healthy(api, server)
            with mock.patch.dict(os.environ, {"PREFECT_API_URL": api}):
                yield server
        finally:
            for member in [*server.children(recursive=True), server]:
                member.terminate()
            psutil.wait_procs([server], timeout=30)
            log.close()


def _wait_healthy(api: str, server: psutil.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the Prefect server exited (code {server.returncode})")
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)  # polling the server's health endpoint: the event waited on
    sys.exit(f"the Prefect server did not answer within {SERVER_START_SECONDS:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the benchmark -------------------------------------------------------------------------------


def measure(
    corpus: Path, size: int, mode: str, pg_url: str, server: psutil.Process | None, profile: Path | None
) -> Iterator[dict]:
    """One size × mode: the record after the ingest into a fresh database, then again with one plan
    more ingested into it (its comparison profiled into `profile` when given)."""
    files, one_more = subset(corpus, size)
    runner = MODES[mode]
    with fresh_database(mode, size, pg_url) as db_url:
        first = run_child(files, db_url, runner, server)
        record = {"size": size, "mode": mode, "load_average": os.getloadavg()[0], "run": asdict(first)}
        yield {**record, "one_more": None}
        added = run_child([one_more], db_url, runner, server, profile)
        yield {**record, "one_more": asdict(added), "profiled": profile is not None}


def markdown(records: list[dict]) -> str:
    """The results table; the CPU/doc ratio is to the smallest size of the same mode."""
    columns = (
        "plans",
        "mode",
        "docs",
        "wall s",
        "docs/s",
        "CPU s/doc",
        "× CPU/doc of smallest",
        "comparison s",
        "comparison share",
        "peak RSS MB",
        "peak PSS MB",
        "peak PSS MB: ingest / comparison",
        "PSS MB by process at the peak",
        "server CPU s",
        "one more: wall s",
        "one more: comparison s",
        "load",
    )
    smallest: dict[str, float] = {}
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for record in sorted(records, key=lambda r: (r["size"], list(MODES).index(r["mode"]))):
        run, more = record["run"], record["one_more"] or _NOT_RUN
        docs = run["result"]["documents"]
        cpu_per_doc = run["cpu_seconds"] / docs
        smallest.setdefault(record["mode"], cpu_per_doc)
        comparison = run["result"]["comparison_seconds"]
        cells = (
            record["size"],
            record["mode"],
            docs,
            f"{run['wall_seconds']:.0f}",
            f"{docs / run['wall_seconds']:.2f}",
            f"{cpu_per_doc:.3f}",
            f"{cpu_per_doc / smallest[record['mode']]:.2f}",
            f"{comparison:.1f}",
            f"{comparison / run['wall_seconds']:.1%}",
            f"{run['peak_tree_mb']:.0f}",
            f"{run.get('peak_tree_pss_mb', float('nan')):.0f}",  # not measured before 2026-12-02
            _phases(run),
            " + ".join(f"{mb:.0f}" for mb in run.get("peak_members_pss_mb", [])) or "-",
            f"{run['server_cpu_seconds']:.0f}",
            f"{more['wall_seconds']:.1f}",
            f"{more['result']['comparison_seconds']:.1f}" + (" (cProfile)" if record.get("profiled") else ""),
            f"{record['load_average']:.1f}",
        )
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def _phases(run: dict) -> str:
    """The PSS peaks while ingesting and while comparing (not measured before 2026-12-03)."""
    if "peak_ingest_pss_mb" not in run:
        return "-"
    return f"{run['peak_ingest_pss_mb']:.0f} / {run['peak_comparison_pss_mb']:.0f}"


def benchmark(
    corpus: Path, sizes: list[int], modes: list[str], pg_url: str, results: Path, profile_size: int | None
) -> None:
    """Every size × mode in turn, sizes first; each record appended to `results` and the table printed."""
    results.parent.mkdir(parents=True, exist_ok=True)
    needs_server = any(MODES[mode] != "local" for mode in modes)
    with prefect_server() if needs_server else _no_server() as server:
        for size in sizes:
            for mode in modes:
                profiled = size == profile_size
                profile = results.with_name(f"comparison-{mode}-{size}.prof") if profiled else None
                uses_server = server if MODES[mode] != "local" else None
                for record in measure(corpus, size, mode, pg_url, uses_server, profile):
                    with results.open("a", encoding="utf-8") as f:
                        f.write(json.dumps(record) + "\n")
                    print(markdown(read_results(results)), flush=True)


def read_results(results: Path) -> list[dict]:
    """The last record of each size × mode in `results`."""
    lines = results.read_text(encoding="utf-8").splitlines()
    return list({(r["size"], r["mode"]): r for r in map(json.loads, lines)}.values())


@contextmanager
def _no_server() -> Iterator[None]:
    yield None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "output" / "corpus")
    parser.add_argument("--sizes", default="300,1000,3000", help="comma-separated plan counts")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--pg", default=BENCH_URL, help="PostgreSQL URL; mode and size appended to its name")
    parser.add_argument("--results", type=Path, default=ROOT / "output" / "bench_corpus.jsonl")
    parser.add_argument("--report", action="store_true", help="print the table of FILE, run nothing")
    parser.add_argument(
        "--profile-size", type=int, help="cProfile the one-more comparison at this size (FILE's folder)"
    )
    parser.add_argument("--profile", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--runner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        files = args.files.read_text(encoding="utf-8").splitlines()
        child(files, args.db, args.runner, args.child, args.profile)
        return
    if args.report:
        print(markdown(read_results(args.results)))
        return
    modes = args.modes.split(",")
    if unknown := set(modes) - set(MODES):
        sys.exit(f"unknown modes {sorted(unknown)}: use {', '.join(MODES)}")
    sizes = [int(size) for size in args.sizes.split(",")]
    benchmark(args.corpus, sizes, modes, args.pg, args.results, args.profile_size)


if __name__ == "__main__":
    main()
