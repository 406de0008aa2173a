"""Minimum mining scales, reserves and projects of the bundled plans; every value read by hand from raw/."""

from __future__ import annotations

from typing import Any

import pytest

from models.document import ParsedPlan
from models.records import MinScale, Project, Reserve
from parsers.interpret.layout import build_layout
from parsers.interpret.projects import ProseProjects, TableProjects, category_of, years
from parsers.interpret.registry import context_of
from parsers.interpret.reserves import Reserves
from parsers.interpret.scales import MinScales, split_name, split_unit

Record = MinScale | Reserve | Project
LUOPU, HOTAN, KASHGAR = "洛浦县", "和田地区", "喀什地区"


def _box_records(plan: ParsedPlan, number: int) -> list[Record]:
    found = [*plan.records.min_scales, *plan.records.reserves, *plan.records.projects]
    return [r for r in found if r.box == number]


def _one(plan: ParsedPlan, number: int, **fields: Any) -> Record:
    matches = [r for r in _box_records(plan, number) if all(getattr(r, k) == v for k, v in fields.items())]
    assert len(matches) == 1, matches
    return matches[0]


def _scale(plan: ParsedPlan, number: int, mineral_text: str, variant: str | None) -> tuple[Any, ...]:
    record = _one(plan, number, mineral_text=mineral_text, variant=variant)
    assert isinstance(record, MinScale)
    return record.large, record.medium, record.small, record.min_service_years


@pytest.mark.parametrize(
    ("region", "number", "kind", "n_records"),
    [
        (LUOPU, 14, "min_scale", 12),  # 10 rows; 铁 and 石灰岩 give two variants each
        (HOTAN, 21, "min_scale", 26),  # 22 rows; 铁, 金（岩金）, 石灰岩, 石墨 give two each
        (KASHGAR, 20, "min_scale", 28),  # 25 rows; 煤, 铁, 金（岩金） give two each
        (LUOPU, 2, "reserve", 5),
        (HOTAN, 4, "reserve", 22),  # 序号 1-23 without 13 (not printed)
        (KASHGAR, 3, "reserve", 29),  # 25 minerals + 4 continuation rows (伴生铜, 伴生银, 萤石, 建筑用灰岩)
        (LUOPU, 15, "project", 1),
        (LUOPU, 16, "project", 1),
        (LUOPU, 17, "project", 1),
        (HOTAN, 17, "project", 5),  # ①…⑤ in one cell
        (HOTAN, 19, "project", 4),  # ①…④, each with a description paragraph
    ],
)
def test_kind_and_record_count_per_box(
    plans: dict[str, ParsedPlan], region: str, number: int, kind: str, n_records: int
) -> None:
    plan = plans[region]
    assert plan.boxes[[b.number for b in plan.boxes].index(number)].kind == kind
    assert len(_box_records(plan, number)) == n_records


# --- min_scale -------------------------------------------------------------------------------------


