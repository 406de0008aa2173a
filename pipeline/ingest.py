"""Plain ingestion functions (no Prefect): find plan files, and parse + load one file into an outcome.

A file is read in two steps, so that reading can run in parallel while loading
follows file order: read_file (hash check, then parse) and load_parsed (one
transaction).  Each document ends as `loaded`, `skipped` (already in the
database) or `rejected` (with a one-line reason).  A bad document is terminal;
database errors propagate so the caller can retry them.
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

from models.document import ParsedPlan
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

    A folder's .doc files are found too, so that they are refused with advice rather than passed over.
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


@dataclass
class Parsed:
    """A document read and parsed, waiting to be loaded (`seconds`: the time its reading took)."""

    path: str
    plan: ParsedPlan
    seconds: float


def ingest_file(
    path: Path,
    engine: Engine,
    profiles: ProfileSet | None = None,
    timeout: float | None = None,
    reprocess: bool = False,
) -> Outcome:
    """Parse and load one file (read_file, then load_parsed)."""
    read = read_file(path, engine, profiles, timeout, reprocess)
    return read if isinstance(read, Outcome) else load_parsed(engine, read, reprocess)


def read_file(
    path: Path,
    engine: Engine,
    profiles: ProfileSet | None = None,
    timeout: float | None = None,
    reprocess: bool = False,
) -> Parsed | Outcome:
    """Read and parse one file, or its outcome when that ends it: `skipped` (its bytes are in the
    database, so it is not parsed; with `reprocess` it is, for load_parsed to compare) or
    `rejected`.  `profiles` default to parse_document's (load_profiles()).

    With a `timeout` (seconds) the parse runs in a worker process that is killed at that
    deadline (pipeline/deadline.py); without one, in this process.
    """
    started = time.perf_counter()
    try:
        if not path.exists():
            raise DocumentError(path, "no such file or folder")
        refuse_unreadable(path)  # a file no reader takes is refused before it is read or hashed
        if not path.is_file():
            raise DocumentError(path, "not a file")
        refuse_oversized(path, path.stat().st_size)
        data = path.read_bytes()
        known = None if reprocess else _known(engine, hashlib.sha256(data).hexdigest())
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
    return Parsed(str(path), plan, time.perf_counter() - started)


def load_parsed(engine: Engine, parsed: Parsed, reprocess: bool = False) -> Outcome:
    """Load a parsed document in one transaction; its outcome, `loaded` or `skipped` (loaded meanwhile,
    or with `reprocess`, read as before)."""
    started = time.perf_counter()
    plan = parsed.plan
    result = load_plan(engine, plan, reprocess)
    return Outcome(
        path=parsed.path,
        status=result.status,
        title=plan.meta.title,
        region=plan.meta.region,
        plan_id=result.plan_id,
        sections=result.sections,
        boxes=result.boxes,
        cells=result.cells,
        seconds=parsed.seconds + time.perf_counter() - started,
        warnings=[f"专栏{d.box}: {d.message}" if d.box is not None else d.message for d in plan.diagnostics],
    )


def failed(path: str, error: BaseException | object) -> Outcome:
    """The outcome of a file whose reading or loading failed in a way no reader foresaw."""
    reason = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else str(error)
    return Outcome(path, "rejected", reason=" ".join(f"failed while ingesting ({reason})".split()))


def _known(engine: Engine, sha256: str) -> Plan | None:
    """The plan of a document already loaded (skipped before it is parsed)."""
    with Session(engine, expire_on_commit=False) as session:
        return known_document(session, sha256)
