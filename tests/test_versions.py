"""A revised plan is a new version: older ones stay, the contract views show the latest; diff lists them."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from conftest import PLAN_FILES
from sqlalchemy import Engine, text

from pipeline.inspection.diff import DiffError, diff_versions
from pipeline.inspection.view import inspect_file
from pipeline.run.ingest import ingest_file
from pipeline.store.db import create_schema, engine_for
from pipeline.store.migrate import alembic_config


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


def _renamed(tmp_path: Path, county: str, name: str | None = None) -> Path:
    """A copy of 洛浦's plan for another county: its names replaced in the text."""
    short = county.removesuffix("县")
    text = PLAN_FILES["洛浦县"].read_text(encoding="utf-8").replace("洛浦县", county).replace("洛浦", short)
    path = tmp_path / f"{name or short}.tika.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_two_counties_renamed_from_one_plan_are_two_plans(tmp_path: Path) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'plans.db'}")
    create_schema(engine)
    outcomes = [ingest_file(_renamed(tmp_path, county), engine) for county in ("若羌县", "且末县")]
    assert [(o.status, o.region, o.warnings) for o in outcomes] == [
        ("loaded", "若羌县", []),
        ("loaded", "且末县", []),
    ]
    plans = "SELECT region, region_code, region_level, parent_region, version FROM plan ORDER BY region_code"
    assert _one(engine, plans) == [
        ("若羌县", "652824", "county", "巴音郭楞蒙古自治州", 1),
        ("且末县", "652825", "county", "巴音郭楞蒙古自治州", 1),
    ]


def test_plans_of_unknown_regions_load_apart_with_a_warning(tmp_path: Path) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'plans.db'}")
    create_schema(engine)
    paths = [_renamed(tmp_path, county) for county in ("甲乙县", "丙丁县")]
    outcomes = [ingest_file(path, engine) for path in paths]
    assert [(o.status, o.region) for o in outcomes] == [("loaded", None), ("loaded", None)]
    for outcome, county in zip(outcomes, ("甲乙县", "丙丁县"), strict=True):
        expected = (
            f"region '新疆维吾尔自治区{county}' found only as 新疆维吾尔自治区 (province), not as a county"
        )
        assert outcome.warnings[0] == expected
    rows = (
        "SELECT title, region, region_level, parent_region, version, is_latest FROM plan_all ORDER BY plan_id"
    )
    assert _one(engine, rows) == [
        ("新疆维吾尔自治区甲乙县矿产资源总体规划（2021—2025年）", None, "county", None, 1, 1),
        ("新疆维吾尔自治区丙丁县矿产资源总体规划（2021—2025年）", None, "county", None, 1, 1),
    ]
    # a revision of one of them is its version 2, found by title and period
    revised = paths[0].with_name("甲乙-revised.tika.txt")
    revised.write_text(
        paths[0].read_text(encoding="utf-8").replace("\t2239.48\n", "\t2300.00\n"), encoding="utf-8"
    )
    assert ingest_file(revised, engine).status == "loaded"
    assert _one(engine, "SELECT version FROM plan ORDER BY plan_id") == [(1,), (2,)]
    assert "found only as 新疆维吾尔自治区" in inspect_file(paths[1]).diagnostics[0]


def test_a_plan_loaded_before_the_region_codes_gets_its_code(tmp_path: Path) -> None:
    """Migration 0006 fills plan_all.region_code, so a revision loaded now is the next version."""
    engine = engine_for(f"sqlite:///{tmp_path / 'plans.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO plan_all (title, region, region_level, parent_region, base_year, target_year, "
                "source_path, source_format, source_sha256, reader, ingested_at, version, is_latest) VALUES "
                "('洛浦县矿产资源总体规划', '洛浦县', 'county', '和田地区', 2020, 2025, "
                "'old.tika.txt', 'tika_text', 'old', 'tika_text/1', '2026-01-01', 1, 1)"
            )
        )
    create_schema(engine)
    assert _one(engine, "SELECT region_code FROM plan_all") == [("653224",)]
    assert ingest_file(PLAN_FILES["洛浦县"], engine).status == "loaded"
    assert _one(engine, "SELECT version, is_latest FROM plan_all ORDER BY version") == [(1, 0), (2, 1)]
