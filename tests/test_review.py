"""The review rules, each on a small plan written for it (tests/review_docs.py): what fires, what must not.

One county plan (策勒县) holds a case of every plan rule and a near miss beside
it; a prefecture plan (和田地区, its parent) holds what the county must comply with.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_plans
from review_docs import plan, table
from sqlalchemy import Engine, create_engine, text

COUNTY = (
    "一、现状\n（一）矿山\n"
    "全县现有采矿权20家（生产12家、停产9家），登记面积5.1平方千米。开采矿种3个，其中金属矿山2家，非金属矿山21家。\n"
    "全县现有矿山59处。其中铅锌矿1处，建筑用砂49处，砖瓦用粘土矿9处；其中生产矿区42处；基建矿区5处；"
    "多年停采矿区12处。\n",
    table(
        1,
        "采矿权现状统计汇总表",
        [
            ["序号", "矿种", "个数", "面积（平方千米）"],
            ["1", "砖瓦用页岩", "2", "0.5"],
            ["2", "建筑用砂", "3", "1.0"],
            ["", "合计", "5", "1.5"],
        ],
    ),
    "（二）资源\n主要矿产资源储量见专栏2。\n",
    table(
        2,
        "主要矿产资源储量表",
        [
            ["序号", "矿种", "资源储量单位", "矿区数", "保有资源量", "累计查明资源量"],
            ["1", "镓矿", "金属量 吨", "1", "534.8", "534.8"],
        ],
    ),
    "（三）勘查\n十三五期间勘查成果见专栏3。\n",
    table(
        3,
        "“十三五”期间矿产资源勘查完成情况",
        [
            ["序号", "矿种", "单位", "目标值", "新增值", "完成率%"],
            ["1", "镓矿", "金属量 万吨", "/", "534.8", ""],
            ["2", "新发现矿产地", "处", "10", "12", "120.6"],
            ["3", "铅矿", "金属量 万吨", "5", "58.1", "1161.6"],
        ],
    ),
    "二、布局\n（一）集中开采区\n划定集中开采区2个（专栏4）。\n",
    table(
        4,
        "砂石料、砖瓦用页岩矿集中开采规划区",
        [
            [
                "序号",
                "编号",
                "名称",
                "所在行政区",
                "面积（平方千米）",
                "矿种",
                "已设采矿权数量",
                "开采规划区块数量",
            ],
            ["1", "CS001", "策勒县砖瓦用页岩矿集中开采区", "策勒县", "6.29", "砖瓦用页岩", "8", "13"],
            ["2", "CS002", "策勒县砂石料矿集中开采区", "策勒县", "13.5", "建筑用砂", "0", "12"],
        ],
    ),
    "（二）采矿权数量\n设置开采规划区块26个（其中建筑用砂11个、砖瓦用页岩13个）。\n",
    "（三）开采规划区块\n本轮规划设置开采规划区块10个，面积5.0平方千米（专栏5）。\n"
    "自治区负责开采规划区块3个，面积1.0平方千米；县级负责开采规划区块6个，面积3.0平方千米。\n",
    table(
        5,
        "开采区块汇总",
        [
            ["矿种", "开采区块类型"],
            ["", "已有开采区块", "规划开采区块"],
            ["", "个数", "面积（平方千米）", "个数", "面积（平方千米）"],
            ["建筑用砂", "4", "1.2", "6", "3.0"],
            ["砖瓦用粘土", "2", "0.8", "4", "2.0"],
            ["合计", "6", "2.0", "10", "5.0"],
        ],
    ),
    "（四）规模\n新建矿山最低开采规模见专栏6，开采总量见专栏7。\n",
    table(
        6,
        "主要矿种最低开采规模",
        [
            ["矿产名称", "单位/年", "大型", "中型", "小型", "最低服务年限"],
            ["石膏", "矿石万吨", "20", "10", "3", "10"],
            ["建筑用砂", "万立方米", "30", "13", "10", ""],
        ],
    ),
    table(
        7,
        "2025年重点矿种年开采总量主要规划目标",
        [["序号", "指标名称", "单位", "规划目标", "指标属性"], ["1", "石膏", "矿石 万吨", "150", "预期性"]],
    ),
)

PREFECTURE = (
    "一、布局\n（一）重点开采区\n划定重点开采区1个（专栏1）。\n",
    table(
        1,
        "重点开采区",
        [
            ["序号", "编号", "名称", "所在行政区", "面积（平方千米）", "主要矿产"],
            ["1", "KZ01", "博斯坦石灰岩重点开采区", "策勒县", "12.6", "水泥用灰岩"],
        ],
    ),
    "（二）规模\n最低开采规模见专栏2，开采总量见专栏3。\n",
    table(
        2,
        "重点矿种最低开采设计规模",
        [
            ["矿产名称", "单位/年", "大型", "中型", "小型", "最低服务年限"],
            ["石膏", "矿石万吨", "30", "20", "5", "10"],
            ["建筑用砂", "万立方米", "30", "13", "10", ""],
        ],
    ),
    table(
        3,
        "2025年主要矿产开采总量规划目标",
        [["序号", "指标名称", "单位", "规划目标", "指标属性"], ["1", "石膏", "矿石 万吨", "100", "预期性"]],
    ),
)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("review")
    files = [plan(folder, "策勒县", *COUNTY), plan(folder, "和田地区", *PREFECTURE)]
    return load_plans(create_engine(f"sqlite:///{folder / 'plans.db'}"), files)


def _findings(engine: Engine, kind: str) -> list[dict]:
    sql = (
        "SELECT p.region, b.number AS box, f.row, ob.number AS other_box, f.other_row, o.region AS other, "
        "f.subject, f.expected, f.actual, f.message, f.quote, f.other_quote FROM finding f "
        "JOIN plan p ON p.plan_id = f.plan_id LEFT JOIN plan o ON o.plan_id = f.other_plan_id "
        "LEFT JOIN box b ON b.box_id = f.box_id LEFT JOIN box ob ON ob.box_id = f.other_box_id "
        "WHERE f.kind = :kind ORDER BY f.finding_id"
    )
    with engine.connect() as con:
        return [dict(r._mapping) for r in con.execute(text(sql), {"kind": kind})]


def _values(engine: Engine, kind: str) -> list[tuple]:
    return [(f["subject"], f["expected"], f["actual"]) for f in _findings(engine, kind)]


def test_sentence_parts_against_the_total_they_break_down(reviewed: Engine) -> None:
    # 20家 against its bracket 12 + 9, and its 其中 list 2 + 21; 59处's two 其中 lists add up
    found = _findings(reviewed, "text_sum_mismatch")
    assert [(f["actual"], f["expected"]) for f in found] == [("20", "21"), ("20", "23")]
    assert "生产12家" in found[0]["quote"]
    assert "非金属矿山21家" in found[1]["other_quote"] and "采矿权20家" in found[1]["quote"]


def test_a_breakdown_against_the_box_its_paragraph_cites(reviewed: Engine) -> None:
    found = _findings(reviewed, "text_breakdown_mismatch")
    assert [(f["box"], f["expected"], f["actual"]) for f in found] == [(5, "10", "9"), (5, "5.0", "4.0")]
    assert "县级负责开采规划区块6个" in found[0]["other_quote"]


def test_a_count_in_the_text_against_a_column_of_the_box_before_it(reviewed: Engine) -> None:
    # 26 against 13 + 12; 建筑用砂 11 against its row's 12; 砖瓦用页岩 13 agrees
    assert _values(reviewed, "text_column_mismatch") == [
        ("开采规划区块数量", "25", "26"),
        ("开采规划区块数量: 建筑用砂", "12", "11"),
    ]


def test_zones_against_the_plans_summary_table(reviewed: Engine) -> None:
    # 砖瓦用页岩 zones hold 8 rights, 专栏1 counts 2; 建筑用砂 zones plan 12 blocks, 专栏5 plans 6;
    # 建筑用砂 zones hold 0 of 3 rights
    found = {
        (f["subject"], f["expected"], f["actual"], f["box"], f["other_box"], f["other_row"])
        for f in _findings(reviewed, "zone_summary_mismatch")
    }
    assert found == {("砖瓦用页岩", "2", "8", 4, 1, 1), ("建筑用砂", "6", "12", 4, 5, 3)}


def test_one_figure_printed_in_units_orders_of_magnitude_apart(reviewed: Engine) -> None:
    [finding] = _findings(reviewed, "unit_magnitude_conflict")
    assert (finding["subject"], finding["expected"], finding["actual"]) == (
        "镓",
        "534.8 金属量 万吨",
        "534.8 金属量 吨",
    )
    assert {finding["box"], finding["other_box"]} == {2, 3}


def test_a_printed_rate_against_its_numerator_over_its_denominator(reviewed: Engine) -> None:
    # 12 of 10 is 120.0, not 120.6; 58.1 of 5 is 1161..1163 within the rounding of 58.1
    assert _values(reviewed, "rate_mismatch") == [("新发现矿产地", "120.0", "120.6")]


def test_min_scale_below_the_upper_plans(reviewed: Engine) -> None:
    found = _findings(reviewed, "min_scale_below_upper")
    assert [(f["subject"], f["expected"], f["actual"]) for f in found] == [
        ("石膏 大型", "30 矿石万吨", "20 矿石万吨"),
        ("石膏 中型", "20 矿石万吨", "10 矿石万吨"),
        ("石膏 小型", "5 矿石万吨", "3 矿石万吨"),
    ]
    assert {(f["region"], f["box"], f["other"], f["other_box"]) for f in found} == {
        ("策勒县", 6, "和田地区", 2)
    }


def test_an_upper_plan_zone_missing_from_the_county_plan(reviewed: Engine) -> None:
    [finding] = _findings(reviewed, "upper_zone_missing")
    assert (finding["region"], finding["other"], finding["other_box"], finding["other_row"]) == (
        "策勒县",
        "和田地区",
        1,
        1,
    )
    assert finding["subject"] == "博斯坦石灰岩重点开采区"


def test_a_county_target_above_the_upper_plans(reviewed: Engine) -> None:
    assert _values(reviewed, "allotment_exceeded") == [("石膏", "100 矿石 万吨", "150 矿石 万吨")]


def test_every_finding_names_its_plan_and_quotes_what_it_compares(reviewed: Engine) -> None:
    with reviewed.connect() as con:
        unquoted = con.execute(text("SELECT kind FROM finding WHERE quote IS NULL AND other_quote IS NULL"))
        assert unquoted.all() == []


def test_rules_are_one_list_with_every_documented_kind() -> None:
    from pipeline.compare.rules import KINDS

    documented = (Path(__file__).parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    assert len(set(KINDS)) == len(KINDS)
    assert all(f"`{kind}`" in documented or f"{kind} (" in documented for kind in KINDS)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("3.5", "3.48", True), ("51.83", "51.82", False), ("1605.7", "1605.9", False), ("500", "300", False)],
)
def test_two_prints_of_a_figure_agree_at_the_coarser_precision(a: str, b: str, same: bool) -> None:
    from pipeline.compare.rounding import same_at_coarser_precision

    assert same_at_coarser_precision(float(a), a, float(b), b) is same
