"""Database access: engines from URLs, schema creation, and URLs safe to print."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, event, insert
from sqlalchemy.engine import make_url

from models.orm import MineralRow, RegionRow
from models.vocabulary import minerals, regions
from pipeline import locks
from pipeline.migrate import upgrade

DEFAULT_URL = "sqlite:///output/plans.db"


def engine_for(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; SQLite files get their folder and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # transactions begin in _begin_immediate, not in pysqlite
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
    """Take SQLite's write lock when a transaction begins, so concurrent writers wait instead of failing."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_schema(engine: Engine) -> None:
    """Migrate the schema to the current models (alembic) and refresh the vocabulary tables."""
    upgrade(engine)
    with engine.begin() as con:
        locks.hold(con, locks.SCHEMA)
        con.execute(delete(MineralRow))
        con.execute(
            insert(MineralRow),
            [
                {"name": m.name, "category": m.category, "aliases": "|".join(m.aliases)}
                for m in minerals().all()
            ],
        )
        con.execute(delete(RegionRow))
        con.execute(
            insert(RegionRow),
            [
                {
                    "name": r.name,
                    "level": r.level,
                    "parent": r.parent,
                    "code": r.code,
                    "short_names": "|".join(r.short_names),
                }
                for r in regions().all()
            ],
        )


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)
