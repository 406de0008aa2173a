"""Serialize writers that must not interleave: migrations, one plan's versions, the comparison.

On PostgreSQL a transaction-scoped advisory lock named by a string; the lock is
released when the transaction ends.  On SQLite every write transaction already
takes the database's write lock when it begins (pipeline/store/db.py), so nothing is needed.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

SCHEMA = "mrplans:schema"
COMPARISON = "mrplans:comparison"


def plan_lock(key: str) -> str:
    """The lock name for one plan's versions (region and period, or the document's hash)."""
    return f"mrplans:plan:{key}"


def hold(connection: Connection | Session, name: str) -> None:
    """Wait for, then hold until the end of the transaction, the lock called `name` (PostgreSQL)."""
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    if bind.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(name, 0))))
