"""Indicator records from the three bundled plans, checked against values read by hand from raw/."""

from __future__ import annotations

import pytest

from models.codes import BoxKind
from models.document import ParsedPlan
from models.records import Indicator
from parsers.interpret import fit


def _find(plan: ParsedPlan, box: int, name: str, **where: object) -> list[Indicator]:
    return [
        r
        for r in plan.records.indicators
        if r.box == box and r.name == name and all(getattr(r, k) == v for k, v in where.items())
    ]


def _one(plan: ParsedPlan, box: int, name: str, **where: object) -> Indicator:
    [record] = _find(plan, box, name, **where)
    return record


@pytest.mark.parametrize(
    ("region", "box", "name", "measure", "value", "value_si", "unit_si", "period"),
    [
        ("洛浦县", 3, "铁", "target", 100, 1e6, "t", "2016-2020"),
        ("洛浦县", 3, "石灰岩", "actual", 2239.48, 22394800, "t", "2016-2020"),
        ("洛浦县", 4, "建筑用砂", "actual", 510, 5.1e6, "m3", "2016-2020"),
        ("洛浦县", 4, "历史遗留矿山地质环境恢复治理面积", "actual", 22.1, 22.1, "km2", "2016-2020"),
        ("洛浦县", 5, "阿其克山一带非金属矿产资源专项调查", "target", 200, 200, "km2", "2021-2025"),
        ("洛浦县", 7, "砖瓦用粘土", "target", 200, 2e6, "m3", "2025"),  # annual: the target year
        ("和田地区", 7, "锂", "actual", 37.3, 373000, "t", "2016-2020"),
        ("和田地区", 9, "生态修复面积", "target", 1440, 14.4, "km2", "2016-2020"),
        ("和田地区", 10, "铍", "target", 1000, 1000, "t", "2021-2025"),  # new resources: the plan period
        ("和田地区", 11, "玉石", "target", 100, 100, "t", "2025"),
        ("和田地区", 20, "石灰岩", "target", 300, 3e6, "t", "2025"),
        ("和田地区", 20, "建筑用砂", "baseline", 1605.9, 16059000, "m3", "2020"),
        ("喀什地区", 7, "铜", "actual", 17.70, 177000, "t", "2016-2020"),
        ("喀什地区", 7, "普通萤石", "completion_rate", 190.0, 190.0, "%", "2016-2020"),
        ("喀什地区", 8, "天然气", "target", 500, 5e10, "m3", "2021-2025"),
        ("喀什地区", 9, "玉石", "target", 5000, 5000, "t", "2025"),
        ("喀什地区", 6, "1∶5 万区域地质矿产调查", "actual", 2400, 2400, "km2", "2016-2020"),
    ],
)
def test_values_units_and_periods(
    plans: dict[str, ParsedPlan],
    region: str,
    box: int,
    name: str,
    measure: str,
    value: float,
    value_si: float,
    unit_si: str,
    period: str,
) -> None:
    record = _one(plans[region], box, name, measure=measure)
    assert (record.value, record.unit_si, record.period) == (pytest.approx(value), unit_si, period)
    assert record.value_si == pytest.approx(value_si)


def test_comparators_and_ranges(plans: dict[str, ParsedPlan]) -> None:
    luopu, hotan, kashgar = plans["洛浦县"], plans["和田地区"], plans["喀什地区"]
    assert (_one(luopu, 8, "矿山总数").comparator, _one(luopu, 8, "矿山总数").value) == ("le", 50)
    ratio = _one(luopu, 8, "大中型矿山比例")
    assert (ratio.comparator, ratio.value, ratio.unit_si, ratio.attribute) == ("ge", 40, "%", "expected")
    region_count = _one(hotan, 7, "提供具有大型、超大型资源潜力的矿产集中区域", measure="target")
    assert (region_count.comparator, region_count.value, region_count.value_max) == ("range", 1, 2)
    share = _one(kashgar, 10, "主要有色金属共伴生矿产综合利用率提高比例")
    assert (share.comparator, share.value, share.value_max) == ("range", 2, 3)


def test_group_rows_give_their_children_a_group(plans: dict[str, ParsedPlan]) -> None:
    luopu = plans["洛浦县"]
    assert _one(luopu, 4, "石膏", measure="target").group_name == "主要矿产年开采量"
    assert _one(luopu, 4, "矿山数量", measure="actual").group_name == "矿山规模结构与绿色发展"
    assert _one(plans["和田地区"], 20, "砖瓦用粘土", measure="target").group_name == "年开采总量"


def test_sub_row_with_empty_leading_cells_belongs_to_the_row_above(plans: dict[str, ParsedPlan]) -> None:
    # 和田 专栏10: "| | 大、中型处 | 5～8 | 预期性" under 新发现矿产地 (处) 20
    record = _one(plans["和田地区"], 10, "大、中型")
    assert (record.group_name, record.unit, record.comparator, record.value, record.value_max) == (
        "新发现矿产地",
        "处",
        "range",
        5,
        8,
    )


