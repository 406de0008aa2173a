"""Boxes without typed records: prose and text tables (descriptive), lists of minerals found (inventory)."""

from __future__ import annotations

from models.codes import BoxKind, ColumnRole
from models.records import Records
from parsers.interpret import fit
from parsers.interpret.common import body_has_numbers, title_names
from parsers.interpret.layout import Layout
from parsers.interpret.registry import PlanContext


class Descriptive:
    name = "descriptive"
    kind = BoxKind.DESCRIPTIVE

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        if title_names(layout, BoxKind.DESCRIPTIVE):
            return fit.TITLE_ONLY
        return fit.TEXT_ONLY if not body_has_numbers(layout) else fit.NO_FIT

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records()


class Inventory:
    name = "inventory"
    kind = BoxKind.INVENTORY

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        return (
            fit.TITLE_AND_NAMES
            if title_names(layout, BoxKind.INVENTORY) and layout.first(ColumnRole.MINERAL)
            else fit.NO_FIT
        )

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records()


DESCRIPTIVE = Descriptive()
INVENTORY = Inventory()
