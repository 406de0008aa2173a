"""Outline, boxes and metadata of the three bundled plans, asserted against values read from raw/."""

from __future__ import annotations

import pytest

from models.document import Cell, ParsedPlan, Table
from parsers.structure.boxes import find_boxes


def _box(plan: ParsedPlan, number: int):
    return next(b for b in plan.boxes if b.number == number)


def _section_of(plan: ParsedPlan, number: int):
    return plan.sections[_box(plan, number).section]


@pytest.mark.parametrize(("region", "count"), [("洛浦县", 17), ("和田地区", 23), ("喀什地区", 20)])
def test_every_box_once_in_order(plans: dict[str, ParsedPlan], region: str, count: int) -> None:
    assert [b.number for b in plans[region].boxes] == list(range(1, count + 1))


def test_box_titles_without_the_box_number(plans: dict[str, ParsedPlan]) -> None:
    assert _box(plans["洛浦县"], 13).title == "洛浦县规划砂石集中开采区"
    assert _box(plans["和田地区"], 1).title == "和田地区经济社会发展概况"
    assert (
        _box(plans["喀什地区"], 3).title == "喀什地区主要矿产资源储量表"
    )  # caption paragraph before the table


def test_continued_box_is_merged_and_its_repeated_header_dropped(plans: dict[str, ParsedPlan]) -> None:
    box = _box(plans["和田地区"], 23)
    grid = box.grid()
    assert box.title == "和田地区建筑用砂石集中开采区规划表"
    assert [c.text for c in grid[0]] == ["序号", "名称", "所在行政区", "面积(平方千米)", "主要矿产"]
    assert [row[0].text for row in grid[1:]] == [str(i) for i in range(1, 39)]
    assert grid[8][1].text == "洛浦县阿其克乡一号粘土矿集中开采区" and grid[8][3].text == "51.82"


def test_caption_after_the_table(plans: dict[str, ParsedPlan]) -> None:
    box = _box(plans["喀什地区"], 13)
    assert box.title == "矿产资源勘查开发规划矿区及重点分区"
    assert box.grid()[0][0].text == "级别"
    assert box.grid()[1][2].text == "喀什伽师-玉其铜矿国家规划矿区"


def test_caption_row_is_not_a_cell_row(plans: dict[str, ParsedPlan]) -> None:
    box = _box(plans["洛浦县"], 2)
    assert [c.text for c in box.grid()[0]] == ["序号", "矿种", "单位", "资源量"]
    assert (box.n_rows, box.n_cols) == (6, 4)


def test_caption_in_an_unmerged_first_row_of_empty_cells() -> None:
    """A plain table (no merged cells) printing its caption in the first cell of an otherwise empty row."""
    title = "专栏2  主要矿产资源量情况"  # 洛浦, line 44 (as printed, in a one-cell row)
    header = ["序号", "矿种", "单位", "资源量"]
    rows = [
        [Cell(0, c, title if c == 0 else "") for c in range(4)],
        [Cell(1, c, t) for c, t in enumerate(header)],
    ]
    scan = find_boxes([Table(rows=rows, line=1)])
    assert [(b.label, b.number, [c.text for c in b.rows[0]]) for b in scan.boxes] == [("专栏2", 2, header)]


def test_box_belongs_to_the_section_that_cites_it(plans: dict[str, ParsedPlan]) -> None:
    kashgar = plans["喀什地区"]
    # 专栏15 sits under ⑴勘查规划区块设置原则 but is cited by the damaged heading's section
    assert _section_of(kashgar, 15).title == "产资源开采分区"
    assert _section_of(kashgar, 13).title == "落实国家和自治区规划重点项目"
    assert _section_of(plans["洛浦县"], 13).title == "砂石粘土资源开发利用"
    assert _section_of(plans["和田地区"], 23).title == "科学划定砂石土类集中开采区"


def test_notes_from_following_paragraph_and_footnote_row(plans: dict[str, ParsedPlan]) -> None:
    assert _box(plans["和田地区"], 4).note.startswith("注：本表数据来源于")
    assert _box(plans["和田地区"], 1).note.startswith("注：资料来源于")
    assert _box(plans["喀什地区"], 20).note == "依自治区规划标准."
    assert _box(plans["洛浦县"], 14).note is None


def test_outline_levels_and_labels(plans: dict[str, ParsedPlan]) -> None:
    luopu = plans["洛浦县"]
    first = luopu.sections[0]
    assert (first.level, first.label, first.title) == (1, None, "总则")
    assert "以2020年为基期" in first.text
    top = [(s.label, s.title) for s in luopu.sections if s.level == 1][1:3]
    assert top == [("一", "现状与形势"), ("二", "指导思想与目标")]
    kashgar = plans["喀什地区"]
    labels = {(s.level, s.label) for s in kashgar.sections}
    assert {(2, "一"), (3, "1"), (4, "1")} <= labels  # ㈠, 1、, ⑴


def test_damaged_headings_do_not_swallow_the_next_section(plans: dict[str, ParsedPlan]) -> None:
    kashgar = plans["喀什地区"]
    damaged = {s.title: s for s in kashgar.sections if s.label is None and s.level > 1}
    assert set(damaged) == {"国国家规划矿区", "产资源开采分区", "查规划区块设置", "调控开采总量和矿山数量"}
    mining = damaged["产资源开采分区"]
    assert mining.level == 4
    assert kashgar.sections[mining.parent].title == "喀什地区勘查开发区"
    assert kashgar.sections[mining.ordinal + 1].title == "勘查规划区块设置"  # 3、 follows as its own section


def test_plan_metadata_from_the_text(plans: dict[str, ParsedPlan]) -> None:
    luopu = plans["洛浦县"].meta
    assert luopu.title == "新疆维吾尔自治区洛浦县矿产资源总体规划（2021—2025年）"
    assert (luopu.region, luopu.region_level, luopu.parent_region) == ("洛浦县", "county", "和田地区")
    assert (luopu.base_year, luopu.target_year, luopu.vision_year) == (2020, 2025, 2035)
    hotan = plans["和田地区"].meta
    assert (hotan.region, hotan.region_level, hotan.parent_region) == (
        "和田地区",
        "prefecture",
        "新疆维吾尔自治区",
    )
    assert (hotan.base_year, hotan.target_year, hotan.vision_year) == (2020, 2025, 2035)
    kashgar = plans["喀什地区"].meta
    assert (kashgar.base_year, kashgar.target_year, kashgar.vision_year) == (2020, 2025, 2035)
