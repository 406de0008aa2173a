"""Schema management with alembic: upgrade a database to the current models (`mrplans db upgrade`).

Migrations live in pipeline/store/migrations/versions.  Views are derived objects: they
are dropped before a migration and created again after it.  On PostgreSQL an
advisory lock keeps two runs from migrating at once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

from pipeline.store import locks

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    with engine.begin() as connection:
        upgrade_connection(connection)


def upgrade_connection(connection: Connection) -> None:
    """Migrate to head inside the connection's transaction, holding the schema lock until it ends."""
    from pipeline.store.views import create_views, drop_views

    locks.hold(connection, locks.SCHEMA)
    drop_views(connection)
    command.upgrade(alembic_config(connection), "head")
    create_views(connection)


def new_revision(engine: Engine, message: str) -> None:
    """Write a migration for the difference between the models and an up-to-date database (maintainers)."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
