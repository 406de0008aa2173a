"""Compare the groups of a refresh (pipeline/compare/run.py `groups`) in worker processes at once.

Each worker opens its own read-only connection to the database (pipeline/store/db.py
`read_only_engine`), reads a group's plans by id, computes the group's rows and sends
them back as plain values; the refresh writes them in group order, in its own
transaction, so the tables hold the same rows, with the same ids, as a serial
comparison's.  A worker reads only records, which no refresh writes and no plan
changes once loaded, so what the refresh's transaction has not committed yet (the
links and findings it deleted or wrote) is nothing a worker needs: on SQLite its
write-ahead log lets them read while it writes.

Workers are forked from the parse workers' fork server (pipeline/processes.py), at
most `default_workers()` of them, and import the comparison as they start (0.4 s),
while the calling process compares the first group itself.  Results are taken a
bounded distance ahead of the writing (pipeline/ahead.py), so at most a few groups
are held at once.  A database no other process can open (SQLite in memory) is
compared in the calling process, and so is everything in a process that may not
start others (a daemonic Dask worker).
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from pipeline.ahead import read_ahead
from pipeline.processes import CONTEXT, cores, may_have_children, without_main
from pipeline.store.db import read_only_engine

if TYPE_CHECKING:
    from pipeline.compare.run import Comparison, Group

    Work = Callable[[Session, Group], Comparison]

MAX_WORKERS = 8  # by default: beyond it, writing the rows in the calling process is what waits
_ENGINE: Engine | None = None  # a worker's read-only engine (_open)


def default_workers() -> int:
    """The processes a comparison uses by default: $MRPLANS_COMPARE_WORKERS, else one per core (at most
    MAX_WORKERS); one where this process may not start any (a daemonic Dask worker)."""
    if not may_have_children():
        return 1
    chosen = os.environ.get("MRPLANS_COMPARE_WORKERS", "").strip()
    if not chosen:
        return min(cores(), MAX_WORKERS)
    if not chosen.isdigit() or int(chosen) < 1:
        raise ValueError(f"MRPLANS_COMPARE_WORKERS must be a whole number of at least 1, not {chosen!r}")
    return int(chosen)


def reader_url(bind: Engine | Connection) -> str | None:
    """The URL another process reads the database at (a SQLite file by its absolute path), or None
    where none can (SQLite in memory, or named other than by a file's path)."""
    url = bind.engine.url
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or not path.is_file():
            return None
        url = url.set(database=str(path.resolve()))
    return url.render_as_string(hide_password=False)


def compare_groups(
    url: str, groups: Sequence[Group], workers: int, work: Work, here: Callable[[Group], Comparison]
) -> Iterator[Comparison]:
    """Each group's rows in group order: the first group's by `here(group)` in this process while the
    workers start (they import the comparison as they do), every other's by `work(session, group)` in
    `workers` processes reading the database at `url`, at most 2 × `workers` computed ahead
    of the one taken."""
    pool = ProcessPoolExecutor(
        min(workers, len(groups) - 1), mp_context=CONTEXT, initializer=_open, initargs=(url,)
    )

    def submit(group: Group) -> Future[Comparison]:
        with without_main():  # a worker starts on a submit
            return pool.submit(_compare, work, group)

    try:
        pending = read_ahead(submit, groups[1:], 2 * workers)
        following = next(pending)  # the first groups submitted: the workers start
        yield here(groups[0])
        for taken in chain([following], pending):
            yield taken()
    finally:
        pool.shutdown(cancel_futures=True)


def _open(url: str) -> None:
    """A worker's start: the comparison imported, its engine; Ctrl-C left to the parent, which ends the
    pool."""
    global _ENGINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    importlib.import_module("pipeline.compare.run")  # what `work` is, before the first group arrives
    _ENGINE = read_only_engine(url)


def _compare(work: Work, group: Group) -> Comparison:
    assert _ENGINE is not None, "a comparison worker starts with _open"
    with Session(_ENGINE) as session:
        return work(session, group)
