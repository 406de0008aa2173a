"""cross_plan_mismatch: a county plan's figure against its prefecture plan's figure for that county.

* zone areas: a county zone linked to its prefecture's zone must print the same
  area (the county carries out the prefecture's zone), at the coarser of the two
  printed precisions (3.5 against 3.48 agrees);
* existing rights: the county's existing exploration and mining blocks (已有/已设,
  total and per mineral) against the prefecture's rights counts in that county's
  column (探矿权 / 采矿权), where the prefecture table lists that mineral.
"""

from __future__ import annotations

from collections.abc import Iterator

from models.codes import FindingKind
from models.orm import BlockSummaryRow, RightsCountRow
from parsers.words.lexicon import is_total
from pipeline.compare.data import PlanData
from pipeline.compare.links import Link
from pipeline.compare.model import Finding, Place, fmt
from pipeline.compare.rounding import same_at_coarser_precision


def cross_plan_findings(county: PlanData, prefecture: PlanData, links: list[Link]) -> Iterator[Finding]:
    for link in links:
        zone, other = link.zone, link.other
        if zone.area_km2 is None or other.area_km2 is None:
            continue
        if not same_at_coarser_precision(zone.area_km2, zone.area_text, other.area_km2, other.area_text):
            yield _finding(
                county,
                prefecture,
                link.zone.name,
                (link.zone.box_id, link.zone.row, link.zone.area_km2),
                (link.other.box_id, link.other.row, link.other.area_km2),
                "area km²",
            )
    yield from _rights(county, prefecture)


def _rights(county: PlanData, prefecture: PlanData) -> Iterator[Finding]:
    column = [r for r in prefecture.rights if r.region == county.plan.region]
    for block_type in ("exploration", "mining"):
        blocks = [b for b in county.blocks if b.block_type == block_type and b.status == "existing"]
        rights = [r for r in column if r.right_type == block_type]
        if not blocks or not rights:
            continue
        yield from _compare_totals(county, prefecture, blocks, rights, block_type)
        yield from _compare_minerals(county, prefecture, blocks, rights, block_type)


def _compare_totals(
    county: PlanData,
    prefecture: PlanData,
    blocks: list[BlockSummaryRow],
    rights: list[RightsCountRow],
    what: str,
) -> Iterator[Finding]:
    block_total = next((b for b in reversed(blocks) if b.is_total), None)
    right_total = next((r for r in reversed(rights) if r.is_total and is_total(r.mineral_text or "")), None)
    if (
        block_total
        and right_total
        and block_total.count is not None
        and block_total.count != right_total.count
    ):
        yield _finding(
            county,
            prefecture,
            county.column_header(block_total.box_id, block_total.col) or block_total.mineral_text or what,
            (block_total.box_id, block_total.row, block_total.count),
            (right_total.box_id, right_total.row, right_total.count or 0),
            f"existing {what} rights, total",
        )


def _compare_minerals(
    county: PlanData,
    prefecture: PlanData,
    blocks: list[BlockSummaryRow],
    rights: list[RightsCountRow],
    what: str,
) -> Iterator[Finding]:
    # the minerals the prefecture table lists, and their rows
    row_of = {r.mineral: r.row for r in prefecture.rights if r.box_id == rights[0].box_id and r.mineral}
    by_mineral = {r.mineral: r for r in rights if r.mineral and not r.is_total}
    for block in blocks:
        if block.is_total or block.mineral not in row_of or block.count is None:
            continue
        right = by_mineral.get(block.mineral)
        count = right.count if right else 0
        if count != block.count:
            yield _finding(
                county,
                prefecture,
                block.mineral_text or block.mineral or what,
                (block.box_id, block.row, block.count),
                (rights[0].box_id, row_of.get(block.mineral), count),
                f"existing {what} rights",
            )


def _finding(
    county: PlanData,
    prefecture: PlanData,
    subject: str,
    mine: tuple[int, int | None, float | None],
    theirs: tuple[int, int | None, float | None],
    what: str,
) -> Finding:
    (box, row, value), (other_box, other_row, other_value) = mine, theirs
    return Finding(
        kind=FindingKind.CROSS_PLAN_MISMATCH,
        subject=subject,
        expected=fmt(other_value),
        actual=fmt(value),
        message=(
            f"{subject}: {county.plan.region} {county.box_name(box)} row {row} "
            f"gives {what} {fmt(value)}; "
            f"{prefecture.plan.region} {prefecture.box_name(other_box)} row {other_row} "
            f"gives {fmt(other_value)}"
        ),
        place=Place(county.plan.plan_id, box, row),
        other=Place(prefecture.plan.plan_id, other_box, other_row),
    )
