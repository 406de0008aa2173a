"""parsers.words.minerals on the mineral names the bundled plans print, plus property tests on any text."""

from __future__ import annotations

import pytest
from conftest import PLAN_FILES
from hypothesis import given
from hypothesis import strategies as st

from models.vocabulary import minerals
from parsers.words.minerals import _tokenizer, canonical_mineral, find_mineral, split_minerals

TEXT = "".join(path.read_text(encoding="utf-8") for path in PLAN_FILES.values())
# Table cells of the bundled Tika text: lines starting with a TAB.
CELLS = {line.strip() for line in TEXT.splitlines() if line.startswith("\t")}

# Every mineral name printed alone in a 矿种 / 矿产名称 / 指标名称 / 主要矿种 / 生产矿种 cell.
CELL_NAMES = [
    # 洛浦县
    "油页岩", "金", "和田玉", "铅", "锌", "砂金", "石膏", "石灰岩", "铁", "建筑用砂", "砖瓦用粘土",
    "砂岩", "板岩", "铜", "煤（地下开采）", "煤（露天开采）", "铁（地下开采/露天开采）",
    "石灰岩（水泥用/其他）",
    # 和田地区
    "银", "锑", "钴", "锂", "锰", "煤", "石墨", "硫", "矿泉水", "锡", "金（岩金）", "银（伴生）",
    "玉石", "水泥用石灰岩", "建筑用石灰岩", "建筑用砂岩", "水泥用粘土", "水泥用辉绿岩", "石英闪长岩",
    "粘土", "铅锌", "建筑用粘土", "铍", "钽", "铌", "钨", "铬铁", "铌钽", "云母", "石棉", "蛇纹岩",
    "石英岩", "红柱石", "自然硫", "钼", "镍", "金（岩金）（地下开采/露天开采）", "硼（B2O3）", "高岭土",
    "石墨（晶质/隐晶质）", "建筑用石材", "饰面用石材", "花岗岩", "辉绿岩", "建筑用闪长岩", "石英砂",
    # 喀什地区
    "石油", "铁矿", "钒矿", "钛矿", "铜矿", "铅矿", "锌矿", "钨矿", "钼矿", "镓矿", "镉矿", "金矿",
    "银矿", "硫铁矿", "工艺水晶", "普通萤石", "灰岩", "水泥配料用粘土", "水泥配料用黄土",
    "熔剂用蛇纹岩", "饰面用花岗岩", "地热", "多金属", "铅锌矿", "萤石(普通)", "建筑石料用灰岩",
    "砖瓦用页岩", "水泥用灰岩", "天然气", "煤炭", "钛钒", "宝玉石", "钒钛", "地下热水", "饰面用大理岩",
    "锰矿", "镍矿", "铬铁矿", "稀土矿", "重晶石", "大理岩", "制灰用石灰岩", "建筑用大理岩", "玄武岩",
    "叶腊石", "宝石", "脉石英", "水泥配料用砂岩", "水泥配料用泥岩", "砖瓦用砂", "砖瓦用砂岩",
    "花岗岩石材", "煤（地下开采/露天开采）", "地热(热水)", "铬", "金（岩金）（地下/露天开采）",
    "萤石（CaF2）", "建筑石料用石灰岩", "冶金用石英砂", "玻璃用石英岩", "砖瓦用页岩（粘土）",
]  # fmt: skip

# Names printed only inside the 专栏 lists and the 矿种 paragraphs.
LIST_NAMES = [
    "天然石英砂", "页岩", "建筑用砂石料", "地下水", "油", "气", "闪长岩", "白云岩", "铀", "铷", "汞",
    "镁", "锶", "石盐", "钾盐", "硼", "芒硝", "含钾岩石", "黄铁矿", "磷块岩", "水泥灰岩", "白云母",
    "萤石", "制玻璃石英岩", "陶瓷长石", "水晶", "冰洲石", "菱镁矿", "硅灰石", "昆仑玉", "金刚石",
    "玛瑙", "石榴石", "绿柱石", "建筑用砂石", "页岩气", "石灰石", "山泉水", "硅石", "兰晶石",
    "熔剂灰岩", "岩盐", "磷", "砷", "滑石", "东陵石", "天河石", "长石", "方纳石", "长石砂岩", "铂",
    "锗", "铟", "铊", "铈", "冶金用石英岩", "油砂", "水泥配料用页岩", "泉水矿", "钒", "钛", "稀土",
    "镓", "镉", "水泥辅料用砂岩", "水泥配料用板岩", "泥岩", "砂石",
]  # fmt: skip


