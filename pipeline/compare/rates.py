"""rate_mismatch: a printed completion rate that is not its row's figure over its target.

In a row with a target, an actual (or new) figure and a completion rate (完成率),
the rate must be actual / target × 100 within rounding: the target is a set
figure, taken as exact; the actual is a measured figure, within half a unit of its
last printed decimal (a count, exactly); the rate within half a unit of its own
last decimal.  "12 of a target of 10 printed as 120.6%" is a finding; 58.1 of 5 printed as
1161.6% (58.05..58.15 of 5 is 1161..1163%) is not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from models.codes import FindingKind, Measure
from models.orm import IndicatorRow
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place
from pipeline.compare.rounding import decimals


def rate_findings(data: PlanData) -> Iterator[Finding]:
    rows: dict[tuple[int, int, str | None], dict[str, IndicatorRow]] = defaultdict(dict)
    for r in data.indicators:
        if r.value is not None and r.comparator in (None, "eq"):
            rows[r.box_id, r.row, r.period].setdefault(r.measure, r)
    for measures in rows.values():
        target, actual, rate = (
            measures.get(m) for m in (Measure.TARGET, Measure.ACTUAL, Measure.COMPLETION_RATE)
        )
        if target and actual and rate and target.value and not _agrees(target, actual, rate):
            yield _finding(data, target, actual, rate)


def _half_unit(r: IndicatorRow) -> float:
    return 0.5 * 10.0 ** -decimals(r.value_text)


def _agrees(target: IndicatorRow, actual: IndicatorRow, rate: IndicatorRow) -> bool:
    spread = 0.0 if actual.unit_si == "count" else _half_unit(actual)
    low = (actual.value - spread) / target.value * 100  # type: ignore[operator]
    high = (actual.value + spread) / target.value * 100  # type: ignore[operator]
    half = _half_unit(rate)
    return low - half - 1e-9 <= rate.value <= high + half + 1e-9  # type: ignore[operator]


def _finding(data: PlanData, target: IndicatorRow, actual: IndicatorRow, rate: IndicatorRow) -> Finding:
    computed = actual.value / target.value * 100  # type: ignore[operator]
    shown = f"{computed:.{decimals(rate.value_text)}f}"
    box = data.box_name(rate.box_id)
    return Finding(
        kind=FindingKind.RATE_MISMATCH,
        subject=actual.name,
        expected=shown,
        actual=rate.value_text,
        message=f"{box} row {rate.row}: {actual.name} {actual.value_text} of a target of "
        f"{target.value_text} is {shown}%, printed as {rate.value_text}%",
        place=Place(data.plan.plan_id, rate.box_id, rate.row),
        quote=f"{actual.name}: target {target.value_text} {target.unit or ''}, "
        f"actual {actual.value_text} {actual.unit or ''}, rate {rate.value_text}%",
    )
