"""Reader warnings onto the plan: what a reader logs while it reads one document becomes a diagnostic.

Readers say what they could read only in part (a .docx whose headings use Word's automatic
numbering, an HTML page whose declared charset is wrong) through their module loggers
(``parsers.*``).  :func:`captured` collects the warnings logged by the current thread while a
document is read, so parse_document puts them on the plan (DiagnosticCode.READER) and
`mrplans inspect` and the ingest summary show them; they are still logged as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

READERS_LOGGER = "parsers"


class _ThreadMessages(logging.Handler):
    """Keeps the messages of WARNING or above that one thread logs."""

    def __init__(self, thread: int) -> None:
        super().__init__(logging.WARNING)
        self.thread = thread
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def captured() -> Iterator[list[str]]:
    """The warnings the readers log in this thread within the block, in order (filled as they come)."""
    handler = _ThreadMessages(threading.get_ident())
    logger = logging.getLogger(READERS_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
