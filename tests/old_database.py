"""A database at an older migration holding one plan with one box, for the tests of the later migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, text

from pipeline.store.migrate import alembic_config


def plan_and_box_at(engine: Engine, revision: str) -> None:
    """Migrate `engine`'s empty database to `revision` and put in plan 1 with its box 1 (专栏15, 3×4)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
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
