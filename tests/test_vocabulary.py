"""models.vocabulary: the mineral and region word lists load, validate and resolve printed names."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import raw_lines

from models.vocabulary import (
    MINERAL_CATEGORIES,
    REGION_LEVELS,
    Mineral,
    MineralVocabulary,
    Region,
    RegionVocabulary,
    minerals,
    regions,
)

# ---------------------------------------------------------------- minerals


def test_vocabularies_are_cached_singletons() -> None:
    assert minerals() is minerals()
    assert regions() is regions()


def test_mineral_records_are_frozen_and_categorized() -> None:
    everything = minerals().all()
    assert len(everything) > 100
    assert all(isinstance(m, Mineral) and m.category in MINERAL_CATEGORIES for m in everything)
    assert {m.category for m in everything} == set(MINERAL_CATEGORIES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        everything[0].name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("铁矿", "铁"),
        ("灰岩", "石灰岩"),
        ("石灰石", "石灰岩"),
        ("水泥用石灰岩", "水泥用灰岩"),
        ("建筑石料用石灰岩", "建筑石料用灰岩"),
        ("黏土", "粘土"),
        ("砖瓦用黏土", "砖瓦用粘土"),
        ("萤石(普通)", "萤石"),
        ("萤石（普通）", "萤石"),
        ("普通萤石", "萤石"),
        ("地下热水", "地热"),
        ("地热水", "地热"),
        ("地热(热水)", "地热"),
        ("和田玉", "玉石"),
        ("煤炭", "煤"),
        ("原油", "石油"),
        ("油气", "油气"),
        ("砂石料", "建筑用砂"),
        ("铅锌矿", "铅锌"),
        ("铬铁矿", "铬"),
        ("叶腊石", "叶蜡石"),
        (" 铜 矿 ", "铜"),  # spaces inside a cell
        ("铜矿。", "铜"),  # trailing list punctuation
        ("水泥用(建筑石料用)石灰岩", "水泥用灰岩"),
    ],
)
def test_canonical_resolves_printed_variants(printed: str, canonical: str) -> None:
    assert minerals().canonical(printed) == canonical


@pytest.mark.parametrize("text", ["", "矿产", "铜、铅", "新发现矿产地", "金属", "(普通)"])
def test_canonical_is_none_for_non_names(text: str) -> None:
    assert minerals().canonical(text) is None


def test_every_clay_name_has_its_variant_spelling() -> None:
    clays = [m for m in minerals().all() if "粘土" in m.name]
    assert len(clays) >= 3
    for clay in clays:
        assert minerals().canonical(clay.name.replace("粘", "黏")) == clay.name


def test_every_one_character_metal_has_its_ore_alias() -> None:
    metals = [m for m in minerals().all() if m.category == "metal" and len(m.name) == 1]
    assert len(metals) > 25
    for metal in metals:
        assert minerals().canonical(metal.name + "矿") == metal.name


def test_get_words_and_false_friends() -> None:
    vocabulary = minerals()
    iron = vocabulary.get("铁")
    assert iron is not None and (iron.category, iron.aliases[0]) == ("metal", "铁矿")
    assert vocabulary.get("铁矿") is None  # get() takes canonical names only
    words = vocabulary.words()
    assert {"铁", "铁矿", "石灰岩", "灰岩", "砂金"} <= set(words)
    assert len(words) == len(set(words))
    assert {"金属", "铁路", "砂岩型"} <= set(vocabulary.false_friends())
    assert not set(vocabulary.false_friends()) & set(words)


# 矿产资源分类细目 (矿产资源法实施细则, 1994), with 页岩气 (2011) and 天然气水合物 (2017)
OFFICIAL_CLASSIFICATION = {
    "energy": "煤 煤成气 石煤 油页岩 石油 天然气 页岩气 天然气水合物 油砂 天然沥青 铀 钍 地热",
    "metal": "铁 锰 铬 钒 钛 铜 铅 锌 铝土矿 镍 钴 钨 锡 铋 钼 汞 锑 镁 铂 钯 钌 锇 铱 铑 金 银 铌 钽 "
    "铍 锂 锆 锶 铷 铯 镧 铈 镨 钕 钐 铕 钇 钆 铽 镝 钬 铒 铥 镱 镥 钪 锗 镓 铟 铊 铪 铼 镉 硒 碲",
    "nonmetal": "金刚石 石墨 磷 自然硫 硫铁矿 钾盐 硼 水晶 刚玉 蓝晶石 硅线石 红柱石 硅灰石 钠硝石 "
    "滑石 石棉 蓝石棉 云母 长石 叶蜡石 透辉石 透闪石 蛭石 沸石 明矾石 芒硝 石膏 重晶石 毒重石 "
    "天然碱 方解石 冰洲石 菱镁矿 萤石 颜料矿物 石灰岩 泥灰岩 白垩 含钾岩石 白云岩 石英岩 砂岩 "
    "天然石英砂 脉石英 粉石英 天然油石 含钾砂页岩 硅藻土 页岩 高岭土 陶瓷土 耐火粘土 凹凸棒石粘土 "
    "海泡石粘土 伊利石粘土 累托石粘土 膨润土 铁矾土 其他粘土 橄榄岩 蛇纹岩 玄武岩 辉绿岩 安山岩 "
    "闪长岩 花岗岩 麦饭石 珍珠岩 黑曜岩 松脂岩 浮石 粗面岩 霞石正长岩 凝灰岩 火山灰 火山渣 大理岩 "
    "板岩 片麻岩 角闪岩 泥炭 矿盐 镁盐 碘 溴 砷",
    "gem": "宝石 黄玉 玉石 电气石 玛瑙 石榴子石",
    "water_gas": "地下水 矿泉水 二氧化碳气 硫化氢气 氦气 氡气",
}


def test_every_mineral_of_the_official_classification() -> None:
    names = [(name, category) for category, text in OFFICIAL_CLASSIFICATION.items() for name in text.split()]
    assert len(names) == 170
    for name, category in names:
        canonical = minerals().canonical(name)
        found = minerals().get(canonical or "")
        assert found is not None, name
        assert found.category == category or (name, found.name) in {("铝土矿", "铝"), ("煤成气", "煤层气")}


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("磷矿", "磷"),
        ("锡矿", "锡"),
        ("钛铁矿", "钛"),
        ("稀土矿", "稀土"),
        ("天然气", "天然气"),
        ("页岩气", "页岩气"),
        ("可燃冰", "天然气水合物"),
        ("瓷土", "陶瓷土"),
        ("膨润土", "膨润土"),
        ("碧玺", "电气石"),
        ("二氧化碳", "二氧化碳气"),
    ],
)
def test_minerals_other_provinces_print(printed: str, canonical: str) -> None:
    assert minerals().canonical(printed) == canonical


def test_mineral_vocabulary_rejects_inconsistent_data() -> None:
    iron = Mineral("铁", "metal", ("铁矿",))
    with pytest.raises(ValueError, match="names both"):
        MineralVocabulary([iron, Mineral("铁矿石", "metal", ("铁矿",))])
    with pytest.raises(ValueError, match="category"):
        MineralVocabulary([Mineral("铁", "ore", ())])
    with pytest.raises(ValueError, match="false friends"):
        MineralVocabulary([iron], false_friends=["铁矿"])


# ---------------------------------------------------------------- regions

# The county-level units with their GB/T 2260 codes.
COUNTIES = {
    "和田地区": {
        "和田市": "653201",
        "和田县": "653221",
        "墨玉县": "653222",
        "皮山县": "653223",
        "洛浦县": "653224",
        "策勒县": "653225",
        "于田县": "653226",
        "民丰县": "653227",
    },
    "喀什地区": {
        "喀什市": "653101",
        "疏附县": "653121",
        "疏勒县": "653122",
        "英吉沙县": "653123",
        "泽普县": "653124",
        "莎车县": "653125",
        "叶城县": "653126",
        "麦盖提县": "653127",
        "岳普湖县": "653128",
        "伽师县": "653129",
        "巴楚县": "653130",
        "塔什库尔干塔吉克自治县": "653131",
    },
}


def test_region_tree_and_codes() -> None:
    vocabulary = regions()
    china = vocabulary.get("中华人民共和国")
    assert china is not None and (china.level, china.parent, china.code) == ("national", None, "100000")
    assert china.short_names == ("中国", "全国")
    xinjiang = vocabulary.get("新疆维吾尔自治区")
    assert xinjiang is not None
    assert (xinjiang.level, xinjiang.parent, xinjiang.code, xinjiang.kind) == (
        "province",
        "中华人民共和国",
        "650000",
        "自治区",
    )
    assert xinjiang.short_names == ("新疆",)
    assert vocabulary.parent_of("新疆维吾尔自治区") == "中华人民共和国"
    for prefecture, counties in COUNTIES.items():
        above = vocabulary.get(prefecture)
        assert above is not None and above.code is not None
        assert (above.level, above.parent) == ("prefecture", "新疆维吾尔自治区")
        for county, code in counties.items():
            region = vocabulary.get(county)
            assert region is not None
            assert (region.level, region.parent, region.code) == ("county", prefecture, code)
            assert code[:4] == above.code[:4]
    assert vocabulary.parent_of("不存在县") is None


def test_every_region_of_china() -> None:
    """The whole national list (models/vocab/regions.csv, generated by models/vocab/build_regions.py)."""
    everything = regions().all()
    by_level = {level: [r for r in everything if r.level == level] for level in REGION_LEVELS}
    assert len(by_level["province"]) == 34  # with 台湾省, 香港 and 澳门
    assert len(by_level["prefecture"]) == 333
    assert len(by_level["county"]) == 2847
    assert all(r.code and len(r.code) == 6 for r in everything)
    assert len({r.code for r in everything}) == len(everything)
    for region in everything[1:]:
        parent = regions().by_code(region.parent_code or "")
        assert parent is not None and parent.name == region.parent
        assert REGION_LEVELS.index(parent.level) < REGION_LEVELS.index(region.level)
    kinds = {r.kind for r in by_level["county"]}
    assert {"县", "市", "区", "自治县", "旗", "自治旗", "林区", "特区"} <= kinds
    assert {"地区", "市", "自治州", "盟"} == {r.kind for r in by_level["prefecture"]}


@pytest.mark.parametrize(
    ("printed", "within", "full"),
    [
        ("楚雄州", None, "楚雄彝族自治州"),
        ("楚雄", "云南省", "楚雄彝族自治州"),
        ("楚雄", "楚雄彝族自治州", "楚雄市"),
        ("大理州", None, "大理白族自治州"),
        ("巴州", None, "巴音郭楞蒙古自治州"),  # the level word: not 巴州区 of 巴中市
        ("巴州", "巴中市", "巴州区"),
        ("克州", "新疆", "克孜勒苏柯尔克孜自治州"),
        ("凉山州", None, "凉山彝族自治州"),
        ("莫旗", None, "莫力达瓦达斡尔族自治旗"),
        ("若羌", "巴音郭楞蒙古自治州", "若羌县"),
        ("于田", "和田地区", "于田县"),
        ("神农架", None, "神农架林区"),
        ("库车县", None, "库车市"),  # 撤县设市 in 2019: the former name still resolves
        ("会理县", None, "会理市"),
        ("沙湾", "塔城地区", "沙湾市"),
        ("沙湾", "四川省", "沙湾区"),
    ],
)
def test_short_and_former_names_across_china(printed: str, within: str | None, full: str) -> None:
    assert resolved(printed, within) == full


def test_a_name_repeated_across_china_needs_a_scope() -> None:
    assert resolved("朝阳区") is None
    beijing = regions().resolve("朝阳区", within="北京市")
    changchun = regions().resolve("朝阳区", within="长春市")
    assert beijing is not None and changchun is not None
    assert (beijing.code, changchun.code) == ("110105", "220104")
    assert resolved("沙湾") is None


def resolved(text: str, within: str | None = None) -> str | None:
    region = regions().resolve(text, within)
    return region.name if region else None


def named(text: str) -> tuple[list[str], int]:
    chain, end = regions().named_at_start(text)
    return [r.name for r in chain], end


def test_luopu_short_name() -> None:
    luopu = regions().resolve("洛浦")
    assert luopu is not None
    assert (luopu.name, luopu.code, luopu.parent) == ("洛浦县", "653224", "和田地区")


def test_hetian_means_the_county_within_the_prefecture() -> None:
    assert resolved("和田", within="和田地区") == "和田县"
    assert resolved("和田", within="新疆维吾尔自治区") == "和田地区"
    assert resolved("和田", within="新疆") == "和田地区"
    assert resolved("和田") is None  # ambiguous without a scope
    assert resolved("和田市") == "和田市"
    assert resolved("洛浦", within="喀什地区") == "洛浦县"  # not a child there, but in its province
    assert resolved("矿区") == "矿区" and resolved("矿区", within="洛浦县") is None  # 阳泉市矿区
    assert resolved("和田", within="洛浦县") == "和田县"  # a county plan: its prefecture first


def test_hotan_licence_table_column_headers() -> None:
    """专栏3 of the 和田 plan: one column per county, headed by short names (和田市 has none)."""
    header = [line.strip() for line in raw_lines("和田地区", 97, 105)]
    assert header[0] == "矿种" and header[-1] == "汇总"
    assert [resolved(name, within="和田地区") for name in header[1:-1]] == [
        "于田县",
        "策勒县",
        "洛浦县",
        "和田县",
        "民丰县",
        "皮山县",
        "墨玉县",
    ]


def test_kashgar_area_lists_short_names() -> None:
    """专栏11 of the 喀什 plan lists the counties an area covers by short name."""
    cell = raw_lines("喀什地区", 946, 946)[0].strip()
    assert cell == "喀什、疏附、麦盖提、英吉沙、莎车、叶城"
    assert [resolved(name, within="喀什地区") for name in cell.split("、")] == [
        "喀什市",
        "疏附县",
        "麦盖提县",
        "英吉沙县",
        "莎车县",
        "叶城县",
    ]
    assert resolved("喀什", within="新疆维吾尔自治区") == "喀什地区"


@pytest.mark.parametrize("printed", ["塔什库尔干县", "塔什库尔干", "塔县", "塔什库尔干塔吉克自治县"])
def test_tashkurgan_short_names(printed: str) -> None:
    region = regions().resolve(printed, within="喀什地区")
    assert region is not None and region.name == "塔什库尔干塔吉克自治县"
    assert region.code == "653131"


def test_named_at_start_reads_a_title_region() -> None:
    assert named("新疆维吾尔自治区洛浦县矿产资源总体规划") == (["新疆维吾尔自治区", "洛浦县"], 11)
    assert named("和田地区矿产资源总体规划（2021—2025年）") == (["和田地区"], 4)
    assert named("四川省凉山彝族自治州会理市矿产资源总体规划") == (
        ["四川省", "凉山彝族自治州", "会理市"],
        13,
    )
    assert named("楚雄州矿产资源总体规划") == (["楚雄彝族自治州"], 3)
    assert named("全国矿产资源规划") == (["中华人民共和国"], 2)
    assert named("新疆维吾尔自治区不存在县矿产资源总体规划") == (["新疆维吾尔自治区"], 8)
    assert named("矿产资源总体规划") == ([], 0)


def test_region_vocabulary_rejects_inconsistent_data() -> None:
    root = Region("中华人民共和国", "national", None, None, ())
    assert RegionVocabulary([root, Region("某省", "province", "中华人民共和国", "650000", ())]).all()
    with pytest.raises(ValueError, match="parent"):
        RegionVocabulary([root, Region("某县", "county", "某地区", "659999", ())])
    with pytest.raises(ValueError, match="level"):
        RegionVocabulary([Region("某省", "state", None, "650000", ())])
    with pytest.raises(ValueError, match="code"):
        RegionVocabulary([root, Region("某省", "province", "中华人民共和国", "65", ())])
