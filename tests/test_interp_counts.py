"""Block summaries and rights counts read from the bundled plans; every value was read by hand from raw/."""

from __future__ import annotations

from typing import Any

import pytest

from models.document import ParsedPlan
from models.records import BlockSummary, RightsCount
from parsers.interpret.counts import BlockSummaries, RightsCounts
from parsers.interpret.layout import build_layout
from parsers.interpret.registry import context_of

Record = BlockSummary | RightsCount


def _box_records(plan: ParsedPlan, number: int) -> list[Record]:
    found = [*plan.records.block_summaries, *plan.records.rights_counts]
    return [r for r in found if r.box == number]


def _one(plan: ParsedPlan, number: int, **fields: Any) -> Record:
    matches = [r for r in _box_records(plan, number) if all(getattr(r, k) == v for k, v in fields.items())]
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize(
    ("region", "number", "kind", "n_records"),
    [
        ("洛浦县", 11, "block_summary", 10),  # 8 rows: 油页岩 1, 铅 2, five planned-only, 合计 2
        ("洛浦县", 12, "block_summary", 10),  # 铅 砂金 石膏 石灰岩 existing only; 粘土, 砂, 合计 both
        ("和田地区", 3, "rights_count", 55),  # non-empty cells of 于田…墨玉 and 汇总
        ("和田地区", 5, "rights_count", 71),
        ("和田地区", 18, "block_summary", 24),  # 12 rows × 2 halves
        ("和田地区", 22, "block_summary", 7),  # 4 rows × 2 halves, less the "- | -" filler
        ("喀什地区", 4, "rights_count", 9),  # 5 left + 多金属 锌矿 矿泉水 合计 right
        ("喀什地区", 5, "rights_count", 16),  # 8 + 8
        ("喀什地区", 16, "block_summary", 29),  # 15 + 14 (合计 included)
        ("喀什地区", 17, "block_summary", 21),  # 11 + 10
    ],
)
def test_kind_and_record_count_per_box(
    plans: dict[str, ParsedPlan], region: str, number: int, kind: str, n_records: int
) -> None:
    plan = plans[region]
    assert plan.boxes[[b.number for b in plan.boxes].index(number)].kind == kind
    records = _box_records(plan, number)
    assert len(records) == n_records
    assert {type(r) for r in records} == {BlockSummary if kind == "block_summary" else RightsCount}


def test_luopu_11_planned_lead(plans: dict[str, ParsedPlan]) -> None:
    lead = _one(plans["洛浦县"], 11, mineral_text="铅", status="planned")
    assert (lead.count, lead.area_km2, lead.block_type) == (8, 179.87, "exploration")
    assert (lead.row, lead.col) == (4, 3)  # 3 header rows; the 规划 个数 column


def test_luopu_11_existing_oil_shale(plans: dict[str, ParsedPlan]) -> None:
    oil_shale = _one(plans["洛浦县"], 11, mineral_text="油页岩", status="existing")
    assert (oil_shale.count, oil_shale.area_km2, oil_shale.mineral) == (2, 106.01, "油页岩")


def test_luopu_11_iron_has_only_a_planned_row(plans: dict[str, ParsedPlan]) -> None:
    iron = [r for r in _box_records(plans["洛浦县"], 11) if r.mineral_text == "铁"]
    assert [(r.status, r.count, r.area_km2, r.area_text) for r in iron] == [("planned", 4, 83.8, "83.80")]


def test_luopu_11_is_all_exploration_and_totals(plans: dict[str, ParsedPlan]) -> None:
    records = _box_records(plans["洛浦县"], 11)
    assert {r.block_type for r in records} == {"exploration"}
    totals = {(r.status, r.count, r.area_km2, r.mineral, r.mineral_text) for r in records if r.is_total}
    assert totals == {("existing", 3, 127.43, None, "合计"), ("planned", 22, 300.35, None, "合计")}


