"""box.label in the database: loaded as printed, and filled in by its migration for older boxes."""

from __future__ import annotations

from pathlib import Path

from old_database import plan_and_box_at
from sqlalchemy import Engine, create_engine, text

from pipeline.store.migrate import upgrade


def test_the_bundled_plans_boxes_have_their_printed_label(sqlite_db: Engine) -> None:
    with sqlite_db.connect() as connection:
        rows = connection.execute(text("SELECT number, label FROM box")).all()
    assert len(rows) == 17 + 23 + 20
    assert all(label == f"专栏{number}" for number, label in rows)


def test_migration_labels_the_boxes_loaded_before_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    plan_and_box_at(engine, "0001")
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT number, label FROM box")).all() == [(15, "专栏15")]
