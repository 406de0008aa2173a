"""Parse documents in worker processes, and kill a worker whose parse runs past its deadline.

A per-file timeout must stop a pathological file, not just mark it late: a thread
cannot be interrupted (Prefect only checks a task's timeout once its worker thread
returns).  So each parse is sent to a worker process, and the caller waits on the
worker's pipe.  Past the deadline, or when the worker dies without an answer, the
worker is killed and the file is rejected with a one-line reason; the run goes on.

A worker passes on the pages it OCRs (parsers/ocr/progress.py) as they are read, so
the caller's progress bar moves while a scan is read; the deadline counts from the
moment the file was sent.

Workers are started on demand (one per calling thread at most), warmed once
(parsers/warm.py) and reused from an idle list, so a parse costs a pipe round
trip, not a process start; a killed worker is simply not reused.  Parsing in
processes also lets documents parse on several cores at once.  Where a process
may not have children (a daemonic Dask worker), the parse runs in the calling
process, without the deadline.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from models.document import ParsedPlan
from parsers.base import DocumentError
from parsers.ocr.progress import page_listener, report_page
from parsers.parse import parse_document
from parsers.profiles import ProfileSet

_CONTEXT = multiprocessing.get_context("spawn")  # a clean process: nothing inherited from threads


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


_IDLE: queue.LifoQueue[_Worker] = queue.LifoQueue()


def parse_within(path: Path, data: bytes, profiles: ProfileSet | None, seconds: float) -> ParsedPlan:
    """parse_document(path, data, profiles), stopped after `seconds` with a DocumentError."""
    if multiprocessing.current_process().daemon:
        return parse_document(path, data, profiles)
    worker = _idle_worker()
    try:
        try:
            worker.connection.send((path, data, profiles))
        except OSError:  # an idle worker that died meanwhile: take a new one
            worker.stop()
            worker = _new_worker()
            worker.connection.send((path, data, profiles))
        outcome, value = _answer(worker.connection, path, time.monotonic() + seconds, seconds)
    except (EOFError, OSError):
        worker.stop()
        raise DocumentError(path, f"the reader died (exit code {worker.process.exitcode})") from None
    except BaseException:
        worker.stop()
        raise
    _IDLE.put(worker)
    if outcome == "rejected":
        raise DocumentError(path, value)
    if outcome == "failed":
        raise RuntimeError(value)
    return value


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
    ours, theirs = _CONTEXT.Pipe()
    process = _CONTEXT.Process(target=_serve, args=(theirs,), daemon=True, name="mrplans-parse")
    process.start()
    theirs.close()
    return _Worker(process, ours)


def _serve(connection: Connection) -> None:
    """A worker's loop: parse each (path, data, profiles) received; answer ("parsed", plan),
    ("rejected", reason) or ("failed", what went wrong), after a ("page", (done, total)) for each page
    OCR'd on the way."""
    import parsers.warm  # noqa: F401  (vocabularies, tokenizer and registry built once per worker)

    while True:
        try:
            path, data, profiles = connection.recv()
        except EOFError:  # the parent is gone
            return
        try:
            with page_listener(lambda _, done, total: connection.send(("page", (done, total)))):
                answer: tuple[str, object] = ("parsed", parse_document(path, data, profiles))
        except DocumentError as err:
            answer = ("rejected", err.reason)
        except Exception as err:  # reported to the parent, which fails the file as any unforeseen error
            answer = ("failed", f"{type(err).__name__}: {err}")
        connection.send(answer)