def test_luopu_12_mining_sand_and_total_as_printed(plans: dict[str, ParsedPlan]) -> None:
    sand = _one(plans["洛浦县"], 12, mineral_text="建筑用砂", status="planned")
    assert (sand.count, sand.area_km2, sand.block_type) == (24, 7.65, "mining")
    total = _one(plans["洛浦县"], 12, is_total=True, status="existing")
    assert (total.count, total.area_km2, total.area_text) == (59, 208.395, "208.395")  # rows sum to 42.41


def test_luopu_12_placer_gold_existing_only(plans: dict[str, ParsedPlan]) -> None:
    gold = [r for r in _box_records(plans["洛浦县"], 12) if r.mineral_text == "砂金"]
    assert [(r.status, r.count, r.area_km2) for r in gold] == [("existing", 2, 14.27)]


def test_hotan_3_county_columns(plans: dict[str, ParsedPlan]) -> None:
    copper = [r for r in _box_records(plans["和田地区"], 3) if r.mineral_text == "铜"]
    assert [(r.region, r.count) for r in copper] == [
        ("于田县", 22),
        ("策勒县", 11),
        ("和田县", 24),  # 和田 within 和田地区 is 和田县
        ("民丰县", 17),
        ("皮山县", 4),
        ("墨玉县", 6),
        (None, 84),  # 汇总
    ]
    assert {r.right_type for r in copper} == {"exploration"}
    assert [r.is_total for r in copper] == [False] * 6 + [True]


def test_hotan_3_summary_column_keeps_the_mineral(plans: dict[str, ParsedPlan]) -> None:
    gold = _one(plans["和田地区"], 3, mineral_text="金", col=8)
    assert (gold.region, gold.count, gold.is_total, gold.mineral) == (None, 23, True, "金")


def test_hotan_3_printed_zero_gives_a_row_and_empty_cells_none(plans: dict[str, ParsedPlan]) -> None:
    luopu = [r for r in _box_records(plans["和田地区"], 3) if r.region == "洛浦县"]
    assert [(r.mineral_text, r.mineral, r.count, r.is_total) for r in luopu] == [("合计", None, 0, True)]


def test_hotan_3_total_row(plans: dict[str, ParsedPlan]) -> None:
    hotan = _one(plans["和田地区"], 3, mineral_text="合计", region="和田县")
    assert (hotan.count, hotan.row) == (112, 17)  # printed 112 against a column summing to 111
    grand = _one(plans["和田地区"], 3, mineral_text="合计", region=None)
    assert (grand.count, grand.is_total) == (215, True)


def test_hotan_5_licence_level_totals(plans: dict[str, ParsedPlan]) -> None:
    plan = plans["和田地区"]
    provincial = _one(plan, 5, mineral_text="省、市级以上颁证汇总", region=None)
    county = _one(plan, 5, mineral_text="县级颁证汇总", region="洛浦县")
    total = _one(plan, 5, mineral_text="合计", region="于田县")
    assert (provincial.count, county.count, total.count) == (108, 45, 50)
    assert all(r.is_total and r.mineral is None for r in (provincial, county, total))
    assert {r.right_type for r in _box_records(plan, 5)} == {"mining"}


def test_hotan_5_sand_by_county(plans: dict[str, ParsedPlan]) -> None:
    sand = _one(plans["和田地区"], 5, mineral_text="建筑用砂", region="洛浦县")
    assert (sand.count, sand.mineral, sand.is_total, sand.col) == (38, "建筑用砂", False, 3)


def test_hotan_18_side_by_side_without_status(plans: dict[str, ParsedPlan]) -> None:
    plan = plans["和田地区"]
    copper = _one(plan, 18, mineral_text="铜")
    graphite = _one(plan, 18, mineral_text="石墨")
    assert (copper.count, copper.row, copper.col) == (203, 3, 1)
    assert (graphite.count, graphite.row, graphite.col) == (2, 1, 3)
    records = _box_records(plan, 18)
    assert {(r.block_type, r.status, r.area_km2) for r in records} == {("exploration", None, None)}
    assert sum(r.count or 0 for r in records) == 393  # the text says 445


