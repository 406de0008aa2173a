"""Zone interpreters (zone tables and ①② prose boxes) against facts read by hand from raw/."""

from __future__ import annotations

import pytest

from models.document import ParsedPlan
from models.records import Zone
from parsers.interpret.layout import build_layout
from parsers.interpret.prose_zones import ProseZones
from parsers.interpret.registry import context_of
from parsers.interpret.zones import ZoneTable, area_km2
from parsers.words.lexicon import level_of, zone_type_of


def zones(plans: dict[str, ParsedPlan], region: str, box: int) -> list[Zone]:
    return [z for z in plans[region].records.zones if z.box == box]


def zone(plans: dict[str, ParsedPlan], region: str, box: int, name: str) -> Zone:
    return next(z for z in zones(plans, region, box) if z.name == name)


def minerals(z: Zone) -> list[str]:
    return [m.mineral_text for m in z.minerals]


@pytest.mark.parametrize(
    ("region", "box", "count"),
    [
        ("洛浦县", 9, 1),
        ("洛浦县", 10, 1),
        ("洛浦县", 13, 4),
        ("和田地区", 13, 3),
        ("和田地区", 15, 2),
        ("和田地区", 16, 17),
        ("和田地区", 23, 38),
        ("喀什地区", 11, 4),
        ("喀什地区", 12, 6),
        ("喀什地区", 13, 10),
        ("喀什地区", 14, 9),
        ("喀什地区", 15, 16),
        ("喀什地区", 18, 14),
    ],
)
def test_zone_boxes_and_counts(plans: dict[str, ParsedPlan], region: str, box: int, count: int) -> None:
    (found,) = [b for b in plans[region].boxes if b.number == box]
    assert found.kind == "zone"
    assert len(zones(plans, region, box)) == count


def test_luopu_box9_key_exploration(plans: dict[str, ParsedPlan]) -> None:
    (z,) = zones(plans, "洛浦县", 9)
    assert (z.name, z.zone_type, z.area_km2) == (
        "新疆洛浦阿其克一带灰岩、石膏、粘土重点勘查区",
        "key_exploration",
        360.0,
    )
    assert minerals(z) == ["水泥用灰岩", "水泥配料用粘土", "石膏"]
    assert (z.region, z.note, z.area_text, z.row) == ("洛浦县", "和田地区", "360.00", 1)


def test_luopu_box10_key_mining(plans: dict[str, ParsedPlan]) -> None:
    (z,) = zones(plans, "洛浦县", 10)
    assert (z.zone_type, z.area_km2) == ("key_mining", 360.0)


def test_luopu_box13_concentrated_mining(plans: dict[str, ParsedPlan]) -> None:
    assert {(z.name, z.zone_type, z.area_km2) for z in zones(plans, "洛浦县", 13)} == {
        ("洛浦县工业园区南园区建筑用砂集中开采区", "concentrated_mining", 44.0),
        ("阿其克乡一号粘土矿集中开采区", "concentrated_mining", 51.83),
        ("阿其克乡二号粘土矿集中开采区", "concentrated_mining", 3.5),
        ("洛浦县风成沙集中开采区", "concentrated_mining", 21.55),
    }


def test_hotan_box13_development_areas_without_area(plans: dict[str, ParsedPlan]) -> None:
    found = zones(plans, "和田地区", 13)
    assert [z.name for z in found] == [
        "和田地区能源资源勘查开发产业带",
        "和田地区黑色、有色及稀有金属勘查开发区",
        "和田地区黑色、有色、稀有及非金属勘查开发区",
    ]
    assert {z.zone_type for z in found} == {"development_area"}
    assert all(z.area_km2 is None for z in found)


def test_hotan_box15_energy_bases(plans: dict[str, ParsedPlan]) -> None:
    first, second = zones(plans, "和田地区", 15)
    assert (first.name, first.zone_type, first.area_km2) == (
        "塔里木盆地和田油气能源资源基地",
        "energy_base",
        4697.9,
    )
    assert [(m.mineral, m.mineral_text) for m in first.minerals] == [("石油", "油"), ("天然气", "气")]
    assert (second.name, second.area_km2) == ("塔里木盆地塔中油气能源资源基地", 3807.0)


def test_hotan_box16_levels(plans: dict[str, ParsedPlan]) -> None:
    levels = [z.level for z in zones(plans, "和田地区", 16)]
    assert (levels.count("national"), levels.count("province"), levels.count("prefecture")) == (4, 1, 12)


def test_hotan_box16_items(plans: dict[str, ParsedPlan]) -> None:
    first = zone(plans, "和田地区", 16, "民丰黄羊岭锑矿重点勘查区")
    assert (first.zone_type, first.level, first.area_km2, minerals(first)) == (
        "key_exploration",
        "national",
        267.9,
        ["锑", "金"],
    )
    province = zone(plans, "和田地区", 16, "昆仑山北缘煤炭重点勘查区（和田境内）")
    assert (province.level, province.area_km2, minerals(province)) == ("province", 3426.0, ["煤"])
    # "⑥ 新疆和田火烧云铅锌矿勘查区": numeral and the space after it dropped
    assert zone(plans, "和田地区", 16, "新疆和田火烧云铅锌矿勘查区").area_km2 == 6714.0
    last = zones(plans, "和田地区", 16)[-1]
    assert (last.name, last.level, last.area_km2) == ("西昆仑岔路口-甜水海重点勘查区", "prefecture", 2307.4)


