"""Plain ingestion functions (no Prefect): find plan files, and parse + load one file into an outcome.

Each document ends as `loaded`, `skipped` (already in the database) or
`rejected` (with a one-line reason).  A bad document is terminal; database
errors propagate so the caller can retry them.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.orm import Plan
from parsers.base import DocumentError, refuse_oversized, refuse_unreadable
from parsers.parse import parse_document, plan_suffixes
from parsers.profiles import ProfileSet
from pipeline.deadline import parse_within
from pipeline.load import known_document, load_plan

Status = Literal["loaded", "skipped", "rejected"]


@dataclass
class Outcome:
    path: str
    status: Status
    reason: str | None = None
    title: str | None = None
    region: str | None = None
    plan_id: int | None = None
    sections: int = 0
    boxes: int = 0
    cells: int = 0
    seconds: float = 0.0
    # how the reading needs a maintainer's look (low fit, tie, skipped box, profile line): `mrplans inspect`
    warnings: list[str] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named on the command line, and plan files found recursively in folders, in a stable order.

    A folder's .doc and .wps files are found too: read through LibreOffice, or refused with advice without it.
    """
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found.extend(
                sorted(p for p in item.rglob("*") if p.is_file() and p.name.lower().endswith(plan_suffixes()))
            )
        else:
            found.append(item)
    return list(dict.fromkeys(found))


def ingest_file(
    path: Path, engine: Engine, profiles: ProfileSet | None = None, timeout: float | None = None
) -> Outcome:
    """Parse and load one file; `profiles` default to parse_document's (load_profiles()).

    With a `timeout` (seconds) the parse runs in a worker process that is killed at that
    deadline (pipeline/deadline.py); without one, in this process.
    """
    started = time.perf_counter()
    try:
        refuse_unreadable(path)  # a file no reader takes is refused before it is read or hashed
        if not path.is_file():
            raise DocumentError(path, "no such file")
        refuse_oversized(path, path.stat().st_size)
        data = path.read_bytes()
        known = _known(engine, hashlib.sha256(data).hexdigest())
        if known is not None:
            return Outcome(
                str(path),
                "skipped",
                title=known.title,
                region=known.region,
                plan_id=known.plan_id,
                seconds=time.perf_counter() - started,
            )
        if timeout is None:
            plan = parse_document(path, data, profiles)
        else:
            plan = parse_within(path, data, profiles, timeout)
    except DocumentError as err:
        return Outcome(str(path), "rejected", reason=err.reason, seconds=time.perf_counter() - started)
    result = load_plan(engine, plan)
    return Outcome(
        path=str(path),
        status=result.status,
        title=plan.meta.title,
        region=plan.meta.region,
        plan_id=result.plan_id,
        sections=result.sections,
        boxes=result.boxes,
        cells=result.cells,
        seconds=time.perf_counter() - started,
        warnings=[f"专栏{d.box}: {d.message}" if d.box is not None else d.message for d in plan.diagnostics],
    )


def _known(engine: Engine, sha256: str) -> Plan | None:
    """The plan of a document already loaded (skipped before it is parsed)."""
    with Session(engine, expire_on_commit=False) as session:
        return known_document(session, sha256)
