"""Plain ingestion functions (no Prefect): find plan files, parse + load one file into an outcome, and
give back what the loads held before a run's comparison.

A file is read in two steps, so that reading can run in parallel while loading
follows file order: read_file (hash check, then parse) and load_parsed (one
transaction).  Each document ends as `loaded`, `skipped` (already in the
database) or `rejected` (with a one-line reason).  A bad document is terminal;
database errors propagate so the caller can retry them.  Before a file is read,
what its path names is checked (pipeline/run/entries.py); before a plan is loaded,
that every value fits its column (pipeline/store/validate.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, Row

from models.document import Diagnostic, ParsedPlan
from parsers.read.base import DocumentError
from parsers.read.readers import plan_suffixes, refuse_unreadable
from parsers.words.text import printable
from pipeline.processes import return_freed_memory
from pipeline.run.deadline import parse_within
from pipeline.run.entries import BAD_NAME, has_bad_name, read_plan_bytes, refuse_entry
from pipeline.store.load import known_document, load_plan
from pipeline.store.validate import check_plan

if TYPE_CHECKING:
    from parsers.interpret.profiles import ProfileSet

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

    A folder's .doc and .wps files are found too: read through LibreOffice, or refused with advice without
    it; so are entries named like plan files that are not plain files (named pipes, symbolic links that
    loop or lead out of the folder), so that they are refused saying what they are.
    """
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found.extend(
                sorted(
                    p for p in item.rglob("*") if p.name.lower().endswith(plan_suffixes()) and _not_a_dir(p)
                )
            )
        else:
            found.append(item)
    return list(dict.fromkeys(found))


def _not_a_dir(path: Path) -> bool:
    """A folder's entry to take: a file, and what only looks like one (a named pipe, a link that loops or
    leads out of the folder), which refuse_entry then names."""
    return path.is_symlink() or not path.is_dir()


def split_bad_names(paths: Iterable[str]) -> tuple[list[str], list[Outcome]]:
    """The paths whose names are valid UTF-8, and a rejection for each other one: such a name cannot be
    recorded (Prefect, the database) or printed, so it is refused on its own before a run starts."""
    named: list[str] = []
    refused: list[Outcome] = []
    for path in paths:
        if has_bad_name(path):
            refused.append(_rejected(Path(path), DocumentError(path, BAD_NAME), time.perf_counter()))
        else:
            named.append(path)
    return named, refused


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
    deadline (pipeline/run/deadline.py); without one, in this process.
    """
    started = time.perf_counter()
    try:
        refuse_entry(path)  # what the path names: a plain file of its folder, nothing else
        refuse_unreadable(path)  # a file no reader takes is refused before it is read or hashed
        data = read_plan_bytes(path)
        sha256 = hashlib.sha256(data).hexdigest()  # once: the skip below and the plan's source
        known = None if reprocess else _known(engine, sha256)
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
            from parsers.parse import parse_document  # the parsers, only where this process parses

            plan = parse_document(path, data, profiles, sha256)
        else:
            plan = parse_within(path, data, profiles, timeout, sha256)
        check_plan(plan)  # every value fits its column, the same on SQLite and PostgreSQL
    except DocumentError as err:
        return _rejected(path, err, started)
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
        warnings=[_warning(plan, d) for d in plan.diagnostics],
    )


def after_loads(engine: Engine) -> None:
    """What the loads held, given back before the comparison: the engine's idle connections closed (on
    SQLite each kept a page cache of up to 2 MB, full on a large database; the comparison opens its
    own), then the C heap's free pages (`return_freed_memory`).  In a 3,000-plan run, 11 MB of the
    ingest process, which the comparison's own objects would not have reused."""
    engine.dispose()
    return_freed_memory()


def _warning(plan: ParsedPlan, diagnostic: Diagnostic) -> str:
    """A diagnostic as one warning line, its box named as the plan prints it (专栏15, 表3-1)."""
    if diagnostic.box is None:
        return diagnostic.message
    box = next((b for b in plan.boxes if b.number == diagnostic.box), None)
    return f"{box.name if box else diagnostic.box}: {diagnostic.message}"


def _rejected(path: Path, err: DocumentError, started: float) -> Outcome:
    """A rejection whose reason prints on one line, whatever the file put in it (parsers/text.printable)."""
    return Outcome(str(path), "rejected", reason=printable(err.reason), seconds=time.perf_counter() - started)


def failed(path: str, error: BaseException | object) -> Outcome:
    """The outcome of a file whose reading or loading failed in a way no reader foresaw."""
    reason = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else str(error)
    return Outcome(path, "rejected", reason=printable(" ".join(f"failed while ingesting ({reason})".split())))


def _known(engine: Engine, sha256: str) -> Row[Any] | None:
    """The plan row of a document already loaded (skipped before it is parsed)."""
    with engine.connect() as connection:
        return known_document(connection, sha256)
