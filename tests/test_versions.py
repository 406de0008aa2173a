"""A revised plan is a new version: older ones stay, the contract views show the latest; diff lists them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLAN_FILES
from sqlalchemy import Engine, text

from pipeline.db import create_schema, engine_for
from pipeline.diff import DiffError, diff_versions
from pipeline.ingest import ingest_file


@pytest.fixture
def two_versions(tmp_path: Path) -> Engine:
    engine = engine_for(f"sqlite:///{tmp_path / 'plans.db'}")
    create_schema(engine)
    original = PLAN_FILES["洛浦县"]
    revised = tmp_path / "luopu-revised.tika.txt"
    # the revision: 专栏3 石灰岩 完成情况 2239.48 → 2300.00, and 专栏17 dropped
    content = original.read_text(encoding="utf-8").replace("\t2239.48\n", "\t2300.00\n")
    revised.write_text(content[: content.index("\t[bookmark: _Hlk108510861]专栏17")], encoding="utf-8")
    statuses = [ingest_file(p, engine).status for p in (original, revised, original)]
    assert statuses == ["loaded", "loaded", "skipped"]
    return engine


def _one(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as con:
        return [tuple(r) for r in con.execute(text(sql))]


def test_earlier_versions_stay_and_views_show_the_latest(two_versions: Engine) -> None:
    assert _one(two_versions, "SELECT version, is_latest FROM plan_all ORDER BY version") == [(1, 0), (2, 1)]
    assert _one(two_versions, "SELECT version FROM plan") == [(2,)]
    latest = "SELECT value FROM indicator WHERE name = '石灰岩' AND measure = 'actual' AND value > 1000"
    assert _one(two_versions, latest) == [(2300.0,)]
    every = "SELECT count(*) FROM indicator_all WHERE name = '石灰岩' AND measure = 'actual' AND value > 1000"
    assert _one(two_versions, every) == [(2,)]
    assert _one(two_versions, "SELECT max(number) FROM box") == [(16,)]


def test_diff_lists_changed_cells_and_removed_boxes(two_versions: Engine) -> None:
    changes = [str(c) for c in diff_versions(two_versions, "洛浦县")]
    assert "专栏3 row 3 col 4: 2239.48 → 2300.00" in changes
    assert any(c.startswith("专栏17 box: 洛浦县绿色矿山建设重点项目 → ∅") for c in changes)
    assert len(changes) == 2


def test_diff_needs_two_versions(two_versions: Engine) -> None:
    with pytest.raises(DiffError, match="no plan of this region"):
        diff_versions(two_versions, "和田地区")
