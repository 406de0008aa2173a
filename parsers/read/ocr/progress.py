"""Per-page progress of OCR: the reader reports each page it has read, whoever listens shows it.

OCR takes seconds a page, so a scanned plan is worth a progress bar of its own.  The PDF reader
calls `report_page` after each OCR'd page; a listener set with `page_listener` (the ingest progress
bar of pipeline/run/progress.py, or the parse worker of pipeline/run/deadline.py passing the pages on to its
parent) receives (path, pages done, pages to do).  With no listener nothing happens.  As
pipeline/run/progress.py does, the listener is a context variable, not a parameter of the readers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PageListener = Callable[[str, int, int], None]
_listener: ContextVar[PageListener | None] = ContextVar("ocr_page_listener", default=None)


def report_page(path: str, done: int, total: int) -> None:
    """Tell this context's listener, if any, that `done` of the `total` pages to OCR in `path` are read."""
    listener = _listener.get()
    if listener is not None:
        listener(path, done, total)


@contextmanager
def page_listener(listener: PageListener) -> Iterator[None]:
    """While open, every page reported in this context goes to `listener`."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
