"""Database access: engines from URLs, schema creation, and URLs safe to print."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from models.codes import Code
from models.orm import MineralRow, RegionRow
from models.vocabulary import minerals, regions
from pipeline.defaults import DEFAULT_URL

__all__ = [
    "DEFAULT_URL",
    "NoDatabase",
    "create_schema",
    "engine_for",
    "existing_database",
    "fold_log",
    "read_only_engine",
    "safe_url",
    "sqlite_file",
]


def engine_for(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; SQLite files get their folder and foreign keys (and
    pysqlite its adapters for booleans and codes)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        _sqlite_adapters()
        engine = create_engine(parsed, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (it must exist), or None for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    path = Path(parsed.database or "")
    if not path.is_file():
        raise FileNotFoundError(f"no database at {safe_url(url)}: run `mrplans ingest` first")
    return path


class NoDatabase(Exception):
    """No plan database at a URL: no file, no schema in it, or no server answering."""


def existing_database(url: str) -> Engine:
    """A read-only engine on the plan database at `url`, which must exist and hold the schema; else
    NoDatabase saying what is missing.  Nothing is created."""
    try:
        engine = read_only_engine(url)
    except FileNotFoundError as err:
        raise NoDatabase(str(err)) from None
    try:
        with engine.connect() as con:
            schema = inspect(con).has_table("plan_all")
    except DBAPIError as err:
        engine.dispose()
        reason = str(err.orig).strip().splitlines()[0] if err.orig else type(err).__name__
        raise NoDatabase(f"cannot open {safe_url(url)}: {reason}") from None
    if not schema:
        engine.dispose()
        raise NoDatabase(f"no plan database at {safe_url(url)} (no tables): run `mrplans ingest` first")
    return engine


def read_only_engine(url: str) -> Engine:
    """An engine that only reads: SQLite files are opened with mode=ro; others by engine_for."""
    path = sqlite_file(url)
    if path is None:
        return engine_for(url)
    uri = path.resolve().as_uri() + "?mode=ro"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))


@cache
def _sqlite_adapters() -> None:
    """Register with pysqlite the int and str that booleans and codes (models/codes.py) are stored as:
    it binds int, float and str at once, but any other type, subclasses included, only after looking
    for an adapter and the value's own ``__conform__``, which made booleans and codes a third of the
    time the driver's executemany spent on a plan's cells and records.  What is stored is the same."""
    sqlite3.register_adapter(bool, int)
    pending = [Code]
    while pending:
        code = pending.pop()
        sqlite3.register_adapter(code, str)
        pending += code.__subclasses__()


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
    """Migrate the schema to the current models (alembic) and refresh the vocabulary tables, in one
    transaction under the schema lock."""
    from pipeline.store.migrate import upgrade_connection  # alembic: a sixth of a second, for this only

    with engine.connect() as con, _foreign_keys_off(con), con.begin():
        upgrade_connection(con)
        _check_foreign_keys(con)
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
                    "code": r.code,
                    "name": r.name,
                    "level": r.level,
                    "kind": r.kind,
                    "parent": r.parent,
                    "parent_code": r.parent_code,
                    "short_names": "|".join(r.short_names),
                    "former_names": "|".join(r.former_names),
                }
                for r in regions().all()
            ],
        )


@contextmanager
def _foreign_keys_off(con: Connection) -> Iterator[None]:
    """SQLite: foreign keys off while the schema migrates (set before its transaction begins, as SQLite
    wants), so that a migration copying a table does not delete the rows referring to it (DROP TABLE
    cascades).  Other databases: nothing to do."""
    if con.dialect.name != "sqlite":
        yield
        return
    raw = con.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(con: Connection) -> None:
    """SQLite: every foreign key still holds after the migration (checked before it commits)."""
    if con.dialect.name == "sqlite":
        broken = con.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration broke {len(broken)} foreign keys, e.g. {broken[0]}")


def fold_log(engine: Engine) -> bool:
    """SQLite: fold the write-ahead log into the database file, so that the file alone holds every
    committed row (a copy of it is the whole database); True when nothing is left in the log.
    Other databases: nothing to do, True."""
    if engine.dialect.name != "sqlite":
        return True
    raw = engine.raw_connection()  # autocommit (_sqlite_pragmas): the checkpoint runs outside a transaction
    try:
        busy, _log_frames, _checkpointed = raw.driver_connection.execute(
            "PRAGMA wal_checkpoint(TRUNCATE)"
        ).fetchone()
    finally:
        raw.close()
    return busy == 0


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)
