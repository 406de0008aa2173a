"""parsers.structure.metadata: title, region, level, parent and years from plan openings as plans print them.

Each opening is a few lines written here in the shape the plans of other provinces are
published in (a Yunnan prefecture plan, a Sichuan county plan behind its provincial notice,
a cover title over two lines); the bundled plans' own metadata is checked by the golden checks.
"""

from __future__ import annotations

import pytest
from conftest import raw_lines

from models.document import Paragraph, PlanMeta, RawDocument, Source
from parsers.read.base import DocumentError
from parsers.structure.metadata import read_metadata


def _read(*lines: str) -> tuple[PlanMeta, list[str]]:
    blocks = [Paragraph(text, line) for line, text in enumerate(lines, start=1)]
    return read_metadata(RawDocument(Source("opening.txt", "tika_text", "0" * 64, "test/1"), blocks))


YUNNAN_PREFECTURE = (
    "楚雄彝族自治州矿产资源总体规划（2021—2025年）",
    "楚雄彝族自治州人民政府",
    "二〇二二年十二月",
    "前  言",
    "为贯彻落实《云南省矿产资源总体规划（2021—2025年）》的部署，依据《中华人民共和国矿产资源法》，"
    "编制本规划。规划基期为2020年，规划目标年为2025年，展望至2035年。",
)

SICHUAN_COUNTY = (
    "四川省自然资源厅关于会理市矿产资源总体规划（2021—2025年）的批复",
    "会理市人民政府：",
    "你市报来的规划收悉。经研究，原则同意该规划。规划要认真落实《四川省矿产资源总体规划（2021—2025年）》"
    "和《凉山彝族自治州矿产资源总体规划（2021—2025年）》的部署。",
    "四川省自然资源厅",
    "会理市矿产资源总体规划",
    "（2021—2025年）",
    "第一章  总则",
    "规划期为2021—2025年，展望到2035年。",
)

TWO_LINE_COVER = (
    "新疆维吾尔自治区巴音郭楞蒙古自治州",
    "若羌县矿产资源总体规划（2021-2025年）",
    "若羌县人民政府",
    "以2020年为基期，2025年为目标年，展望到2035年。",
)


def test_yunnan_prefecture_plan() -> None:
    meta, warnings = _read(*YUNNAN_PREFECTURE)
    assert meta == PlanMeta(
        "楚雄彝族自治州矿产资源总体规划（2021—2025年）",
        "楚雄彝族自治州",
        "prefecture",
        "云南省",
        2020,
        2025,
        2035,
        "532300",
    )
    assert warnings == []


def test_sichuan_county_plan_behind_its_provincial_notice() -> None:
    meta, warnings = _read(*SICHUAN_COUNTY)
    assert meta.title == "会理市矿产资源总体规划（2021—2025年）"
    assert (meta.region, meta.region_code, meta.region_level, meta.parent_region) == (
        "会理市",
        "513402",
        "county",
        "凉山彝族自治州",
    )
    assert (meta.base_year, meta.target_year, meta.vision_year) == (2020, 2025, 2035)
    assert warnings == []


def test_title_over_two_cover_lines() -> None:
    meta, warnings = _read(*TWO_LINE_COVER)
    assert meta.title == "新疆维吾尔自治区巴音郭楞蒙古自治州若羌县矿产资源总体规划（2021-2025年）"
    assert (meta.region, meta.region_level, meta.parent_region) == ("若羌县", "county", "巴音郭楞蒙古自治州")
    assert (meta.base_year, meta.target_year, meta.vision_year) == (2020, 2025, 2035)
    assert warnings == []


def test_a_spaced_cover_title_with_a_draft_mark() -> None:
    meta, _ = _read("大理白族自治州矿产资源总体规划 （2021—2025年）（征求意见稿）", "大理州自然资源和规划局")
    assert meta.title == "大理白族自治州矿产资源总体规划（2021—2025年）"
    assert (meta.region, meta.parent_region, meta.base_year, meta.target_year) == (
        "大理白族自治州",
        "云南省",
        2020,
        2025,
    )


def test_the_bundled_opening_keeps_its_self_declared_title() -> None:
    meta, _ = _read(*raw_lines("洛浦县", 1, 5))
    assert meta.title == "新疆维吾尔自治区洛浦县矿产资源总体规划（2021—2025年）"
    assert (meta.region, meta.region_code, meta.parent_region) == ("洛浦县", "653224", "和田地区")
    assert (meta.base_year, meta.target_year, meta.vision_year) == (2020, 2025, 2035)


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("以2020年为基期，2025年为目标年，展望到2035年。", (2020, 2025, 2035)),
        ("规划基期为2020年，规划目标年为2025年。", (2020, 2025, None)),
        ("规划期为2021—2025年，展望至2035年。", (2020, 2025, 2035)),
        ("以2020年为基准年，2021年至2025年为规划期，展望到2035年。", (2020, 2025, 2035)),
        ("《规划》以2020年为基期年，规划至2025年。", (2020, 2025, None)),
    ],
)
def test_years_from_the_usual_phrasings(sentence: str, years: tuple[int | None, ...]) -> None:
    meta, _ = _read("大理州矿产资源总体规划", sentence)
    assert (meta.region, meta.region_level) == ("大理白族自治州", "prefecture")
    assert (meta.base_year, meta.target_year, meta.vision_year) == years


def test_a_region_not_in_the_vocabulary_is_null_with_a_warning() -> None:
    meta, warnings = _read(
        "编制《新疆维吾尔自治区不存在县矿产资源总体规划（2021—2025年）》（以下简称《规划》）。"
    )
    assert (meta.region, meta.region_code, meta.region_level, meta.parent_region) == (
        None,
        None,
        "county",
        None,
    )
    assert warnings == [
        "region '新疆维吾尔自治区不存在县' found only as 新疆维吾尔自治区 (province), not as a county"
    ]
    meta, warnings = _read("某某旗矿产资源总体规划")
    assert (meta.region, meta.region_level) == (None, "county")
    assert warnings == ["region '某某旗' is not in the region vocabulary"]
    meta, warnings = _read("矿产资源总体规划（2021—2025年）")
    assert (meta.region, meta.region_level, warnings) == (None, None, ["the title names no region"])


def test_a_plan_level_word_decides_the_level() -> None:
    assert _read("楚雄市矿产资源总体规划")[0].region_level == "county"  # 楚雄市 under 楚雄州
    assert _read("楚雄州矿产资源总体规划")[0].region_level == "prefecture"
    assert _read("云南省矿产资源总体规划")[0].region_level == "province"
    assert _read("阿拉善盟矿产资源总体规划")[0].region_level == "prefecture"


def test_no_title_at_all_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="no plan title"):
        _read("这是一段没有标题的文字。")
