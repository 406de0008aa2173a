"""The built-in interpreters, registered in order (importing this module registers them)."""

from __future__ import annotations

from parsers.tables import counts, descriptive, indicators, prose_zones, zones  # noqa: F401
