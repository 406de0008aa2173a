"""Prefect flows and tasks: `ingest` runs one task per document (read → parse → load).

The work itself lives in pipeline.ingest as plain functions; this module only
orchestrates.  Tasks receive a database URL, never an engine; each worker
process keeps one engine per URL.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from prefect import flow, task, unmapped
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from pipeline.compare.run import refresh
from pipeline.db import create_schema, engine_for
from pipeline.ingest import Outcome, discover, ingest_file


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
def ingest_document(path: str, db_url: str) -> Outcome:
    return ingest_file(Path(path), _engine(db_url))


@task(name="compare-plans", retries=2, retry_delay_seconds=1, retry_condition_fn=_database_hiccup)
def compare_plans(db_url: str) -> int:
    """Recompute zone links and findings over the whole database; returns the number of findings."""
    return len(refresh(_engine(db_url)).findings)


@flow(name="ingest", log_prints=False)
def ingest(paths: list[str], db_url: str) -> list[Outcome]:
    """Ingest every plan file under `paths` into the database at `db_url`, then compare the plans."""
    files = [str(p) for p in discover(paths)]
    create_schema(_engine(db_url))
    futures = ingest_document.map(files, db_url=unmapped(db_url))
    outcomes = [f.result() for f in futures]
    if any(o.status == "loaded" for o in outcomes):
        compare_plans(db_url)
    return outcomes
