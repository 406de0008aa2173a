"""Orchestration: Prefect flow, loading into the database, comparison and the CLI.

`from pipeline import open_db` gives analysts the database as pandas DataFrames
(pipeline.outputs.api); it is imported on first use, so the rest of the package starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.outputs.api import PlanDB, open_db

__all__ = ["PlanDB", "open_db"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from pipeline.outputs import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
