"""box.label in the database: loaded as printed, and filled in by its migration for older boxes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, create_engine, text

from pipeline.migrate import alembic_config, upgrade


def test_the_bundled_plans_boxes_have_their_printed_label(sqlite_db: Engine) -> None:
    with sqlite_db.connect() as connection:
        rows = connection.execute(text("SELECT number, label FROM box")).all()
    assert len(rows) == 17 + 23 + 20
    assert all(label == f"专栏{number}" for number, label in rows)


def test_migration_labels_the_boxes_loaded_before_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO plan_all (plan_id, title, source_path, source_format, source_sha256, reader, "
                "ingested_at, version, is_latest) VALUES (1, 't', 'p', 'tika_text', 'x', 'r', :at, 1, 1)"
            ),
            {"at": datetime.now(UTC)},
        )
        connection.execute(
            text(
                "INSERT INTO box_all (box_id, plan_id, number, title, kind, n_rows, n_cols) "
                "VALUES (1, 1, 15, '能源资源基地', 'zone', 3, 4)"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT number, label FROM box")).all() == [(15, "专栏15")]
