"""End to end without Prefect: discover, parse and load; bad files are rejected with one line each."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from conftest import PLAN_FILES, RAW

from pipeline.run.ingest import discover, ingest_file
from pipeline.store.db import create_schema, engine_for


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'plans.db'}"


def _ingest_all(paths: list[Path], url: str):
    engine = engine_for(url)
    create_schema(engine)
    return [ingest_file(p, engine) for p in paths]


def test_discover_finds_the_bundled_plans_recursively() -> None:
    assert set(discover([RAW])) == set(PLAN_FILES.values())


def test_three_plans_load_with_their_outline_and_boxes(sqlite_url: str) -> None:
    outcomes = _ingest_all(list(PLAN_FILES.values()), sqlite_url)
    assert [o.status for o in outcomes] == ["loaded"] * 3
    con = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    rows = con.execute(
        "SELECT p.region, count(*) FROM box b JOIN plan p USING (plan_id) GROUP BY p.region ORDER BY p.region"
    ).fetchall()
    assert dict(rows) == {"洛浦县": 17, "和田地区": 23, "喀什地区": 20}
    cell = con.execute(
        "SELECT c.text, c.is_header FROM box_cell c JOIN box b USING (box_id) JOIN plan p USING (plan_id) "
        "WHERE p.region='洛浦县' AND b.number=13 AND c.row=2 AND c.col=3"
    ).fetchone()
    assert cell == ("51.83", 0)


def test_same_file_twice_leaves_one_copy(sqlite_url: str) -> None:
    path = PLAN_FILES["洛浦县"]
    first, again = _ingest_all([path, path], sqlite_url)
    assert (first.status, again.status) == ("loaded", "skipped")
    assert again.plan_id == first.plan_id


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.tika.txt", b"", "empty file"),
        ("garbage.tika.txt", bytes(range(256)) * 8, "binary data"),
        ("latin1.tika.txt", "总则 规划".encode("gb18030") * 50, "not UTF-8"),
        (
            "no_boxes.tika.txt",
            "总  则\n《某县矿产资源总体规划（2021—2025年）》（以下简称《规划》）\n".encode(),
            "no table found",
        ),
        ("notes.docx.tika.odt", b"whatever", "no reader"),
    ],
)
def test_bad_input_is_rejected_with_a_reason_and_the_rest_still_loads(
    tmp_path: Path, sqlite_url: str, name: str, content: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    rejected, loaded = _ingest_all([bad, PLAN_FILES["洛浦县"]], sqlite_url)
    assert rejected.status == "rejected" and reason in rejected.reason
    assert "\n" not in rejected.reason
    assert loaded.status == "loaded"


def test_a_missing_file_is_rejected(tmp_path: Path, sqlite_url: str) -> None:
    [outcome] = _ingest_all([tmp_path / "nope.tika.txt"], sqlite_url)
    assert (outcome.status, outcome.reason) == ("rejected", "no such file or folder")


def test_a_file_is_hashed_once_on_its_way_in(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest that skips a known file is the one the plan's source records: the bytes are hashed once."""
    path = PLAN_FILES["洛浦县"]
    data = path.read_bytes()
    hashed: list[int] = []
    real = hashlib.sha256

    def counting(payload: bytes = b"", **kwargs: bool) -> object:
        if payload == data:
            hashed.append(len(payload))
        return real(payload, **kwargs)

    monkeypatch.setattr(hashlib, "sha256", counting)
    engine = engine_for(sqlite_url)
    create_schema(engine)
    outcome = ingest_file(path, engine)
    assert (outcome.status, hashed) == ("loaded", [len(data)])
    con = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    assert con.execute("SELECT source_sha256 FROM plan").fetchall() == [(real(data).hexdigest(),)]
