"""Boxes without typed records: prose and text tables (descriptive), lists of minerals found (inventory)."""

from __future__ import annotations

from models.records import Records
from parsers.tables.common import body_has_numbers, title_names
from parsers.tables.layout import Layout
from parsers.tables.registry import PlanContext


class Descriptive:
    name = "descriptive"
    kind = "descriptive"

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        if title_names(layout, "descriptive"):
            return 0.6
        return 0.35 if not body_has_numbers(layout) else 0.0

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records()


class Inventory:
    name = "inventory"
    kind = "inventory"

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        return 0.7 if title_names(layout, "inventory") and layout.first("mineral") else 0.0

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records()


DESCRIPTIVE = Descriptive()
INVENTORY = Inventory()
