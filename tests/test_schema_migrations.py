"""Migrations: a database upgraded from an older revision, rows in it, ends with the schema of a new one."""

from __future__ import annotations

from pathlib import Path

from old_database import plan_and_box_at
from sqlalchemy import Engine, create_engine, inspect, text

from pipeline.store.migrate import upgrade


def _schema(engine: Engine) -> dict[str, object]:
    """Every table's and view's columns (in order, with type, nullability and default), keys and indexes."""
    found = inspect(engine)
    return {
        name: (
            [(c["name"], str(c["type"]), c["nullable"], c["default"]) for c in found.get_columns(name)],
            found.get_pk_constraint(name),
            sorted(map(str, found.get_foreign_keys(name))),
            sorted(map(str, found.get_indexes(name))),
            sorted(map(str, found.get_unique_constraints(name))),
        )
        for name in [*found.get_table_names(), *found.get_view_names()]
    }


def test_cells_read_before_the_ocr_flag_are_not_ocr_and_the_schema_is_a_new_files(tmp_path: Path) -> None:
    old = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    plan_and_box_at(old, "0003")
    with old.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO box_cell_all (box_id, row, col, text, is_header, row_span, col_span) "
                "VALUES (1, 0, 0, '铜', 0, 1, 1)"
            )
        )
    upgrade(old)
    new = create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    upgrade(new)
    with old.connect() as connection:
        cells = connection.execute(text("SELECT text, ocr, ocr_confidence FROM box_cell_all")).all()
    assert cells == [("铜", 0, None)]
    assert _schema(old) == _schema(new)
    assert _schema(new)["box_cell_all"][0][-2:] == [
        ("ocr", "BOOLEAN", False, "0"),
        ("ocr_confidence", "FLOAT", True, None),
    ]