def test_the_name_lists_are_printed_in_the_plans() -> None:
    assert set(CELL_NAMES) <= CELLS
    assert [name for name in LIST_NAMES if name not in TEXT] == []
    assert [name for name in LIST_NAMES if name in CELLS] == []


@pytest.mark.parametrize("name", CELL_NAMES + LIST_NAMES)
def test_every_printed_mineral_name_resolves(name: str) -> None:
    assert canonical_mineral(name) is not None


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("铁矿", "铁"),
        ("灰岩", "石灰岩"),
        ("金（岩金）", "金"),
        ("金（岩金）（地下开采/露天开采）", "金"),
        ("煤（地下开采）", "煤"),
        ("萤石（CaF2）", "萤石"),
        ("萤石(普通)", "萤石"),
        ("普通萤石", "萤石"),
        ("砖瓦用页岩（粘土）", "砖瓦用页岩"),
        ("硼（B2O3）", "硼"),
        ("银（伴生）", "银"),
        ("石墨（晶质/隐晶质）", "石墨"),
        ("铅锌", "铅锌"),
        ("铅锌矿", "铅锌"),
        ("钛钒", "钒钛"),
        ("铬铁", "铬"),
        ("砂金", "砂金"),
        ("和田玉", "玉石"),
        ("昆仑玉", "玉石"),
        ("水泥用石灰岩", "水泥用灰岩"),
        ("建筑用石灰岩", "建筑石料用灰岩"),
        ("建筑用砂石料", "建筑用砂"),
        ("地下热水", "地热"),
        ("花岗岩石材", "饰面用花岗岩"),
        ("叶腊石", "叶蜡石"),
        ("油", "石油"),
        ("气", "天然气"),
        ("硫", "自然硫"),
        ("泉水矿", "矿泉水"),
        ("新发现矿产地", None),
        ("铜、铅", None),
        ("", None),
    ],
)
def test_canonical_mineral(printed: str, canonical: str | None) -> None:
    assert canonical_mineral(printed) == canonical


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("水泥用灰岩;水泥配料用粘土;石膏", ["水泥用灰岩", "水泥配料用粘土", "石膏"]),
        ("铜、铅、锌", ["铜", "铅", "锌"]),
        ("铅矿;锌矿", ["铅矿", "锌矿"]),
        ("锑、金。", ["锑", "金"]),
        ("灰岩、石膏、粘土", ["灰岩", "石膏", "粘土"]),
        ("铁、铅、锌、铜、玉石", ["铁", "铅", "锌", "铜", "玉石"]),
        ("铜矿;萤石(普通);石灰岩", ["铜矿", "萤石(普通)", "石灰岩"]),
        (
            "和田玉、昆仑玉、金刚石、玛瑙、石榴石、绿柱石、",
            ["和田玉", "昆仑玉", "金刚石", "玛瑙", "石榴石", "绿柱石"],
        ),
        ("锂、铍、锑、钾盐等", ["锂", "铍", "锑", "钾盐"]),
        ("油、气。", ["油", "气"]),
        (
            "重点石油、天然气，兼顾油砂和石膏、石灰岩等非金属矿",
            ["石油", "天然气", "油砂", "石膏", "石灰岩"],
        ),
        (
            "重点煤、铁、铜、铅、锌，兼顾急需非金属矿、矿泉水、地热（干热岩）",
            ["煤", "铁", "铜", "铅", "锌", "矿泉水", "地热（干热岩）"],
        ),
        ("重点铁、铜、铅、锌，兼顾非金属。", ["铁", "铜", "铅", "锌"]),
        ("铅、锌、铜、玉石、地下热水、泉水矿", ["铅", "锌", "铜", "玉石", "地下热水", "泉水矿"]),
        ("金（岩金）（地下/露天开采）", ["金（岩金）（地下/露天开采）"]),
        (" 石膏 ; 石盐 ", ["石膏", "石盐"]),
        ("冶金、水泥用石英砂", ["水泥用石英砂"]),  # 冶金 alone names no mineral
        ("主要矿产年开采量", []),
        ("", []),
    ],
)
def test_split_minerals(text: str, items: list[str]) -> None:
    assert split_minerals(text) == items


