"""The database contract on SQLite and PostgreSQL: a fresh ingest of raw/ held to tests/golden/ facts;
and on SQLite, the same facts from the fixtures of one format alone (.docx, .pdf, .html, .doc).

PostgreSQL comes from MRPLANS_TEST_PG_URL (default: the local server's mrplans_test
database), created when missing (tests/conftest.py, postgres_url).  Outside CI the
PostgreSQL cases skip, saying the server's reason, when there is none; in CI
(CI=true) they fail instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLAN_FILES, load_plans, postgres_url
from sqlalchemy import Engine, text
from test_format_invariance import FORMATS, fixture_path, fixtures_folder

from pipeline.inspection.golden import load_checks, run_checks
from pipeline.run.ingest import ingest_file
from pipeline.store.db import engine_for


def _postgres() -> Engine:
    engine = engine_for(postgres_url())
    with engine.begin() as con:  # a dedicated test database: start from an empty schema
        con.execute(text("DROP SCHEMA public CASCADE"))
        con.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request: pytest.FixtureRequest, sqlite_db: Engine) -> Engine:
    return sqlite_db if request.param == "sqlite" else load_plans(_postgres())


def test_golden_contract_checks_hold(loaded: Engine) -> None:
    assert not _golden_failures(loaded)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_contract_checks_hold_for_one_format_alone(
    fmt: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    files = [fixture_path(region, fmt, fixtures_folder(fmt, request)) for region in PLAN_FILES]
    engine = load_plans(engine_for(f"sqlite:///{tmp_path / 'plans.db'}"), files)
    with engine.connect() as con:
        assert set(con.scalars(text("SELECT source_format FROM plan"))) == {fmt}
    assert not _golden_failures(engine)


def _golden_failures(engine: Engine) -> list[str]:
    """The golden checks the database fails, each with what it got."""
    return [f"{r.id}: got {r.got}" for r in run_checks(engine, load_checks()) if not r.held]


def test_contract_tables_have_the_contract_columns(loaded: Engine) -> None:
    wanted = {
        "plan": "plan_id title region region_level parent_region base_year target_year vision_year "
        "source_path source_format source_sha256 ingested_at",
        "section": "section_id plan_id parent_id level label title ordinal text",
        "box": "box_id plan_id section_id number title kind n_rows n_cols note page",
        "box_cell": "box_id row col text is_header row_span col_span",
    }
    with loaded.connect() as con:
        for table, columns in wanted.items():
            result = con.execute(text(f"SELECT * FROM {table} WHERE 1=0"))
            assert set(columns.split()) <= set(result.keys()), table


def test_section_tree_and_box_sections_are_linked(loaded: Engine) -> None:
    with loaded.connect() as con:
        orphan = con.execute(
            text(
                "SELECT count(*) FROM box "
                "WHERE section_id IS NULL OR section_id NOT IN (SELECT section_id FROM section)"
            )
        ).scalar()
        parent = con.execute(
            text(
                "SELECT p.title FROM section s JOIN section p ON p.section_id = s.parent_id "
                "JOIN plan pl ON pl.plan_id = s.plan_id "
                "WHERE pl.region = '喀什地区' AND s.title = '产资源开采分区'"
            )
        ).scalar()
    assert orphan == 0
    assert parent == "喀什地区勘查开发区"


def test_reingest_is_skipped(loaded: Engine) -> None:
    outcome = ingest_file(Path(PLAN_FILES["洛浦县"]), loaded)
    assert (outcome.status, outcome.region) == ("skipped", "洛浦县")  # the loaded plan, named
    with loaded.connect() as con:
        assert con.execute(text("SELECT count(*) FROM plan")).scalar() == 3
