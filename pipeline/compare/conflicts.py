"""value_conflict and unit_conflict: one plan printing the same indicator differently in two boxes.

An indicator is identified by its mineral, its family (mining or exploration, set
by the indicator interpreter) and what it measures (an amount, a count, money …).  Two boxes conflict:

* on units, when they print that indicator with another dimension (建筑用砂 in
  矿石,万吨 and in 万立方米), or, for the same period and measure, with another
  basis or scale (玉石 2025 in 矿石,吨 and in 矿石万吨);
* on values, when for the same period and measure they print equivalent units
  and different numbers (石灰岩 2025: 500 and 300 万吨), beyond the coarser of the
  two printed precisions.

Baseline and actual figures of one year are the same observation; a target for
the plan's last year and for the plan period are the same target.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations

from models.codes import FindingKind, Measure
from models.orm import IndicatorRow
from parsers.words.units import Unit, parse_unit
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place, fmt
from pipeline.compare.rounding import same_at_coarser_precision

_AMOUNTS = {"mass", "volume", None}


def conflict_findings(data: PlanData) -> Iterator[Finding]:
    groups: dict[tuple, list[IndicatorRow]] = defaultdict(list)
    for r in data.indicators:
        if r.mineral and r.family and r.unit:
            groups[(r.mineral, r.family, _amount(parse_unit(r.unit)))].append(r)
    for rows in groups.values():
        yield from _unit_conflicts(data, rows)
        yield from _value_conflicts(data, rows)


def _amount(unit: Unit) -> str:
    return "amount" if unit.dimension in _AMOUNTS else str(unit.dimension)


def _observation(r: IndicatorRow) -> tuple[str, str | None]:
    """What a value observes: (measure class, period), with equivalent periods made equal."""
    if r.measure in (Measure.BASELINE, Measure.ACTUAL):
        return "observed", r.period
    period = r.period.rsplit("-", 1)[-1] if r.measure == Measure.TARGET and r.period else r.period
    return r.measure, period


def _unit_conflicts(data: PlanData, rows: list[IndicatorRow]) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for a, b in combinations(rows, 2):
        if a.box_id == b.box_id or (a.box_id, b.box_id) in seen:
            continue
        ua, ub = parse_unit(a.unit), parse_unit(b.unit)
        other_basis = bool(ua.basis and ub.basis and ua.basis != ub.basis)
        same_figure = _observation(a) == _observation(b)
        if ua.dimension != ub.dimension or (same_figure and (other_basis or ua.scale != ub.scale)):
            seen.add((a.box_id, b.box_id))
            yield _finding(data, FindingKind.UNIT_CONFLICT, a, b, a.unit, b.unit, "printed in")


def _value_conflicts(data: PlanData, rows: list[IndicatorRow]) -> Iterator[Finding]:
    for a, b in combinations(rows, 2):
        if a.box_id == b.box_id or _observation(a) != _observation(b):
            continue
        if a.value_si is None or b.value_si is None or a.comparator != b.comparator:
            continue
        if _same_unit(parse_unit(a.unit), parse_unit(b.unit)) and not _same_figure(a, b):
            yield _finding(data, FindingKind.VALUE_CONFLICT, a, b, fmt(a.value), fmt(b.value), "given as")


def _same_figure(a: IndicatorRow, b: IndicatorRow) -> bool:
    """Equal, or equal at the coarser of the two printed precisions (3.5 and 3.48)."""
    return math.isclose(a.value_si, b.value_si, rel_tol=1e-9) or (  # type: ignore[arg-type]
        a.value is not None
        and b.value is not None
        and same_at_coarser_precision(a.value, a.value_text, b.value, b.value_text)
    )


def _same_unit(a: Unit, b: Unit) -> bool:
    return (
        a.dimension == b.dimension
        and a.scale == b.scale
        and (not a.basis or not b.basis or a.basis == b.basis)
    )


def _finding(
    data: PlanData,
    kind: FindingKind,
    a: IndicatorRow,
    b: IndicatorRow,
    left: str | None,
    right: str | None,
    verb: str,
) -> Finding:
    box_a, box_b = data.box_name(a.box_id), data.box_name(b.box_id)
    period = f" {a.period}" if kind == FindingKind.VALUE_CONFLICT and a.period else ""
    return Finding(
        kind=kind,
        subject=a.name,
        expected=left,
        actual=right,
        message=f"{a.name}{period} {verb} {left} in {box_a} row {a.row} and {right} in {box_b} row {b.row}",
        place=Place(data.plan.plan_id, a.box_id, a.row),
        other=Place(data.plan.plan_id, b.box_id, b.row),
    )
