"""Compliance of a plan with the plan above it (规划衔接): a county against its prefecture, a
prefecture against its province.

* min_scale_below_upper: a minimum mining scale (最低开采规模) of the lower plan below the
  upper plan's for the same mineral, variant and size class, once both are in one
  unit (万吨 and 吨 of one basis, 万立方米 …);
* upper_zone_missing: a zone the upper plan places in the lower plan's region (its
  region column names the region, or, with no region printed, its name does) that
  no zone of the lower plan links to;
* allotment_exceeded: a lower plan's target for a mineral above the upper plan's
  target for the same mineral, family and measure in the same period (a part of the
  territory cannot be allotted more than the whole), in one unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from models.codes import FindingKind, Measure
from models.orm import IndicatorRow, MinScaleRow, ZoneRow
from models.vocabulary import regions
from parsers.words.units import parse_unit
from pipeline.compare.data import PlanData
from pipeline.compare.links import Link
from pipeline.compare.model import Finding, Place

_CLASSES = (("large", "大型"), ("medium", "中型"), ("small", "小型"))


def min_scale_findings(lower: PlanData, upper: PlanData, links: list[Link]) -> Iterator[Finding]:
    for mine in lower.min_scales:
        for theirs in upper.min_scales:
            if mine.mineral and mine.mineral == theirs.mineral and mine.variant == theirs.variant:
                yield from _below(lower, upper, mine, theirs)


def _below(lower: PlanData, upper: PlanData, mine: MinScaleRow, theirs: MinScaleRow) -> Iterator[Finding]:
    ua, ub = parse_unit(mine.unit), parse_unit(theirs.unit)
    if not ua.scale or not ub.scale or ua.dimension != ub.dimension or ua.basis != ub.basis:
        return
    for attr, label in _CLASSES:
        a, b = getattr(mine, attr), getattr(theirs, attr)
        if a is not None and b is not None and a * ua.scale < b * ub.scale * (1 - 1e-9):
            variant = f"（{mine.variant}）" if mine.variant else ""
            yield _finding(
                FindingKind.MIN_SCALE_BELOW_UPPER,
                lower,
                upper,
                (mine.box_id, mine.row, f"{getattr(mine, attr + '_text')} {mine.unit or ''}".strip()),
                (theirs.box_id, theirs.row, f"{getattr(theirs, attr + '_text')} {theirs.unit or ''}".strip()),
                f"{mine.mineral_text}{variant} {label}",
                "minimum scale",
            )


def missing_zone_findings(lower: PlanData, upper: PlanData, links: list[Link]) -> Iterator[Finding]:
    region = lower.plan.region
    if not region:
        return
    names = _names_of(region)
    linked = {link.other.zone_id for link in links}
    for zone in upper.zones:
        if zone.zone_id not in linked and _placed_in(zone, names):
            number = upper.box_name(zone.box_id)
            yield Finding(
                kind=FindingKind.UPPER_ZONE_MISSING,
                subject=zone.name,
                expected=zone.name,
                actual=None,
                message=f"{upper.plan.region} {number} row {zone.row} places {zone.name} in {region}; "
                f"no zone of the {region} plan is that zone",
                place=Place(lower.plan.plan_id),
                other=Place(upper.plan.plan_id, zone.box_id, zone.row),
                other_quote=f"{zone.code or ''} {zone.name} {zone.region or ''}".strip(),
            )


def _names_of(region: str) -> tuple[str, ...]:
    known = regions().get(region)
    return (region, *(known.short_names if known else ()))


def _placed_in(zone: ZoneRow, names: tuple[str, ...]) -> bool:
    return any(name in (zone.region or zone.name) for name in names)


def allotment_findings(lower: PlanData, upper: PlanData, links: list[Link]) -> Iterator[Finding]:
    theirs: dict[tuple[str | None, ...], list[IndicatorRow]] = defaultdict(list)
    for other in upper.indicators:
        if _allotted(other):
            theirs[_allotment(other)].append(other)
    for mine in lower.indicators:
        if not _allotted(mine):
            continue
        for other in theirs.get(_allotment(mine), []):
            if mine.value_si > other.value_si * (1 + 1e-9):  # type: ignore[operator]
                yield _finding(
                    FindingKind.ALLOTMENT_EXCEEDED,
                    lower,
                    upper,
                    (mine.box_id, mine.row, f"{mine.value_text} {mine.unit or ''}".strip()),
                    (other.box_id, other.row, f"{other.value_text} {other.unit or ''}".strip()),
                    mine.name,
                    f"{_period_end(mine)} target",
                )


def _allotment(r: IndicatorRow) -> tuple[str | None, ...]:
    """What a target allots: a lower plan's target may not exceed the upper plan's with the same."""
    return (r.mineral, r.family, r.measure, _period_end(r), r.unit_si, r.basis)


def _allotted(r: IndicatorRow) -> bool:
    return (
        r.measure == Measure.TARGET
        and bool(r.mineral and r.family)
        and r.value_si is not None
        and r.comparator in ("eq", "le", "approx")
    )


def _period_end(r: IndicatorRow) -> str | None:
    return r.period.rsplit("-", 1)[-1] if r.period else None


def _finding(
    kind: FindingKind,
    lower: PlanData,
    upper: PlanData,
    mine: tuple[int, int, str],
    theirs: tuple[int, int, str],
    subject: str,
    what: str,
) -> Finding:
    (box, row, value), (other_box, other_row, other_value) = mine, theirs
    return Finding(
        kind=kind,
        subject=subject,
        expected=other_value,
        actual=value,
        message=(
            f"{subject}: {lower.plan.region} {lower.box_name(box)} row {row} gives {what} {value}; "
            f"{upper.plan.region} {upper.box_name(other_box)} row {other_row} gives {other_value}"
        ),
        place=Place(lower.plan.plan_id, box, row),
        other=Place(upper.plan.plan_id, other_box, other_row),
        quote=f"{subject} {value}",
        other_quote=f"{subject} {other_value}",
    )