def test_hotan_box23_concentrated_mining(plans: dict[str, ParsedPlan]) -> None:
    found = zones(plans, "和田地区", 23)
    assert {z.zone_type for z in found} == {"concentrated_mining"}
    first = found[0]
    assert (first.name, first.region, first.area_km2, minerals(first)) == (
        "和田县奴隧7号砂石土类集中开采区",
        "和田县",
        3.07,
        ["建筑用砂"],
    )
    jade = zone(plans, "和田地区", 23, "ⅤBS籽料集中开采区")  # region printed "-"
    assert (jade.region, jade.area_km2, minerals(jade)) == (None, 36.34, ["玉石"])
    assert zone(plans, "和田地区", 23, "于田县集中开采分区").zone_type == "concentrated_mining"


def test_kashgar_box11_names_in_second_column(plans: dict[str, ParsedPlan]) -> None:
    found = zones(plans, "喀什地区", 11)
    assert [z.name for z in found][:2] == [
        "塔里木盆地西南坳陷能源资源勘查开发区",
        "西南天山黑色有色金属勘查开发产业带",
    ]
    assert {z.zone_type for z in found} == {"development_area"}
    assert found[1].region == "伽师县、巴楚县"
    assert minerals(found[0])[:2] == ["石油", "天然气"]


def test_kashgar_box12_economic_zones(plans: dict[str, ParsedPlan]) -> None:
    z = zone(plans, "喀什地区", 12, "叶城县黑色、有色金属、玉石矿业经济区")
    assert (z.zone_type, z.region, z.area_km2) == ("economic_zone", "莎车县、叶城县", 11582.4)
    assert minerals(z) == ["铁", "铅", "锌", "铜", "玉石"]
    assert z.note is not None and z.note.startswith("利用区内丰富的铁")


def test_kashgar_box13_types_levels_codes(plans: dict[str, ParsedPlan]) -> None:
    by_code = {z.code: z for z in zones(plans, "喀什地区", 13)}
    assert (by_code["GK012"].zone_type, by_code["GK012"].level, by_code["GK012"].area_km2) == (
        "national_planning_area",
        "national",
        925.1,
    )
    assert by_code["GK013"].level == "national"  # 级别 cell merged down
    assert (by_code["ZB005"].zone_type, by_code["ZB005"].level, by_code["ZB005"].area_km2) == (
        "strategic_reserve",
        "province",
        13.0,
    )
    assert (by_code["KZ048"].name, by_code["KZ048"].zone_type) == (
        "昆仑山北缘煤炭重点勘查区",
        "key_exploration",
    )
    assert (by_code["CZ075"].zone_type, by_code["CZ075"].level) == ("key_mining", "province")


def test_kashgar_box14_rights_and_planned(plans: dict[str, ParsedPlan]) -> None:
    by_code = {z.code: z for z in zones(plans, "喀什地区", 14)}
    kz003 = by_code["KZ003"]
    assert (kz003.name, kz003.region, kz003.area_km2) == (
        "鱼跃石－鸡冠石一带铅锌多金属勘查区",
        "叶城县",
        1917.7,
    )
    assert (kz003.existing_rights, kz003.planned_blocks, kz003.zone_type) == (2, 38, "key_exploration")
    assert [(m.mineral, m.mineral_text) for m in by_code["KZ001"].minerals] == [
        ("钒", "钒矿"),
        ("铁", "铁矿"),
        ("稀土", "稀土矿"),
    ]
    assert by_code["KZ001"].note is None and by_code["KZ001"].level is None


def test_kashgar_box15_key_mining(plans: dict[str, ParsedPlan]) -> None:
    by_code = {z.code: z for z in zones(plans, "喀什地区", 15)}
    assert {z.zone_type for z in by_code.values()} == {"key_mining"}
    cz005 = by_code["CZ005"]  # "塔什库尔干县大同玉石矿区": the type comes from the box title
    assert (cz005.name, cz005.existing_rights, cz005.planned_blocks) == ("塔什库尔干县大同玉石矿区", 1, 7)
    assert (by_code["CZ007"].planned_blocks, by_code["CZ016"].area_km2) == (0, 5.5)


def test_kashgar_box18_min_scale(plans: dict[str, ParsedPlan]) -> None:
    by_code = {z.code: z for z in zones(plans, "喀什地区", 18)}
    cs008 = by_code["CS008"]
    assert (cs008.name, cs008.area_km2, cs008.existing_rights, cs008.planned_blocks) == (
        "莎车县砂石料矿集中开采区",
        620.7006,
        6,
        42,
    )
    assert (cs008.min_scale_text, cs008.zone_type, minerals(cs008)) == (
        "10万立方米",
        "concentrated_mining",
        ["建筑用砂"],
    )
    assert by_code["CS014"].name == "疏附县工业园区砂石土集中开采区"  # after three blank lines


@pytest.mark.parametrize(
    ("region", "box"),
    [("洛浦县", 7), ("洛浦县", 12), ("和田地区", 14), ("和田地区", 17), ("喀什地区", 16), ("喀什地区", 19)],
)
def test_not_zone_tables_fit_low(plans: dict[str, ParsedPlan], region: str, box: int) -> None:
    """An indicator box, block tables whose titles say 开采区块/规划区块, prose without zones."""
    plan = plans[region]
    (found,) = [b for b in plan.boxes if b.number == box]
    layout, ctx = build_layout(found), context_of(plan)
    assert ZoneTable().fit(layout, ctx) < 0.3
    assert ProseZones().fit(layout, ctx) < 0.3


def test_vocabulary_helpers() -> None:
    assert zone_type_of("于田县集中开采分区") == "concentrated_mining"
    assert zone_type_of("规划矿区") == "national_planning_area"
    assert zone_type_of("塔什库尔干县大同玉石矿区") is None
    assert level_of("自治区\n规划区") == "province"
    assert level_of("地区级") == "prefecture"
    assert area_km2("50", "公顷") == 0.5
    assert area_km2("267.9平方千米") == 267.9
    assert area_km2("360.00") is None