def test_hotan_22_filler_group_gives_nothing(plans: dict[str, ParsedPlan]) -> None:
    records = _box_records(plans["和田地区"], 22)
    assert "-" not in {r.mineral_text for r in records}
    diorite = _one(plans["和田地区"], 22, mineral_text="建筑用闪长岩")
    assert (diorite.count, diorite.block_type, diorite.status) == (8, "mining", None)


def test_kashgar_4_total_in_right_half(plans: dict[str, ParsedPlan]) -> None:
    total = _one(plans["喀什地区"], 4, is_total=True)
    assert (total.mineral_text, total.mineral, total.col) == ("合 计", None, 6)
    assert (total.count, total.area_km2) == (76, 540.9)
    assert {r.right_type for r in _box_records(plans["喀什地区"], 4)} == {"exploration"}


def test_kashgar_4_left_half_values(plans: dict[str, ParsedPlan]) -> None:
    copper = _one(plans["喀什地区"], 4, mineral_text="铜矿")
    assert (copper.mineral, copper.count, copper.area_km2, copper.region) == ("铜", 23, 183.7, None)


def test_kashgar_5_mining_rights(plans: dict[str, ParsedPlan]) -> None:
    sand = _one(plans["喀什地区"], 5, mineral_text="建筑用砂")
    assert (sand.count, sand.area_km2, sand.right_type) == (38, 12.6, "mining")
    total = _one(plans["喀什地区"], 5, is_total=True)
    assert (total.count, total.area_km2) == (77, 59.8)


def test_kashgar_16_total_as_printed(plans: dict[str, ParsedPlan]) -> None:
    total = _one(plans["喀什地区"], 16, is_total=True)
    assert (total.count, total.area_km2, total.block_type, total.status) == (290, 6072.5, "exploration", None)
    # the left half's last row; the right half of that row is an empty filler
    rare_earth = _one(plans["喀什地区"], 16, mineral_text="稀土矿")
    assert (rare_earth.count, rare_earth.area_km2, rare_earth.row) == (1, 2.0, 16)


def test_kashgar_16_copper_left_half(plans: dict[str, ParsedPlan]) -> None:
    copper = _one(plans["喀什地区"], 16, mineral_text="铜矿")
    assert (copper.count, copper.area_km2, copper.mineral) == (106, 1720.4, "铜")


def test_kashgar_17_total_as_printed(plans: dict[str, ParsedPlan]) -> None:
    total = _one(plans["喀什地区"], 17, is_total=True)
    assert (total.count, total.area_km2, total.block_type) == (446, 385.8, "mining")
    sand = _one(plans["喀什地区"], 17, mineral_text="建筑用砂")
    assert (sand.count, sand.area_km2, sand.col) == (245, 202.3, 6)


@pytest.mark.parametrize(
    ("region", "number"),
    [
        ("洛浦县", 3),  # indicator: 十三五 勘查指标完成情况
        ("洛浦县", 9),  # zone: 重点勘查区
        ("喀什地区", 14),  # zone table with 已设探矿权数量 / 拟设探矿权数量
        ("喀什地区", 19),  # indicator with 开采规划区块数量（个）
        ("和田地区", 6),  # 生产矿山数 by mineral, with units and output
    ],
)
def test_other_tables_fit_below_threshold(plans: dict[str, ParsedPlan], region: str, number: int) -> None:
    plan = plans[region]
    box = plan.boxes[[b.number for b in plan.boxes].index(number)]
    layout, ctx = build_layout(box), context_of(plan)
    assert BlockSummaries().fit(layout, ctx) < 0.3
    assert RightsCounts().fit(layout, ctx) < 0.3
