"""Indicator tables (指标): one Indicator record per value cell, "-" and empty cells included.

A row is named by its name column (指标名称, or the mineral column when there is
none); a second name column to its left is the group (主要矿产年开采量), and a
group cell left empty inherits the group above.  A row with an empty name and an
empty 序号 is a sub-row of the row above (和田 专栏10 "大、中型处 | 5～8"): its
name is the qualifier printed before the unit word.  Value columns are those
with a measure role (目标任务, 完成情况, 完成率 …) or holding numbers under no role or a
figure's role (生产矿山数 is a count; models.codes.LABEL_ROLES are never values); only
measures and numbers under no role nor a county's name make a box an indicator table (its
fit), so a table of another interpreter's figures (block counts, rights by county) does not.  Each value gets:

* measure: the column's role; a year column at or before the base year is the
  baseline when the table also has later targets, else actual; other columns
  follow the title (完成/现状/生产 → actual, else target);
* period: a year printed in the column label; else a five-year plan or year range
  named in the box title or its sections (十三五 → 2016-2020); else a year in the
  title (the target year means the plan period); else the plan period for targets;
  then, outside a table with a column per year, a target for the plan's target
  year is that year for an annual or end-of-period figure and the plan period for
  one accumulated over it (docs/schema.md, "Periods");
* unit: the column header's bracketed unit, else the unit column, else a unit
  bracketed in the name (新发现矿产地（处）), else the unit printed after the number;
* attribute: 预期/约束 words in the attribute or remark column; an empty
  attribute cell inherits the one above (a vertically merged cell).
"""

from __future__ import annotations

import re

from models.codes import LABEL_ROLES, BoxKind, ColumnRole, Measure
from models.records import Indicator, Records
from parsers.interpret import fit
from parsers.interpret.common import measured, region_named, title_names
from parsers.interpret.layout import Column, Layout
from parsers.interpret.registry import PlanContext
from parsers.words.lexicon import indicator_word
from parsers.words.minerals import canonical_mineral
from parsers.words.units import parse_unit, unit_in_label
from parsers.words.values import is_numeric, parse_quantity

_MEASURE_ROLES = {
    role: Measure(role) for role in (ColumnRole.TARGET, ColumnRole.ACTUAL, ColumnRole.COMPLETION_RATE)
}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~～至]+\s*((?:19|20)\d{2})")


def value_columns(layout: Layout) -> list[Column]:
    def holds_numbers(col: Column) -> bool:
        return any(is_numeric(layout.text(i, col.index)) for i in range(len(layout.body)))

    return [
        c
        for c in layout.columns
        if c.label and c.role not in LABEL_ROLES and (c.role in _MEASURE_ROLES or holds_numbers(c))
    ]


def _is_own(col: Column, ctx: PlanContext) -> bool:
    """Whether a value column is evidence of an indicator table: a measure, or numbers under no role
    and no region's name.

    Under any other role (a count, an area: another interpreter's figures) or under a county's name
    (rights by county) a value is read in a box that is an indicator table, but does not make it one.
    """
    if col.role is not None:
        return col.role in _MEASURE_ROLES
    return region_named(col.label, ctx) is None


def _name_columns(layout: Layout) -> tuple[Column | None, Column | None]:
    """(group column, name column)."""
    names = layout.columns_with(ColumnRole.NAME) or layout.columns_with(ColumnRole.MINERAL)
    if not names:
        return None, None
    return (names[0] if len(names) > 1 else None), names[-1]


class Indicators:
    name = "indicator"
    kind = BoxKind.INDICATOR

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        values = [c for c in value_columns(layout) if _is_own(c, ctx)]
        if not values or _name_columns(layout)[1] is None:
            return fit.NO_FIT
        score = fit.COLUMN_ROLES if any(c.role in _MEASURE_ROLES for c in values) else fit.NUMBERS_ONLY
        return score + (fit.TITLE_WORD if title_names(layout, BoxKind.INDICATOR) else fit.NO_FIT)

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(indicators=list(_RowReader(layout, ctx).records()))


