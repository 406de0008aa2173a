"""Where mrplans's worker processes come from: one multiprocessing context for the parse workers
(pipeline/run/deadline.py) and the comparison's (pipeline/compare/parallel.py); and what a process
gives back between the phases of a run (`return_freed_memory`).

On platforms with a fork server, workers are forked from it: a clean, single-threaded
process that imported and warmed the parsers once (PRELOAD), so a new worker is
warm in milliseconds and inherits nothing from the caller's threads.
Elsewhere each worker is spawned and imports what it needs itself.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# imported once by the fork server: the parsers' vocabularies, tokenizer and registry (parsers/warm.py).
# Not the comparison: the first parse of every run waits for the server, and the comparison's imports
# (0.4 s) would make a one-file ingest a third slower; a comparison's workers import them as they start
# (pipeline/compare/parallel.py), at once and while the caller prepares its groups.
PRELOAD = ["parsers.warm"]
if "forkserver" in multiprocessing.get_all_start_methods():
    CONTEXT = multiprocessing.get_context("forkserver")
    CONTEXT.set_forkserver_preload(PRELOAD)
else:
    CONTEXT = multiprocessing.get_context("spawn")


def may_have_children() -> bool:
    """Whether this process may start worker processes (a daemonic one, as a Dask worker, may not)."""
    return not multiprocessing.current_process().daemon


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


_MAIN_LOCK = threading.Lock()


@contextmanager
def without_main() -> Iterator[None]:
    """Start workers without the parent's main script.  A fork-server or spawned child runs the
    parent's main script again before its target (for `mrplans`, importing typer, rich and the CLI:
    a tenth of a second a worker); a worker's target needs nothing from it, so the script is hidden
    from multiprocessing while workers start."""
    main = sys.modules["__main__"]
    with _MAIN_LOCK:
        file, spec = main.__dict__.pop("__file__", None), main.__dict__.get("__spec__")
        main.__spec__ = None
        try:
            yield
        finally:
            main.__spec__ = spec
            if file is not None:
                main.__file__ = file


def return_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; nothing where the C library
    has none).  What a phase freed there stays the process's otherwise: Python's small objects, most of
    what the next phase makes, come from its own arenas, not from that heap.  After an ingest's loads
    (the parsed plans and SQLite's page caches), 8 MB of a 3,000-plan run's ingest process."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)
