"""unit_magnitude_conflict: one figure printed in two boxes of a plan with units orders of magnitude apart.

Any record with a mineral and a quantity takes part (indicator values, reserve
amounts).  Two of them, in different boxes, about the same mineral and basis, that
print the same number (at least three significant digits, so that the match is no
coincidence) in units of one dimension whose scales differ by a factor of ten or
more, print one figure with a wrong unit: 镓 534.8 in 金属量 万吨 (专栏7) and in
金属量 吨 (专栏3) — 5,348,000 t against 534.8 t.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from models.codes import FindingKind
from parsers.words.text import compact
from parsers.words.units import parse_unit
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place, fmt

_MIN_DIGITS = 3
_MIN_FACTOR = 10.0


@dataclass(frozen=True)
class _Amount:
    box_id: int
    row: int
    mineral: str
    label: str  # what the box calls it (name or mineral as printed)
    text: str  # the number as printed
    unit: str
    basis: str | None
    dimension: str
    scale: float
    value_si: float
    family: str | None  # an indicator's family (mining, exploration); None for a reserve


def unit_magnitude_findings(data: PlanData) -> Iterator[Finding]:
    groups: dict[tuple[str, str | None, str], list[_Amount]] = defaultdict(list)
    for amount in _amounts(data):
        groups[amount.mineral, amount.basis, compact(amount.text)].append(amount)
    seen: set[tuple[int, int, str]] = set()
    for group in groups.values():
        for a, b in combinations(group, 2):
            if a.box_id == b.box_id or a.dimension != b.dimension or _conflict_kind_covers(a, b):
                continue
            small, large = sorted((a.scale, b.scale))
            key = (min(a.box_id, b.box_id), max(a.box_id, b.box_id), a.mineral)
            if large / small >= _MIN_FACTOR and key not in seen:
                seen.add(key)
                yield _finding(data, a, b)


def _amounts(data: PlanData) -> Iterator[_Amount]:
    for r in data.indicators:
        yield from _amount(r.box_id, r.row, r.mineral, r.name, r.value_text, r.unit, r.basis, r.family)
    for s in data.reserves:
        for text in (s.retained_text, s.cumulative_text):
            yield from _amount(s.box_id, s.row, s.mineral, s.mineral_text, text, s.unit, s.basis, None)


def _conflict_kind_covers(a: _Amount, b: _Amount) -> bool:
    """Two indicators of one family are unit_conflict's (pipeline/compare/conflicts.py)."""
    return bool(a.family) and a.family == b.family


def _amount(
    box_id: int,
    row: int,
    mineral: str | None,
    label: str,
    text: str | None,
    unit_text: str | None,
    basis: str | None,
    family: str | None,
) -> Iterator[_Amount]:
    number = compact(text or "")
    digits = number.replace(".", "").lstrip("0")
    if not mineral or not unit_text or len(digits) < _MIN_DIGITS or not digits.isdigit():
        return
    unit = parse_unit(unit_text)
    if unit.dimension in ("mass", "volume") and unit.scale:
        value_si = float(number) * unit.scale
        printed = " ".join(unit_text.split())
        yield _Amount(
            box_id, row, mineral, label, number, printed, basis, unit.dimension, unit.scale, value_si, family
        )


def _finding(data: PlanData, a: _Amount, b: _Amount) -> Finding:
    box_a, box_b = data.box_name(a.box_id), data.box_name(b.box_id)
    unit_si = "t" if a.dimension == "mass" else "m3"
    return Finding(
        kind=FindingKind.UNIT_MAGNITUDE_CONFLICT,
        subject=a.mineral,
        expected=f"{a.text} {a.unit}",
        actual=f"{b.text} {b.unit}",
        message=f"{a.label} {a.text} is printed in {a.unit} in {box_a} row {a.row} "
        f"({fmt(a.value_si)} {unit_si}) and in {b.unit} in {box_b} row {b.row} "
        f"({fmt(b.value_si)} {unit_si})",
        place=Place(data.plan.plan_id, a.box_id, a.row),
        other=Place(data.plan.plan_id, b.box_id, b.row),
        quote=f"{a.label} {a.text} {a.unit}",
        other_quote=f"{b.label} {b.text} {b.unit}",
    )