class _RowReader:
    """Walks the body rows, carrying group, attribute and the last row name downwards."""

    def __init__(self, layout: Layout, ctx: PlanContext) -> None:
        self.layout, self.ctx = layout, ctx
        self.group_col, self.name_col = _name_columns(layout)
        self.values = value_columns(layout)
        self.unit_col = layout.first(ColumnRole.UNIT)
        self.seq_col = layout.first(ColumnRole.SEQ)
        self.attribute_col = layout.first(ColumnRole.ATTRIBUTE)
        self.remark_cols = layout.columns_with(ColumnRole.REMARK)
        self.has_targets = any(_measure_role(c) == Measure.TARGET for c in self.values)
        # a table with a column per year (2020 | 2025 | 2035) gives each figure at its year
        self.year_series = len({_column_year(c) for c in self.values} - {None}) > 1
        self.group: str | None = None
        self.attribute: str | None = None
        self.last_name: str | None = None

    def records(self):  # type: ignore[no-untyped-def]
        width = len(self.layout.columns)
        for i in range(len(self.layout.body)):
            printed = self.layout.printed(i)
            if len(printed) == 1 and printed[0].col_span == width and width > 1:
                if not is_numeric(printed[0].text):
                    self.group = printed[0].text
                continue
            yield from self._row(i)

    def _text(self, i: int, col: Column | None) -> str:
        return self.layout.text(i, col.index).strip() if col is not None else ""

    def _row(self, i: int):  # type: ignore[no-untyped-def]
        group_text = self._text(i, self.group_col)
        if group_text:
            self.group = group_text
        name = self._text(i, self.name_col)
        unit_text = self._text(i, self.unit_col)
        group = self.group
        if not name and not self._text(i, self.seq_col) and self.last_name and unit_text:
            group, name, unit_text = self.last_name, *_split_qualifier(unit_text)
        elif name:
            self.last_name = name
        if not name:
            return
        self._read_attribute(i)
        name, name_unit = unit_in_label(name)
        for col in self.values:
            yield self._record(i, col, name, group, unit_text or name_unit)

    def _read_attribute(self, i: int) -> None:
        if self.attribute_col is None:
            words = (indicator_word("attribute", self._text(i, c)) for c in self.remark_cols)
            self.attribute = next(filter(None, words), None)
            return
        text = self._text(i, self.attribute_col)
        if text:  # an empty cell is the lower part of a vertically merged one
            self.attribute = indicator_word("attribute", text)

    def _record(self, i: int, col: Column, name: str, group: str | None, row_unit: str | None) -> Indicator:
        layout = self.layout
        text = layout.text(i, col.index).strip()
        q = parse_quantity(text)
        measure = self._measure(col)
        unit_text = _header_unit(col, measure) or row_unit or q.suffix
        mineral = canonical_mineral(name)
        family = _family(group, col, layout.box.title)
        period = _period(col, measure, layout.context, self.ctx)
        return Indicator(
            box=layout.box.number,
            row=layout.box_row(i),
            col=col.index,
            name=name,
            group_name=group,
            metric=_metric(col) if col.role not in _MEASURE_ROLES else None,
            measure=measure,
            period=period
            if self.year_series
            else _target_period(period, measure, (name, group or ""), family, unit_text, self.ctx),
            **measured(text, q, unit_text),
            attribute=self.attribute,
            family=family,
            mineral=mineral,
            mineral_text=name if mineral else None,
        )

    def _measure(self, col: Column) -> str:
        role = _measure_role(col)
        year = _column_year(col)
        base = self.ctx.base_year
        if year is not None and base is not None and year <= base and role != Measure.COMPLETION_RATE:
            return Measure.BASELINE if self.has_targets and role == Measure.TARGET else Measure.ACTUAL
        if role:
            return role
        measured_word = indicator_word("measure", self.layout.box.title)
        return Measure(measured_word) if measured_word else Measure.TARGET


def _target_period(
    period: str | None,
    measure: str,
    names: tuple[str, str],
    family: str | None,
    unit_text: str | None,
    ctx: PlanContext,
) -> str | None:
    """A target for the plan's target year: that year ('2025') for an annual figure or a state at the
    end of the period (a rate, a count of mines), the plan period ('2021-2025') for an amount
    accumulated over it (新增资源量, 新发现矿产地, 治理面积 …: an exploration figure or a name, or
    its group, with a cumulative word), unless it is a percentage."""
    if measure != Measure.TARGET or not ctx.base_year or not ctx.target_year:
        return period
    plan_period = f"{ctx.base_year + 1}-{ctx.target_year}"
    if period not in (plan_period, str(ctx.target_year)):
        return period
    worded = family == "exploration" or any(indicator_word("cumulative", t) for t in names)
    cumulative = worded and parse_unit(unit_text).dimension != "percent"
    return plan_period if cumulative else str(ctx.target_year)


def _family(group: str | None, col: Column, title: str) -> str | None:
    """mining or exploration, from the words of the row's group, the column's label, then the box title."""
    texts = (group or "", col.label if col.role not in _MEASURE_ROLES else "", title)
    return next((f for f in (indicator_word("family", t) for t in texts) if f), None)


def _measure_role(col: Column) -> str | None:
    return _MEASURE_ROLES.get(col.role or "")


def _column_year(col: Column) -> int | None:
    match = _YEAR.search(col.label)
    return int(match.group(1)) if match else None


def _header_unit(col: Column, measure: str) -> str | None:
    """The unit bracketed in the column's header; a rate is a percentage whatever its parent header says."""
    parts = col.label.split("/")
    for part in reversed(parts if measure != Measure.COMPLETION_RATE else parts[-1:]):
        _, unit = unit_in_label(part)
        if unit:
            return unit
    return "%" if measure == Measure.COMPLETION_RATE else None


def _metric(col: Column) -> str:
    return unit_in_label(col.label.split("/")[-1])[0]


def _split_qualifier(unit_text: str) -> tuple[str, str]:
    """("大、中型", "处") from "大、中型处": the end unit, grown leftwards only while it gains a scale."""
    best: tuple[int, float | None] | None = None
    for start in range(len(unit_text) - 1, 0, -1):
        unit = parse_unit(unit_text[start:])
        if unit.dimension is not None and (best is None or unit.scale != best[1]):
            best = (start, unit.scale)
    if best is None:
        return unit_text, ""
    return unit_text[: best[0]], unit_text[best[0] :]


def _period(col: Column, measure: str, context: str, ctx: PlanContext) -> str | None:
    year = _column_year(col)
    if year is not None:
        return str(year)
    plan_period = f"{ctx.base_year + 1}-{ctx.target_year}" if ctx.base_year and ctx.target_year else None
    for text in context.split("\n"):
        named = indicator_word("period", text)
        if named:
            return named
        span = _RANGE.search(text)
        if span:
            return f"{span.group(1)}-{span.group(2)}"
        single = _YEAR.search(text)
        if single:
            y = int(single.group(1))
            return (
                plan_period if measure == Measure.TARGET and y == ctx.target_year and plan_period else str(y)
            )
    return plan_period if measure == Measure.TARGET else None


INDICATOR = Indicators()
