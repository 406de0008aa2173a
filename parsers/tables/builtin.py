"""The built-in interpreters, registered in order (importing this module registers them)."""

from __future__ import annotations

from parsers.tables import (  # noqa: F401
    counts,
    descriptive,
    indicators,
    projects,
    prose_zones,
    reserves,
    scales,
    zones,
)
