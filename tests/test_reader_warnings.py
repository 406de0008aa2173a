"""Reader warnings reach the plan's diagnostics (code reader), from this thread's reading only."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from test_format_invariance import fixture_path
from test_html_reader import GBK_META

from models.codes import DiagnosticCode
from parsers.parse import parse_document
from parsers.read.reader_warnings import captured


def test_a_wrong_declared_charset_is_a_diagnostic_of_the_plan(tmp_path: Path) -> None:
    plain = fixture_path("洛浦县", "html")
    mislabelled = tmp_path / "utf8-labelled-gb2312.html"
    mislabelled.write_bytes(plain.read_bytes().replace(b'<meta charset="utf-8">', GBK_META))
    plan = parse_document(mislabelled)
    [warning] = [d for d in plan.diagnostics if d.code == DiagnosticCode.READER]
    assert warning.box is None
    assert warning.message == f"{mislabelled}: declared gb2312 but is utf-8; read as utf-8"
    assert not [d for d in parse_document(plain).diagnostics if d.code == DiagnosticCode.READER]


def test_only_warnings_of_the_reading_thread_are_kept() -> None:
    log = logging.getLogger("parsers.some_reader")
    other = threading.Thread(target=log.warning, args=("another document's warning",))
    with captured() as messages:
        log.info("not a warning")
        log.warning("%s: a warning", "plan.docx")
        other.start()
        other.join()
    log.warning("after the document")
    assert messages == ["plan.docx: a warning"]
