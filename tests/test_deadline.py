"""Per-file deadlines: a parse runs in a worker process that is killed when it runs past its time."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLAN_FILES, ROOT
from test_cli import _mrplans

from parsers.parse import parse_document
from parsers.read.base import DocumentError
from pipeline.run.deadline import parse_within

LUOPU = PLAN_FILES["洛浦县"]


def test_a_parse_in_a_worker_gives_the_same_plan() -> None:
    data = LUOPU.read_bytes()
    assert parse_within(LUOPU, data, None, 120).records == parse_document(LUOPU, data).records


def test_a_parse_past_its_deadline_is_stopped_and_the_next_one_runs() -> None:
    data = LUOPU.read_bytes()
    with pytest.raises(DocumentError, match=r"reading took longer than 0\.001 s: stopped"):
        parse_within(LUOPU, data, None, 0.001)  # no plan parses in a millisecond
    plan = parse_within(LUOPU, data, None, 120)  # a new worker replaces the killed one
    assert [box.number for box in plan.boxes] == list(range(1, 18))


def test_a_document_error_in_the_worker_keeps_its_reason(tmp_path: Path) -> None:
    empty = tmp_path / "empty.tika.txt"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match="empty file: nothing to read"):
        parse_within(empty, b"", None, 120)


def test_ingest_rejects_a_file_past_the_file_timeout_and_exits_1(tmp_path: Path) -> None:
    result = _mrplans(
        "ingest", str(LUOPU), "--file-timeout", "0.001", "--db", f"sqlite:///{tmp_path / 'p.db'}", cwd=ROOT
    )
    assert result.returncode == 1
    assert f"error: {LUOPU}: reading took longer than 0.001 s: stopped (see --file-timeout)" in result.stderr
