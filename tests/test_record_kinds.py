"""Each record kind is declared four times, held in step here: its dataclass (models/records.py), its
table (models/orm.py, and what the migrations build), its view (pipeline/store/views.py, docs/schema.md)
and its API method (pipeline/outputs/api.py).  A field added to one and not the others fails here."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import get_args, get_type_hints

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import ROOT
from sqlalchemy import create_engine

from models.orm import RECORD_TABLES, Base
from models.records import Records
from pipeline.outputs.api import PlanDB
from pipeline.store.contract import contract_names
from pipeline.store.migrate import upgrade
from pipeline.store.views import CONTRACT_VIEWS

SCHEMA = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
# what a table adds to its record: ids, the plan and box it belongs to (the record names the box by
# number), the OCR flag of the box row
TABLE_ONLY = {"plan_id", "box_id", "ocr"}
RECORD_ONLY = {"box", "minerals"}  # the box number, and the minerals that are rows of their own
KINDS = [field.name for field in fields(Records)]


def _view(kind: str) -> str:
    return RECORD_TABLES[kind].__tablename__.removesuffix("_all")


def test_every_record_kind_has_a_table() -> None:
    assert set(RECORD_TABLES) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_dataclass_and_the_table_have_the_same_columns(kind: str) -> None:
    (record_class,) = get_args(get_type_hints(Records)[kind])  # list[Indicator] → Indicator
    dataclass_fields = {f.name for f in fields(record_class)} - RECORD_ONLY
    table = RECORD_TABLES[kind].__table__
    table_columns = {c.name for c in table.columns if not c.primary_key} - TABLE_ONLY
    assert dataclass_fields == table_columns


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_view_documented_and_an_api_method(kind: str) -> None:
    view = _view(kind)
    assert view in CONTRACT_VIEWS and view in contract_names()
    row = re.search(rf"^\| `{view}` \| ([a-z_0-9, ]+) \|", SCHEMA, flags=re.M)
    assert row, f"docs/schema.md has no row for {view}"
    documented = {column.strip() for column in row.group(1).split(",")}
    assert documented <= {c.name for c in RECORD_TABLES[kind].__table__.columns}
    assert callable(getattr(PlanDB, view))


def test_the_api_has_a_method_per_contract_view_and_no_other() -> None:
    methods = {name for name in vars(PlanDB) if not name.startswith("_")} - {"view", "sql"}
    assert methods == set(contract_names())


def test_the_migrations_build_the_tables_the_models_declare(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    tables = {table.__tablename__ for table in RECORD_TABLES.values()}
    structural = [
        op for op in diff if isinstance(op, tuple) and op[0] in {"add_column", "remove_column", "add_table"}
    ]
    assert [op for op in structural if _table_of(op) in tables] == []


def _table_of(op: tuple[object, ...]) -> str:
    """The table a diff operation is about: ('add_column', schema, table, column) or ('add_table', t)."""
    return str(op[2]) if op[0] != "add_table" else op[1].name  # type: ignore[attr-defined]