def test_luopu_14_golden(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[LUOPU]
    assert _scale(plan, 14, "铅", None) == (100, 30, 10, 15)
    assert _scale(plan, 14, "铁", "露天开采") == (200, 60, 30, 10)
    assert _scale(plan, 14, "建筑用砂", None) == (30, 13, 10, None)


def test_luopu_14_variants(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[LUOPU]
    assert _scale(plan, 14, "铁", "地下开采") == (100, 30, 10, 10)  # 100/200 30/60 10/30 | 10
    assert _scale(plan, 14, "石灰岩", "水泥用") == (100, 50, None, 10)  # 100/100 50/50 - | 10
    assert _scale(plan, 14, "石灰岩", "其他") == (100, 50, None, 10)
    assert _scale(plan, 14, "煤", "地下开采") == (120, 45, 30, None)  # 煤（地下开采）: its own row
    assert _scale(plan, 14, "煤", "露天开采") == (400, 100, None, None)


def test_luopu_14_provenance_and_texts(plans: dict[str, ParsedPlan]) -> None:
    iron = _one(plans[LUOPU], 14, mineral_text="铁", variant="露天开采")
    assert (iron.row, iron.mineral, iron.unit, iron.large_text) == (3, "铁", "矿石万吨", "200")
    sand = _one(plans[LUOPU], 14, mineral_text="建筑用砂")
    assert (sand.unit, sand.service_text) == ("万立方米", "-")


def test_hotan_21_variants(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[HOTAN]
    assert _scale(plan, 21, "煤", "地下开采") == (120, 45, 30, None)
    assert _scale(plan, 21, "铁", "地下开采") == (100, 30, 10, 10)
    assert _scale(plan, 21, "铁", "露天开采") == (200, 60, 30, 10)
    assert _scale(plan, 21, "金（岩金）", "地下开采") == (15, 6, 3, 10)  # 15/15 6/9 3/-
    assert _scale(plan, 21, "金（岩金）", "露天开采") == (15, 9, None, 10)
    assert _scale(plan, 21, "石灰岩", "水泥用") == (100, 50, None, 10)
    assert _scale(plan, 21, "石灰岩", "其他") == (100, 50, None, 10)
    assert _scale(plan, 21, "石墨", "晶质") == (1, 0.6, 0.3, None)  # 1/10 0.6/8 0.3/5
    assert _scale(plan, 21, "石墨", "隐晶质") == (10, 8, 5, None)


def test_hotan_21_slashed_unit_and_texts(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[HOTAN]
    assert _one(plan, 21, mineral_text="石墨", variant="晶质").unit == "矿物万吨"  # 矿物/矿石万吨
    assert _one(plan, 21, mineral_text="石墨", variant="隐晶质").unit == "矿石万吨"
    gold = _one(plan, 21, mineral_text="金（岩金）", variant="露天开采")
    assert (gold.mineral, gold.small_text, gold.medium_text) == ("金", "-", "9")


def test_hotan_21_brackets_that_are_not_variants(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[HOTAN]
    assert _scale(plan, 21, "硼（B2O3）", None) == (None, None, 5, None)
    assert _one(plan, 21, mineral_text="硼（B2O3）").mineral == "硼"
    assert _one(plan, 21, mineral_text="冶金、水泥用石英砂").mineral is None  # two minerals in one name


def test_kashgar_20_variants(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[KASHGAR]
    assert _scale(plan, 20, "煤", "地下开采") == (120, None, None, 10)  # 120/400 | - | - | 10年
    assert _scale(plan, 20, "煤", "露天开采") == (400, None, None, 10)
    assert _scale(plan, 20, "铁", "地下开采") == (100, 30, 10, 10)
    assert _scale(plan, 20, "铁", "露天开采") == (200, 60, 30, 10)
    # 金（岩金）（地下/露天开采）: 开采 printed once, shared by both pieces
    assert _scale(plan, 20, "金（岩金）", "地下开采") == (15, 6, 3, 10)
    assert _scale(plan, 20, "金（岩金）", "露天开采") == (15, 9, None, 10)


def test_kashgar_20_notes_years_and_plain_brackets(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[KASHGAR]
    coal = _one(plan, 20, mineral_text="煤", variant="露天开采")
    assert (coal.note, coal.service_text, coal.unit) == ("我区按90万吨", "10年", "原煤万吨")
    assert _scale(plan, 20, "萤石（CaF2）", None) == (10, 8, 3, 10)
    assert _scale(plan, 20, "地热(热水)", None) == (20, 10, 5, 10)
    assert _scale(plan, 20, "砖瓦用页岩（粘土）", None) == (30, 10, None, 5)
    assert _one(plan, 20, mineral_text="玉石").unit == "矿石 吨"


def test_split_name_and_unit() -> None:
    assert split_name("金（岩金）（地下开采/露天开采）") == ("金（岩金）", ["地下开采", "露天开采"])
    assert split_name("煤（地下开采）") == ("煤", ["地下开采"])
    assert split_name("萤石（CaF2）") == ("萤石（CaF2）", [None])
    assert split_unit("矿物/矿石万吨", 2) == ["矿物万吨", "矿石万吨"]
    assert split_unit("万吨/年", 2) == ["万吨/年", "万吨/年"]


# --- reserve ---------------------------------------------------------------------------------------


def test_luopu_2_single_resource_column(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[LUOPU]
    gold = _one(plan, 2, mineral_text="砂金")
    assert (gold.retained, gold.retained_si, gold.unit_si, gold.basis) == (2596.5, 2.5965, "t", "metal")
    assert (gold.cumulative, gold.deposits, gold.unit) == (None, None, "金属量 千克")
    limestone = _one(plan, 2, mineral_text="石灰岩")
    assert (limestone.retained, limestone.retained_si, limestone.basis) == (3385.15, 33851500.0, "ore")
    assert _one(plan, 2, mineral_text="铅").retained_si == 250.0  # 0.025 金属量 万吨


def test_hotan_4_units_name_the_basis(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[HOTAN]
    copper = _one(plan, 4, mineral_text="铜")
    assert (copper.unit, copper.basis, copper.deposits, copper.retained, copper.cumulative) == (
        "铜,万吨",
        "metal",
        5,
        1222.2,
        1222.2,
    )
    lithium = _one(plan, 4, mineral_text="锂")
    assert (lithium.basis, lithium.retained, lithium.unit_si) == ("oxide", 5806.6, "t")
    jade = _one(plan, 4, mineral_text="玉石")
    assert (jade.deposits, jade.retained, jade.cumulative, jade.basis) == (13, 2300.8, 33306.1, "ore")
    sand = _one(plan, 4, mineral_text="建筑用砂")
    assert (sand.deposits, sand.retained_si, sand.unit_si) == (120, 107266000.0, "m3")
    assert sand.row == 20  # 2 header rows; 序号 13 is not printed


def test_kashgar_3_qualified_counts_and_continuations(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[KASHGAR]
    copper = _one(plan, 3, mineral_text="铜矿", variant="非伴生矿")
    assert (copper.deposits, copper.retained, copper.cumulative, copper.basis) == (17, 194.7, 253.0, "metal")
    byproduct = _one(plan, 3, mineral_text="铜矿", variant="伴生铜")  # empty 序号 and 矿产名称 cells
    assert (byproduct.deposits, byproduct.retained, byproduct.cumulative, byproduct.row) == (3, 1.6, 39.7, 7)
    assert byproduct.mineral == "铜"
    vanadium = _one(plan, 3, mineral_text="钒矿")
    assert (vanadium.variant, vanadium.deposits) == ("伴生", 3)
    tungsten = _one(plan, 3, mineral_text="钨矿")
    assert (tungsten.variant, tungsten.deposits, tungsten.basis) == ("原生矿", 1, "oxide")  # WO3 吨
    assert _one(plan, 3, mineral_text="钛矿").basis == "oxide"  # TiO2 千吨
    building = _one(plan, 3, mineral_text="灰岩", variant="建筑用灰岩")
    assert (building.deposits, building.retained_si, building.unit_si) == (1, 1474900.0, "m3")
    assert _one(plan, 3, mineral_text="灰岩", variant="水泥用灰岩").deposits == 13
    assert _one(plan, 3, mineral_text="银矿", variant="伴生银").retained == 731.7
    fluorite = _one(plan, 3, mineral_text="普通萤石", retained=23.9)  # continuation row with a bare "1"
    assert (fluorite.variant, fluorite.deposits) == (None, 1)


def test_kashgar_3_power_of_ten_and_kilograms(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[KASHGAR]
    heat = _one(plan, 3, mineral_text="地热")
    assert (heat.retained, heat.retained_si, heat.unit_si, heat.retained_text) == (
        1.996e12,
        1.996e12,
        "MJ",
        "19.96×1011",
    )
    gold = _one(plan, 3, mineral_text="金矿")
    assert (gold.variant, gold.deposits, gold.retained_si) == ("伴生金", 3, 1.7985)  # 1798.5 金属量 千克


# --- project ---------------------------------------------------------------------------------------


def test_luopu_table_projects(plans: dict[str, ParsedPlan]) -> None:
    plan = plans[LUOPU]
    survey = _one(plan, 15, name="洛浦县阿其克山一带非金属矿产资源调查评价")
    assert (survey.start_year, survey.end_year, survey.category) == (2022, 2024, "survey")
    assert survey.mineral is None  # 非金属 names no mineral
    repair = _one(plan, 16, name="洛浦县苏尕库木铁路两侧500米历史遗留破坏区地质环境恢复治理")
    assert (repair.start_year, repair.end_year, repair.category) == (2021, 2022, "restoration")
    green = _one(plan, 17, name="洛浦天山水泥有限责任公司洛浦石灰岩矿1区")
    assert (green.start_year, green.end_year, green.category) == (2025, 2025, "green_mine")
    assert (green.mineral, green.mineral_text, green.period_text) == ("石灰岩", "石灰岩", "2025")
    assert green.row == 1


def test_hotan_17_items_in_one_cell(plans: dict[str, ParsedPlan]) -> None:
    projects = _box_records(plans[HOTAN], 17)
    assert [p.name for p in projects] == [
        "和田县大红柳滩锂铍矿勘查",
        "和田县火烧云铜镍铅锌矿勘查",
        "民丰县黄羊岭一带锑矿勘查",
        "和田县布雅煤矿勘查",
        "皮山县杜瓦煤矿勘查",
    ]
    assert {p.category for p in projects} == {"exploration"}
    # a project naming several minerals has none of its own and lists them (record_mineral)
    assert [p.mineral for p in projects] == [None, None, "锑", "煤", "煤"]
    assert [[m.mineral for m in p.minerals] for p in projects[:2]] == [["锂", "铍"], ["铜", "镍", "铅锌"]]
    assert {(p.start_year, p.end_year) for p in projects} == {(None, None)}


def test_hotan_19_items_with_descriptions(plans: dict[str, ParsedPlan]) -> None:
    projects = _box_records(plans[HOTAN], 19)
    assert [p.name for p in projects] == [
        "和田县大红柳滩稀有金属矿矿山建设",
        "和田县火烧云铅锌矿矿山建设",
        "和田县布雅一号井90万吨/年改扩建项目",
        "民丰县黄羊岭一带的锑矿矿山建设",  # follows a description after spaces, printed with a trailing space
    ]
    assert {p.category for p in projects} == {"development"}
    assert [p.mineral for p in projects] == [None, "铅锌", None, "锑"]


def test_years_and_categories() -> None:
    assert years("2022-2024") == (2022, 2024)
    assert years("2025年") == (2025, 2025)
    assert years("近期") == (None, None)
    assert category_of("洛浦县绿色矿山建设重点项目") == "green_mine"  # not development (矿山建设)
    assert category_of("重点项目", "某某铜矿勘查") == "exploration"  # the title names none: the name decides
    assert category_of("重点项目") is None


# --- fit -------------------------------------------------------------------------------------------

_INTERPRETERS = (MinScales(), Reserves(), TableProjects(), ProseProjects())


@pytest.mark.parametrize(
    ("region", "number"),
    [
        (LUOPU, 3),  # indicator
        (HOTAN, 11),  # indicator
        (LUOPU, 9),  # zone table
        (KASHGAR, 18),  # zone table with a 最低开采规模 column
        (HOTAN, 16),  # prose zones (①… items, no header)
        (HOTAN, 14),  # descriptive prose
    ],
)
def test_no_fit_on_other_kinds(plans: dict[str, ParsedPlan], region: str, number: int) -> None:
    plan = plans[region]
    layout = build_layout(next(b for b in plan.boxes if b.number == number))
    for interpreter in _INTERPRETERS:
        assert interpreter.fit(layout, context_of(plan)) < 0.3, interpreter.name