def test_unit_in_the_name_and_missing_unit_cell(plans: dict[str, ParsedPlan]) -> None:
    # 喀什 专栏8: "新发现矿产地（处）" with an empty unit cell
    record = _one(plans["喀什地区"], 8, "新发现矿产地")
    assert (record.unit, record.unit_si, record.value, record.value_max) == ("处", "count", 5, 10)


def test_dash_and_slash_cells_give_rows_with_null_values(plans: dict[str, ParsedPlan]) -> None:
    manganese = _one(plans["和田地区"], 7, "锰", measure="target")
    assert (manganese.value_text, manganese.value) == ("-", None)
    vanadium = _one(plans["喀什地区"], 7, "钒矿", measure="target")
    assert (vanadium.value_text, vanadium.value, vanadium.mineral) == ("/", None, "钒")
    jade = _one(plans["和田地区"], 20, "玉石", measure="baseline")
    assert (jade.value_text, jade.value) == ("-", None)


def test_bases_are_never_mixed(plans: dict[str, ParsedPlan]) -> None:
    hotan = plans["和田地区"]
    assert _one(hotan, 10, "铜").basis == "metal"
    assert _one(hotan, 10, "锂").basis == "oxide"
    assert _one(hotan, 11, "铁").basis == "ore"
    assert _one(plans["洛浦县"], 3, "铁", measure="target").basis == "ore"


def test_attribute_from_remark_column_and_merged_attribute_cells(plans: dict[str, ParsedPlan]) -> None:
    assert _one(plans["和田地区"], 8, "煤", measure="actual").attribute == "expected"  # 备注: 预期性
    # 和田 专栏20: 属性 printed once, merged down the column
    assert {r.attribute for r in plans["和田地区"].records.indicators if r.box == 20} == {"expected"}
    assert _one(plans["洛浦县"], 3, "铁", measure="target").attribute is None


def test_production_table_gives_one_metric_per_column(plans: dict[str, ParsedPlan]) -> None:
    # 和田 专栏6: 生产矿山数（个） | 矿石量单位 | 矿石量 | 矿业产值（万元）, 2020 figures
    sand = {r.metric: r for r in _find(plans["和田地区"], 6, "建筑用砂")}
    assert set(sand) == {"生产矿山数", "矿石量", "矿业产值"}
    assert (sand["矿石量"].value, sand["矿石量"].unit, sand["矿石量"].period) == (1605.7, "万立方米", "2020")
    assert sand["矿业产值"].value_si == pytest.approx(314239400)
    assert {r.measure for r in sand.values()} == {"actual"}


def test_mineral_names_map_to_the_vocabulary(plans: dict[str, ParsedPlan]) -> None:
    kashgar = plans["喀什地区"]
    assert _one(kashgar, 9, "煤炭").mineral == "煤"
    assert _one(kashgar, 9, "水泥用石灰岩").mineral == "水泥用灰岩"
    assert _one(kashgar, 7, "铁矿", measure="target").mineral == "铁"
    assert _one(plans["洛浦县"], 8, "矿山总数").mineral is None


def test_indicator_counts_per_box(plans: dict[str, ParsedPlan]) -> None:
    def count(region: str, box: int) -> int:
        return sum(1 for r in plans[region].records.indicators if r.box == box)

    assert [count("洛浦县", n) for n in range(3, 9)] == [6, 14, 1, 5, 4, 2]
    assert [count("和田地区", n) for n in (6, 7, 8, 9, 10, 11, 12, 20)] == [21, 12, 16, 4, 15, 13, 4, 12]
    assert [count("喀什地区", n) for n in (6, 7, 8, 9, 10, 19)] == [18, 48, 12, 15, 6, 16]


def test_a_table_of_another_interpreters_figures_does_not_fit_as_indicators(
    plans: dict[str, ParsedPlan],
) -> None:
    """Block and rights tables (and zone tables) hold counts and areas under roles of their own: the
    indicator interpreter gives them no fit at all, not the threshold it used to score on each."""
    others = {BoxKind.BLOCK_SUMMARY, BoxKind.RIGHTS_COUNT, BoxKind.ZONE}
    boxes = [box for plan in plans.values() for box in plan.boxes if box.kind in others]
    assert len(boxes) >= 10
    assert {box.scores["indicator"] for box in boxes} == {fit.NO_FIT}
    assert all(max(box.scores.values()) > fit.MIN_FIT for box in boxes)


def test_counts_in_an_indicator_table_are_still_its_values(plans: dict[str, ParsedPlan]) -> None:
    """和田 专栏6 prints 生产矿山数 (a count role) beside 矿石量: the count is an indicator value."""
    mines = _one(plans["和田地区"], 6, "建筑用砂", metric="生产矿山数")
    assert (mines.value, mines.unit, mines.measure) == (105, "个", "actual")
    [box] = [box for box in plans["和田地区"].boxes if box.number == 6]
    assert box.kind == BoxKind.INDICATOR and box.scores["indicator"] > fit.MIN_FIT
