"""Progress of `mrplans ingest` on stderr: a rich progress bar and one status line per file as it finishes,
and a bar of its own for each scanned PDF while its pages are OCR'd (parsers/read/ocr/progress.py).

The ingest flow calls `report_outcome` for each document as its task finishes; inside
`ingest_progress` that reaches the bar, elsewhere (a served deployment, a script) it
does nothing.  The bar listens through a context variable, not a flow parameter: flow
parameters are data that Prefect records and validates, a callback is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from parsers.read.ocr.progress import page_listener
from parsers.words.text import printable
from pipeline.run.ingest import Outcome

STATUS_STYLES = {"loaded": "green", "skipped": "dim", "rejected": "bold red"}
_listener: ContextVar[Callable[[Outcome], None] | None] = ContextVar("ingest_listener", default=None)


def report_outcome(outcome: Outcome) -> None:
    """Tell the progress display of this context, if there is one, that a document is done."""
    listener = _listener.get()
    if listener is not None:
        listener(outcome)


@contextmanager
def ingest_progress(total: int, quiet: bool = False) -> Iterator[None]:
    """While open, each reported outcome prints its file's status and advances the bar; quiet: nothing."""
    if quiet:
        yield
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("ingest", total=total)
        scans: dict[str, TaskID] = {}

        def page(path: str, done: int, pages: int) -> None:
            if path not in scans:
                scans[path] = progress.add_task(f"OCR {escape(Path(path).name)}", total=pages)
            progress.update(scans[path], completed=done)
            if done >= pages:
                progress.remove_task(scans.pop(path))

        def done(outcome: Outcome) -> None:
            style = STATUS_STYLES[outcome.status]
            plan = f"  {escape(outcome.region)}" if outcome.region else ""
            name = escape(printable(Path(outcome.path).name))
            progress.console.print(f"[{style}]{outcome.status:<8}[/{style}] {name}{plan}", highlight=False)
            progress.advance(task)

        token = _listener.set(done)
        try:
            with page_listener(page):
                yield
        finally:
            _listener.reset(token)
