"""Parse documents in worker processes, and kill a worker whose parse runs past its deadline.

A per-file timeout must stop a pathological file, not just mark it late: a thread
cannot be interrupted (Prefect only checks a task's timeout once its worker thread
returns).  So each parse is sent to a worker process, and the caller waits on the
worker's pipe.  Past the deadline, or when the worker dies without an answer, the
worker is killed and the file is rejected with a one-line reason; the run goes on.

A worker passes on the pages it OCRs (parsers/read/ocr/progress.py) as they are read, so
the caller's progress bar moves while a scan is read; the deadline counts from the
moment the file was sent.

Workers are started on demand (one per calling thread at most) and reused from
an idle list, so a parse costs a pipe round trip, not a process start; a killed
worker is simply not reused.  They are forked from a fork server (a clean,
single-threaded process that imported and warmed the parsers once: pipeline/processes.py),
so a new worker is warm and costs milliseconds; where the platform has no fork server,
each worker is spawned and warms itself.

A worker also has a memory ceiling: its address space is limited to
PARSE_MEMORY_MB (4096 MB, or $MRPLANS_PARSE_MEMORY_MB) with RLIMIT_AS, so a file
that needs more (a decompression bomb, a grid no table has) is rejected with a
reason instead of taking the machine's memory; that worker then exits.  Parsing in
processes also lets documents parse on several cores at once.  Where a process
may not have children (a daemonic Dask worker), the parse runs in the calling
process, without the deadline.  `stop_workers` ends the idle workers when a run
is over.
"""

from __future__ import annotations

import importlib
import os
import queue
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.read.base import MB, DocumentError
from parsers.read.ocr.progress import page_listener, report_page
from pipeline.processes import CONTEXT, PRELOAD, may_have_children, without_main

if TYPE_CHECKING:  # the parsers are imported where they parse: start_workers is cheap to import
    from models.document import ParsedPlan
    from parsers.interpret.profiles import ProfileSet

PARSE_MEMORY_MB = 4096  # address space: a warm worker maps about 120 MB, OCR (onnxruntime) near 2 GB


@dataclass(eq=False)  # hashed by identity: _LIVE holds them
class _Worker:
    process: BaseProcess
    connection: Connection

    def stop(self) -> None:
        _LIVE.discard(self)
        self.process.kill()
        self.process.join()
        self.connection.close()


_IDLE: queue.LifoQueue[_Worker] = queue.LifoQueue()
_LIVE: set[_Worker] = set()  # idle or parsing


def parse_within(
    path: Path, data: bytes, profiles: ProfileSet | None, seconds: float, sha256: str | None = None
) -> ParsedPlan:
    """parse_document(path, data, profiles, sha256), stopped after `seconds` with a DocumentError."""
    if not may_have_children():
        from parsers.parse import parse_document

        return parse_document(path, data, profiles, sha256)
    worker = _idle_worker()
    try:
        try:
            worker.connection.send((path, data, sha256, profiles))
        except OSError:  # an idle worker that died meanwhile: take a new one
            worker.stop()
            worker = _new_worker()
            worker.connection.send((path, data, sha256, profiles))
        outcome, value = _answer(worker.connection, path, time.monotonic() + seconds, seconds)
    except (EOFError, OSError):
        worker.stop()
        raise DocumentError(path, f"the reader died (exit code {worker.process.exitcode})") from None
    except BaseException:
        worker.stop()
        raise
    if outcome == "exhausted":  # the worker is leaving: not reused
        worker.stop()
        raise DocumentError(path, value)
    _IDLE.put(worker)
    if outcome == "rejected":
        raise DocumentError(path, value)
    if outcome == "failed":
        raise RuntimeError(value)
    return value


def start_workers() -> None:
    """Start the fork server now, without waiting: it imports the parsers while the caller does other
    work, and the first parse finds it warm."""
    if CONTEXT.get_start_method() == "forkserver" and may_have_children():
        forkserver.ensure_running()


def stop_workers() -> None:
    """End every worker (at the end of a run, or when it is interrupted: a parse in flight fails at
    once, as a dead reader); the next parse starts new ones."""
    while True:
        try:
            _IDLE.get_nowait()
        except queue.Empty:
            break
    for worker in list(_LIVE):
        worker.stop()


def _answer(connection: Connection, path: Path, deadline: float, seconds: float) -> tuple[str, object]:
    """The worker's answer for `path`, the pages it reports on the way passed on; DocumentError past
    the deadline."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not connection.poll(left):
            raise DocumentError(path, f"reading took longer than {seconds:g} s: stopped (see --file-timeout)")
        outcome, value = connection.recv()
        if outcome != "page":
            return outcome, value
        report_page(str(path), *value)


def _idle_worker() -> _Worker:
    try:
        return _IDLE.get_nowait()
    except queue.Empty:
        return _new_worker()


def _new_worker() -> _Worker:
    ours, theirs = CONTEXT.Pipe()
    # the ceiling is read here, in the caller: a fork-server child sees the environment of the server
    ceiling = memory_ceiling_mb()
    process = CONTEXT.Process(target=_serve, args=(theirs, ceiling), daemon=True, name="mrplans-parse")
    with without_main():
        process.start()
    theirs.close()
    worker = _Worker(process, ours)
    _LIVE.add(worker)
    return worker


def memory_ceiling_mb() -> int:
    """The address space a parse worker may take, in MB: $MRPLANS_PARSE_MEMORY_MB, else PARSE_MEMORY_MB."""
    return int(os.environ.get("MRPLANS_PARSE_MEMORY_MB", PARSE_MEMORY_MB))


def _serve(connection: Connection, ceiling: int) -> None:
    """A worker's loop: parse each (path, data, sha256, profiles) received; answer ("parsed", plan),
    ("rejected", reason), ("failed", what went wrong) or, out of memory, ("exhausted", reason) and exit;
    before it, a ("page", (done, total)) for each page OCR'd on the way."""
    # Ctrl-C at a terminal reaches every process of its group: the parent decides what stops, and
    # kills or ends its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for module in PRELOAD:  # already done in the fork server; a spawned worker warms itself
        importlib.import_module(module)
    from parsers.parse import parse_document

    resource.setrlimit(resource.RLIMIT_AS, (ceiling * MB, resource.getrlimit(resource.RLIMIT_AS)[1]))
    while True:
        try:
            path, data, sha256, profiles = connection.recv()
        except EOFError:  # the parent is gone
            return
        try:
            with page_listener(lambda _, done, total: connection.send(("page", (done, total)))):
                answer: tuple[str, object] = ("parsed", parse_document(path, data, profiles, sha256))
        except DocumentError as err:
            answer = ("rejected", err.reason)
        except MemoryError:
            reason = f"reading needed more than the {ceiling} MB of memory one file may use: stopped"
            connection.send(("exhausted", f"{reason} (a genuine plan: raise MRPLANS_PARSE_MEMORY_MB)"))
            return
        except Exception as err:  # reported to the parent, which fails the file as any unforeseen error
            answer = ("failed", f"{type(err).__name__}: {err}")
        connection.send(answer)
