"""pdfminer's debug() calls are muted once the PDF reader is imported; its warnings still log."""

from __future__ import annotations

import logging

import pdfminer.pdfinterp
import pdfminer.psparser
import pytest

import parsers.read.pdf.reader  # noqa: F401  (importing the reader mutes pdfminer's debug calls)
from parsers.read.pdf.quiet_pdfminer import mute_pdfminer_debug, pdfminer_as_shipped


def test_debug_is_muted_and_warnings_pass(caplog: pytest.LogCaptureFixture) -> None:
    mute_pdfminer_debug()  # idempotent: a second call wraps nothing twice
    with caplog.at_level(logging.DEBUG, logger="pdfminer"):
        pdfminer.psparser.log.debug("nexttoken: %r", b"BT")
        pdfminer.pdfinterp.log.warning("Cannot set gray non-stroke color")
    assert [(r.name, r.levelno) for r in caplog.records] == [("pdfminer.pdfinterp", logging.WARNING)]
    assert not isinstance(pdfminer.psparser.log, logging.Logger)


def test_pdfminer_as_shipped_restores_its_loggers(caplog: pytest.LogCaptureFixture) -> None:
    with pdfminer_as_shipped(), caplog.at_level(logging.DEBUG, logger="pdfminer"):
        assert isinstance(pdfminer.psparser.log, logging.Logger)
        pdfminer.psparser.log.debug("nexttoken: %r", b"BT")
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]
    assert not isinstance(pdfminer.psparser.log, logging.Logger)
