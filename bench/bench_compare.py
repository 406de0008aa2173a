"""Time the comparison after adding one plan to a database of N plans: incremental against full.

Usage: .venv/bin/python bench/bench_compare.py [--sizes 25 100 300] [--seed N]

The plans are bench/make_corpus.py's (Tika text only), in its order: whole
prefecture groups, each prefecture's plan and its counties' for both rounds.  One
new SQLite database grows through the sizes: the first N - 1 plans are ingested
(and compared, as `mrplans ingest` does), then the N-th plan is loaded; the
comparison brought up to date then (`refresh`, what ingest runs:
pipeline/compare/run.py) is the incremental time, `refresh(full=True)` (`mrplans
compare --all`) the full time, and their rows must be equal.  Last, a new version
of the last prefecture plan loaded is timed the same way (it supersedes the plan
with the most links).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import make_corpus  # a sibling script: its folder is on sys.path when this one runs
from sqlalchemy import Engine, select

from models.orm import FindingRow, ZoneLinkRow
from pipeline.compare.run import Refresh, refresh
from pipeline.run.ingest import ingest_file
from pipeline.run.steps import ingest_in_process
from pipeline.store.db import engine_for


def rows(engine: Engine) -> tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]]]:
    """The zone_link rows and the finding rows but their ids, counted."""
    with engine.connect() as con:
        links = Counter(tuple(r) for r in con.execute(select(*ZoneLinkRow.__table__.c)))
        columns = [c for c in FindingRow.__table__.c if c.name != "finding_id"]
        return links, Counter(tuple(r) for r in con.execute(select(*columns)))


def timed_refresh(engine: Engine, full: bool) -> tuple[str, Refresh]:
    """The refresh's wall and CPU seconds ("0.41 / 0.38": CPU is the steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    done = refresh(engine, full=full)
    return f"{time.perf_counter() - wall:.3f} / {time.process_time() - cpu:.3f}", done


def measure(url: str, added: Path, size: str) -> None:
    """Load `added`, then time the comparison brought up to date and computed anew; print their row."""
    engine = engine_for(url)
    assert ingest_file(added, engine).status == "loaded"
    incremental_seconds, incremental = timed_refresh(engine, full=False)
    incremental_rows = rows(engine)
    full_seconds, full = timed_refresh(engine, full=True)
    print(
        f"| {size} | {added.name.removesuffix(make_corpus.TIKA)} | {incremental_seconds} "
        f"| {incremental.pairs} | {full_seconds} | {full.pairs} | {full.links} | {full.findings} "
        f"| {incremental_rows == rows(engine)} |",
        flush=True,
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 300])
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    specs = make_corpus.plan_specs(args.seed, sys.maxsize, 0, 0)  # every group: the first N plans are taken
    sizes = sorted(args.sizes)
    if sizes[-1] > len(specs):
        sys.exit(f"the corpus has {len(specs)} plans")
    chosen = specs[: sizes[-1]]
    last_prefecture = next(spec for spec in reversed(chosen) if spec.region.level == "prefecture")
    revised = replace(last_prefecture, revision=last_prefecture.revision + 1)
    with tempfile.TemporaryDirectory() as scratch:
        folder, url = Path(scratch) / "corpus", f"sqlite:///{scratch}/plans.db"
        folder.mkdir()
        make_corpus.write_corpus([*chosen, revised], folder, args.seed)
        files = [folder / f"{spec.stem}{make_corpus.TIKA}" for spec in chosen]
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(
            "| N | added plan | incremental s (wall / CPU) | pairs | full s (wall / CPU) | pairs | links "
            "| findings | equal |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        loaded = 0
        for size in sizes:
            ingest_in_process(files[loaded : size - 1], url, file_timeout=None)
            measure(url, files[size - 1], str(size))
            loaded = size
        measure(url, folder / f"{revised.stem}{make_corpus.TIKA}", f"{loaded} (a new version)")


if __name__ == "__main__":
    main()