def test_split_minerals_on_the_printed_lists() -> None:
    """The 专栏2 list of the 和田 plan: 31 non-metallic minerals, every one recognized."""
    row = next(line for line in TEXT.splitlines() if line.startswith("\t石盐、钾盐、硼、芒硝"))
    items = split_minerals(row)
    assert len(items) == 31
    assert items[:5] == ["石盐", "钾盐", "硼", "芒硝", "硫"]
    assert all(canonical_mineral(item) for item in items)


@pytest.mark.parametrize(
    ("label", "mineral"),
    [
        ("主要矿产年开采量", None),
        ("新发现矿产地", None),
        ("新发现矿产地（处）", None),
        ("一二类固体矿产大中型矿山比例", None),
        ("伽师县西克尔-巴楚县三叉口有色金属、非金属矿业经济区", None),
        ("砂金", "砂金"),
        ("铁（地下开采/露天开采）", "铁"),
        ("和田县大红柳滩锂铍矿勘查", "锂"),
        ("新疆洛浦阿其克一带灰岩、石膏、粘土重点勘查区", "石灰岩"),
        ("新疆伽师县一带砂岩型铜矿勘查区", "铜"),  # 砂岩型 is a deposit type
        ("落实细化东昆仑-阿尔金黑色有色稀有及非金属勘查开发区", None),  # 阿尔金 is a range
        ("巴楚瓦吉里塔格钒钛磁铁矿重点开采区", "铁"),
        ("塔里木盆地和田油气能源资源基地", "油气"),
        ("昆仑山北缘煤炭重点勘查区（和田境内）", "煤"),
        ("策勒县恰哈红黏土集中开采区", "粘土"),
        ("ⅢJS砂石料、籽料集中开采区", "建筑用砂"),
        ("ⅤBS籽料集中开采区", "玉石"),
        ("塔什库尔干县有色金属、宝玉石、矿泉水矿业经济区", "宝玉石"),
        ("科克牙尔-阿然保泰地热水、矿泉水、铅锌多金属矿勘查区", "地热"),
        ("油气", "油气"),
        ("含硫大于3%的煤", "煤"),  # one-character aliases (硫) are not matched inside text
    ],
)
def test_find_mineral(label: str, mineral: str | None) -> None:
    assert find_mineral(label) == mineral


def test_tokenizer_is_built_once_from_the_small_vocabulary_dictionary() -> None:
    tokenizer = _tokenizer()
    assert _tokenizer() is tokenizer
    assert tokenizer.initialized
    assert tokenizer.dictionary.endswith(".dict")  # not jieba's default dict.txt
    # Prefix dictionary of the vocabulary only (jieba's default holds ~350 000 words and prefixes).
    assert len(tokenizer.FREQ) < 10 * len(minerals().words())


@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    items = split_minerals(text)
    assert all(item and item in text for item in items)
    assert all(find_mineral(item) is not None for item in items)
    for result in (canonical_mineral(text), find_mineral(text)):
        assert result is None or minerals().get(result) is not None


@given(st.lists(st.sampled_from(minerals().words()), max_size=6), st.sampled_from(["、", "；", ";", "，"]))
def test_split_returns_every_listed_word(words: list[str], separator: str) -> None:
    assert split_minerals(separator.join(words)) == words
