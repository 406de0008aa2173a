"""pdfminer's debug logging, off: its tokenizer and interpreter call `log.debug` for every token and
operator (about 18,000 calls a page on the bundled plans), each a Logger call that finds debug
disabled; that is 6% of reading a PDF.

`mute_pdfminer_debug()` gives each pdfminer module, in place of its module logger, a stand-in whose
`debug` does nothing and which passes every other call (info, warning, error …) to the real
logger, so pdfminer's warnings are logged as before.  It is done once, when the PDF reader is
imported; pdfminer's debug output cannot then be switched on in the same process, except
inside `pdfminer_as_shipped()`, which the benchmark uses to time pdfminer as it comes.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pdfplumber  # noqa: F401  (loads the pdfminer modules whose loggers are replaced)


class _NoDebug:
    """A logger whose debug() does nothing; everything else is the wrapped logger's."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def debug(self, *_args: object, **_kwargs: object) -> None:
        pass

    def __getattr__(self, name: str) -> object:
        return getattr(self._logger, name)


def mute_pdfminer_debug() -> None:
    """Replace every loaded pdfminer module's `log` by a stand-in without debug (idempotent)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("pdfminer.") and isinstance(getattr(module, "log", None), logging.Logger):
            module.log = _NoDebug(module.log)  # type: ignore[attr-defined]


@contextmanager
def pdfminer_as_shipped() -> Iterator[None]:
    """pdfminer's own loggers back while the block runs (for benchmarks against pdfminer alone)."""
    muted = {
        module: module.log
        for name, module in list(sys.modules.items())
        if name.startswith("pdfminer.") and isinstance(getattr(module, "log", None), _NoDebug)
    }
    for module, stand_in in muted.items():
        module.log = stand_in._logger  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module, stand_in in muted.items():
            module.log = stand_in  # type: ignore[attr-defined]
