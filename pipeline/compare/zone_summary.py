"""zone_summary_mismatch: the zones of one mineral hold more than the plan's own summary table counts.

Zones lie inside the plan's territory, so the existing rights of the zones whose
only mineral is M (已设采矿权 in 开采区/集中开采区, 已设探矿权 in 勘查区) cannot exceed the
plan's count of existing rights of M (the rights_count rows of M without a region,
summed; the use-varieties of one rock — 建筑石料用灰岩, 水泥用灰岩 — count together);
likewise their planned blocks cannot exceed the plan's planned blocks of M
(block_summary).  A mineral the summary table does not list is not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from models.codes import FindingKind
from models.orm import ZoneRow
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place

_RIGHT_TYPE = {
    "key_mining": "mining",
    "concentrated_mining": "mining",
    "key_exploration": "exploration",
}


def zone_summary_findings(data: PlanData) -> Iterator[Finding]:
    by_mineral: dict[tuple[int, str, str], list[ZoneRow]] = defaultdict(list)
    for zone in data.zones:
        minerals = {m.mineral for m in data.zone_minerals.get(zone.zone_id, [])}
        right_type = _RIGHT_TYPE.get(zone.zone_type or "")
        if len(minerals) == 1 and None not in minerals and right_type:
            by_mineral[zone.box_id, right_type, minerals.pop()].append(zone)
    for (box_id, right_type, mineral), zones in by_mineral.items():
        rock = _rock(mineral)
        rights = [r for r in data.rights if r.right_type == right_type and _rock(r.mineral) == rock]
        rights = [r for r in rights if r.region is None and not r.is_total and r.count is not None]
        held = [z for z in zones if z.existing_rights is not None]
        if rights and held and sum(z.existing_rights for z in held) > sum(r.count for r in rights):
            what = f"existing {right_type} rights"
            yield _finding(data, box_id, mineral, what, held, "existing_rights", rights)
        blocks = [b for b in data.blocks if b.block_type == right_type and _rock(b.mineral) == rock]
        blocks = [b for b in blocks if b.status in ("planned", None) and not b.is_total]
        blocks = [b for b in blocks if b.count is not None]
        planned = [z for z in zones if z.planned_blocks is not None]
        if blocks and planned and sum(z.planned_blocks for z in planned) > sum(b.count for b in blocks):
            what = f"planned {right_type} blocks"
            yield _finding(data, box_id, mineral, what, planned, "planned_blocks", blocks)


def _rock(mineral: str | None) -> str | None:
    """The rock of a use-variety (建筑石料用灰岩, 水泥用灰岩 → 灰岩): a zone of one use may hold
    rights of another."""
    if mineral and "用" in mineral:
        return mineral.rsplit("用", 1)[1][-2:]
    return mineral


def _finding(
    data: PlanData, box_id: int, mineral: str, what: str, zones: list[ZoneRow], attr: str, summary: list
) -> Finding:
    held = sum(getattr(z, attr) for z in zones)
    counted = sum(r.count for r in summary)
    box, other = data.box_name(box_id), data.box_name(summary[0].box_id)
    rows = ", ".join(str(r.row) for r in summary)
    return Finding(
        kind=FindingKind.ZONE_SUMMARY_MISMATCH,
        subject=mineral,
        expected=str(counted),
        actual=str(held),
        message=f"the {mineral} zones of {box} ({len(zones)}) hold {held} {what}; "
        f"{other} row {rows} counts {counted} for the whole plan",
        place=Place(data.plan.plan_id, box_id, zones[0].row),
        other=Place(data.plan.plan_id, summary[0].box_id, summary[0].row),
        quote="; ".join(f"{z.name} {getattr(z, attr)}" for z in zones),
        other_quote="; ".join(f"{r.mineral_text} {r.count_text or r.count}" for r in summary),
    )
