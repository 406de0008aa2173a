"""An mrplans interpreter for indicator tables with years as columns and 约束性/预期性 rows.

The layout (策勒县 专栏1, tests/fixtures/new_layout): a name column (指标名称), a row of
year labels (2020年（基期年现状值） | 2025年目标 | 2035年展望) either in the header or, where
header detection stopped above it, as the first body row, and a column of 约束性/预期性
words whose empty cells continue the one above.  Every value cell gives an Indicator:
period is the column's year, measure is baseline up to the plan's base year and target
after it, attribute is binding (约束性) or expected (预期性).

mrplans finds it through the entry point in this package's pyproject.toml (group
``mrplans.interpreters``); nothing in mrplans names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.records import Indicator, Records
from parsers.interpret.common import measured
from parsers.interpret.layout import Layout
from parsers.interpret.registry import PlanContext
from parsers.words.lexicon import indicator_word
from parsers.words.values import parse_quantity

_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年")
_FIT = 0.95  # above the built-in indicator reading (at most 0.9) by more than the tie margin


@dataclass(frozen=True)
class _Shape:
    years: dict[int, int]  # column index → year
    first_row: int  # the first body row holding values
    name_col: int
    unit_col: int | None
    attribute_col: int


def _years(labels: list[str]) -> dict[int, int]:
    found = {i: _YEAR.match(label) for i, label in enumerate(labels)}
    return {i: int(m.group(1)) for i, m in found.items() if m}


def _names_attributes(layout: Layout, col: int, first_row: int) -> bool:
    texts = [layout.text(i, col).strip() for i in range(first_row, len(layout.body))]
    return any(texts) and all(indicator_word("attribute", t) for t in texts if t)


def _shape(layout: Layout) -> _Shape | None:
    """Where the years, names, units and attributes of the table are; None when it is another layout."""
    years, first_row = _years([c.label.rpartition("/")[2] for c in layout.columns]), 0
    if len(years) < 2 and layout.body:
        years, first_row = _years([layout.text(0, c.index).strip() for c in layout.columns]), 1
    if len(years) < 2:
        return None
    others = [c for c in layout.columns if c.index not in years]
    attribute = next((c.index for c in others if _names_attributes(layout, c.index, first_row)), None)
    name = next((c.index for c in others if c.role == "name" and c.index != attribute), None)
    if attribute is None or name is None:
        return None
    unit = layout.first("unit")
    return _Shape(years, first_row, name, unit.index if unit else None, attribute)


class YearsIndicator:
    name = "years_indicator"
    kind = "indicator"

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        return _FIT if _shape(layout) is not None else 0.0

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        shape = _shape(layout)
        if shape is None:
            return Records()
        indicators: list[Indicator] = []
        attribute: str | None = None
        for i in range(shape.first_row, len(layout.body)):
            attribute = indicator_word("attribute", layout.text(i, shape.attribute_col)) or attribute
            name = layout.text(i, shape.name_col).strip()
            unit = layout.text(i, shape.unit_col).strip() if shape.unit_col is not None else ""
            if name:
                indicators.extend(
                    _indicator(layout, ctx, i, col, year, name, unit, attribute)
                    for col, year in shape.years.items()
                )
        return Records(indicators=indicators)


def _indicator(
    layout: Layout,
    ctx: PlanContext,
    i: int,
    col: int,
    year: int,
    name: str,
    unit_text: str,
    attribute: str | None,
) -> Indicator:
    text = layout.text(i, col).strip()
    return Indicator(
        box=layout.box.number,
        row=layout.box_row(i),
        col=col,
        name=name,
        measure="baseline" if ctx.base_year is not None and year <= ctx.base_year else "target",
        period=str(year),
        **measured(text, parse_quantity(text), unit_text),
        attribute=attribute,
    )


YEARS_INDICATOR = YearsIndicator()
