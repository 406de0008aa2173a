"""The Python API: each contract view as a DataFrame with the contract's columns; the example script runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from sqlalchemy import Engine, inspect

from pipeline import PlanDB, open_db
from pipeline.store.contract import column_label, contract_names, contract_views

# docs/schema.md: the columns every contract view has at least
CONTRACT_COLUMNS = {
    "plan": "plan_id title region region_level parent_region base_year target_year vision_year source_path "
    "source_format source_sha256 ingested_at",
    "section": "section_id plan_id parent_id level label title ordinal text",
    "box": "box_id plan_id section_id number title kind n_rows n_cols note page",
    "box_cell": "box_id row col text is_header row_span col_span",
    "indicator": "indicator_id plan_id box_id group_name name mineral measure period value value_max "
    "comparator value_text unit basis value_si unit_si attribute",
    "zone": "zone_id plan_id box_id code name zone_type level region area_km2 existing_rights planned_blocks "
    "min_scale_text",
    "zone_mineral": "zone_id mineral mineral_text ordinal",
    "record_mineral": "plan_id record_table record_id mineral mineral_text ordinal",
    "block_summary": "plan_id box_id block_type status mineral mineral_text count area_km2 is_total",
    "rights_count": "plan_id box_id right_type mineral mineral_text region count area_km2 is_total",
    "min_scale": "plan_id box_id mineral mineral_text variant unit large medium small min_service_years note",
    "reserve": "plan_id box_id mineral mineral_text variant unit basis deposits retained cumulative "
    "retained_si cumulative_si unit_si",
    "project": "plan_id box_id name mineral start_year end_year category",
    "mineral": "name category aliases",
    "region": "name level parent code",
    "zone_link": "zone_id other_zone_id method score area_diff_km2",
    "finding": "finding_id plan_id other_plan_id box_id kind subject expected actual message",
}


@pytest.fixture(scope="module")
def db(sqlite_db: Engine) -> PlanDB:
    return open_db(f"sqlite:///{sqlite_db.url.database}")


def test_the_contract_list_is_the_schemas() -> None:
    assert set(contract_names()) == set(CONTRACT_COLUMNS)


@pytest.mark.parametrize("name", contract_names())
def test_each_view_has_a_method_returning_the_contract_columns(db: PlanDB, name: str) -> None:
    frame = getattr(db, name)()
    assert isinstance(frame, pd.DataFrame) and not frame.empty
    assert set(CONTRACT_COLUMNS[name].split()) <= set(frame.columns)
    key = list(contract_views()[name].key)
    assert frame[key].equals(frame[key].sort_values(key, ignore_index=True))  # a stable order


def test_numbers_stay_numbers_and_null_stays_null(db: PlanDB) -> None:
    zone = db.zone()
    assert pd.api.types.is_float_dtype(zone["area_km2"]) and pd.api.types.is_integer_dtype(zone["box_id"])
    assert pd.api.types.is_integer_dtype(db.box()["page"])  # NULL everywhere in Tika text, still a number
    assert pd.api.types.is_bool_dtype(db.box_cell()["is_header"])
    scales = db.min_scale(mineral="建筑用砂")
    assert scales["small"].isna().sum() == 1 and pd.api.types.is_float_dtype(scales["small"])


def test_keyword_filters(db: PlanDB) -> None:
    targets = db.indicator(mineral="石灰岩", measure="target", family="mining", plan_id=None)
    assert set(targets["measure"]) == {"target"} and set(targets["mineral"]) == {"石灰岩"}
    luopu = db.plan(region="洛浦县")["plan_id"].item()
    assert set(targets[targets["plan_id"] == luopu]["value_text"]) >= {"100"}
    assert set(db.finding(kind="total_mismatch")["kind"]) == {"total_mismatch"}
    assert len(db.finding()) > len(db.finding(kind="total_mismatch"))


def test_comparison_views_and_sql(db: PlanDB) -> None:
    assert {"洛浦县"} == set(db.view("plan_vs_parent")["region"])
    big = db.sql("SELECT name, area_km2 FROM zone WHERE area_km2 > :km2 ORDER BY area_km2", km2=10000)
    assert not big.empty and (big["area_km2"] > 10000).all()
    with pytest.raises(ValueError, match="unknown view 'zones'"):
        db.view("zones")


def test_a_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="mrplans ingest"):
        open_db(f"sqlite:///{tmp_path / 'none.db'}")
    assert not (tmp_path / "none.db").exists()


def test_the_api_only_reads(db: PlanDB) -> None:
    with pytest.raises(Exception, match="readonly"), db.engine.begin() as con:
        con.exec_driver_sql("DELETE FROM finding")


def test_every_column_has_labels_in_both_languages(sqlite_db: Engine) -> None:
    inspector = inspect(sqlite_db)
    for name in contract_names():
        columns = [column["name"] for column in inspector.get_columns(name)]
        labels = {column: column_label(name, column) for column in columns}
        assert all(labels.values()), (name, [c for c, label in labels.items() if label is None])
        for language in ("zh", "en"):
            shown = [label.text(language) for label in labels.values() if label]
            assert len(set(shown)) == len(shown), (name, language)  # headers stay unique
        assert set(contract_views()[name].key) <= set(columns)


def test_example_script_answers_three_questions(sqlite_db: Engine) -> None:
    script = ROOT / "examples" / "three_questions.py"
    result = subprocess.run(
        [sys.executable, str(script), f"sqlite:///{sqlite_db.url.database}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
    )
    answers = result.stdout
    assert "1. 2025 mining targets" in answers and "20% / 33%" in answers  # 石灰岩: 100 against 500 / 300
    assert "only 和田地区" in answers
    assert "2. Minimum mining scale for 建筑用砂" in answers and "喀什地区" in answers
    assert "largest: 莎车县砂石料矿集中开采区 (喀什地区, 620.7006 km²)" in answers
