"""Benchmark: loading parsed plans alone (pipeline.store.load), on SQLite and PostgreSQL, against executemany.

Usage: .venv/bin/python bench/bench_load.py [--repeat N] [--pg URL]

The documents (the bundled plans as Tika text, .docx and PDF: three versions of
each plan) are parsed once, before any clock starts.  Each repeat, on each
database, times two stages on a schema created before the clock starts:

* `load`: `load_plan` for every document, one transaction each;
* `baseline`: the very rows that load wrote, read back from it, written again
  by the database driver's own `executemany` (one INSERT per table, no
  SQLAlchemy, in one transaction): the least any loader must send.

The minimum of N repeats is shown (the steadiest figure on a shared machine),
wall clock and CPU time of this process; x = load / baseline.  --pg URL also
runs on PostgreSQL: that database's public schema is dropped and created again
before every stage, so give it a database of its own.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import ColumnElement, Connection, Engine, Table, func, select, text

from models.document import ParsedPlan
from models.orm import Base, Plan
from parsers.parse import parse_document
from pipeline.store.db import create_schema, engine_for
from pipeline.store.load import load_plan

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    *sorted((ROOT / "raw").glob("*.tika.txt")),
    *sorted((ROOT / "tests" / "fixtures" / "docx").glob("*.docx")),
    *sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")),
)
Rows = list[tuple[Table, list[tuple[object, ...]]]]


@contextmanager
def fresh_database(url: str | None) -> Iterator[Engine]:
    """An engine on a database holding only the schema (and its vocabulary tables)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_for(url or f"sqlite:///{folder}/bench.db")
        if url is not None:
            with engine.begin() as con:
                con.execute(text("DROP SCHEMA public CASCADE"))
                con.execute(text("CREATE SCHEMA public"))
        create_schema(engine)
        try:
            yield engine
        finally:
            engine.dispose()


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def written_rows(engine: Engine, written: set[str]) -> list[Rows]:
    """Each plan's rows of the `written` tables, table by table in foreign-key order (a parent
    section before its children: ids ascend from the top of the outline)."""
    tables = [t for t in Base.metadata.sorted_tables if t.name in written]
    with engine.connect() as con:
        plan_ids = con.scalars(select(Plan.plan_id).order_by(Plan.plan_id)).all()
        return [[(table, _plan_rows(con, table, plan_id)) for table in tables] for plan_id in plan_ids]


def _plan_rows(con: Connection, table: Table, plan_id: int) -> list[tuple[object, ...]]:
    query = select(table).where(_of_plan(table, plan_id)).order_by(*table.primary_key.columns)
    return [tuple(row) for row in con.execute(query)]


def _of_plan(table: Table, plan_id: int) -> ColumnElement[bool]:
    """The rows of one plan: by plan_id, or through the table the first foreign key points to."""
    if "plan_id" in table.c:
        return table.c.plan_id == plan_id
    key = next(iter(table.foreign_keys))
    return key.parent.in_(select(key.column).where(_of_plan(key.column.table, plan_id)))


def filled_tables(engine: Engine) -> set[str]:
    """The tables holding rows (after create_schema: the vocabularies, which a load does not write;
    those the load wrote are the ones filled after it, less these)."""
    with engine.connect() as con:
        return {
            t.name for t in Base.metadata.sorted_tables if con.scalar(select(func.count()).select_from(t))
        }


def raw_executemany(engine: Engine, plans: list[Rows]) -> None:
    """Each plan's rows written by the driver's executemany, one statement per table, in one
    transaction per plan as a load does."""
    marker = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for rows in plans:
            if engine.dialect.name == "sqlite":
                cursor.execute("BEGIN IMMEDIATE")  # pipeline.store.db leaves pysqlite in autocommit mode
            for table, data in rows:
                if data:
                    columns = ", ".join(f'"{c.name}"' for c in table.columns)
                    markers = ", ".join(marker for _ in table.columns)
                    cursor.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({markers})', data)
            connection.commit()
    finally:
        connection.close()


def measure(plans: list[ParsedPlan], url: str | None, repeat: int) -> dict[str, tuple[float, float]]:
    """The minimum (wall, cpu) seconds of each stage over `repeat` runs."""
    samples: dict[str, list[tuple[float, float]]] = {"load": [], "baseline": []}
    for _ in range(repeat):
        with fresh_database(url) as engine:
            vocabulary = filled_tables(engine)
            samples["load"].append(_timed(lambda: [load_plan(engine, p) for p in plans]))
            written = written_rows(engine, filled_tables(engine) - vocabulary)
        with fresh_database(url) as engine:
            samples["baseline"].append(_timed(lambda: raw_executemany(engine, written)))  # noqa: B023
    return {stage: (min(s[0] for s in got), min(s[1] for s in got)) for stage, got in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg", metavar="URL", help="also PostgreSQL, on this database (emptied)")
    args = parser.parse_args()
    plans = [parse_document(path) for path in SOURCES]
    rows = sum(len(b.cells) for p in plans for b in p.boxes)
    print(f"{len(plans)} documents, {rows} table cells; minimum of {args.repeat} runs; x = load / baseline")
    print(f"{'database':10} {'load s':>8} {'baseline s':>10} {'x':>6} {'load cpu s':>10} {'x cpu':>6}")
    for name, url in [("SQLite", None), *([("PostgreSQL", args.pg)] if args.pg else [])]:
        got = measure(plans, url, args.repeat)
        (load, load_cpu), (base, base_cpu) = got["load"], got["baseline"]
        print(
            f"{name:10} {load:8.3f} {base:10.3f} {load / base:6.2f}"
            f" {load_cpu:10.3f} {load_cpu / base_cpu:6.2f}"
        )


if __name__ == "__main__":
    main()
