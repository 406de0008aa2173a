"""Outline numbering and table captions as plans write them, on small documents made by the tests.

Each case is one shape a plan of another template prints: chapters and sections over 一、, a table
of contents, an appendix of tables, 表N / 表N-M / 附表N captions before or after their table with
their continuations, a plan without any caption word, a .docx whose headings are only Word heading
styles, and a reading profile that names the outline styles and caption words.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from models.document import ParsedPlan
from parsers.interpret.profiles import ProfileError, ProfileSet, parse_profile
from parsers.parse import parse_document
from parsers.structure.boxes import parse_caption
from parsers.structure.outline import classify_heading, style_order, table_of_contents

TITLE = "为指导全县矿产资源勘查开发，编制《某县矿产资源总体规划（2021—2025年）》（以下简称《规划》）。"


def table(*rows: tuple[str, ...]) -> str:
    """A table as Tika prints it: a TAB-led line per cell, a blank line between rows."""
    return "\n\n".join("\n".join(f"\t{cell}" for cell in row) for row in rows) + "\n\n\n"


INDICATORS = table(("指标", "单位", "2025年"), ("新发现矿产地", "处", "3"), ("煤炭年开采总量", "万吨", "60"))
ZONES = table(("序号", "名称", "面积（平方千米）"), ("1", "甲勘查区", "12.5"), ("2", "乙勘查区", "8"))


def read(tmp_path: Path, text: str, profiles: ProfileSet | None = None) -> ParsedPlan:
    path = tmp_path / "plan.tika.txt"
    path.write_text(text, encoding="utf-8")
    return parse_document(path, profiles=profiles or ProfileSet())


def outline(plan: ParsedPlan) -> list[tuple[int, str | None, str, str | None]]:
    """(level, label, title, parent's title) of every section."""
    return [
        (s.level, s.label, s.title, plan.sections[s.parent].title if s.parent is not None else None)
        for s in plan.sections
    ]


# -- outline -----------------------------------------------------------------------------------------


def test_levels_follow_how_the_styles_nest_not_the_style(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "第一章 总  则",
            TITLE,
            "第一节 规划目的",
            "一、编制依据",
            "正文。",
            "（一）法律法规",
            "正文。",
            "第二章 现状与形势",
            "一、矿产资源概况",  # 一、 straight under a chapter: still level 3, its parent the chapter
            "正文（表1）。",
            "表1 主要指标",
            INDICATORS,
        ]
    )
    plan = read(tmp_path, text)
    assert outline(plan) == [
        (1, "第一章", "总  则", None),
        (2, "第一节", "规划目的", "总  则"),
        (3, "一", "编制依据", "规划目的"),
        (4, "一", "法律法规", "编制依据"),
        (1, "第二章", "现状与形势", None),
        (3, "一", "矿产资源概况", "现状与形势"),
    ]
    assert plan.reading.outline_styles == ["第X章", "第X节", "一、", "（一）"]
    assert plan.boxes[0].section == 5  # cited by （表1）


def test_style_order_puts_chapters_above_what_came_before_them() -> None:
    assert style_order(["一、", "第X章", "一、", "第X节", "一、"]) == ["第X章", "第X节", "一、"]
    assert style_order(["第X编", "第X章", "第X条"]) == ["第X编", "第X章", "第X条"]
    # under 总则 a （一） list does not push the 一、 chapters below it
    assert style_order(["总则", "（一）", "（一）", "一、", "（一）", "1.", "①"]) == [
        "一、",
        "（一）",
        "1.",
        "①",
    ]
    # after a chapter, a new style nests where it first appears
    assert style_order(["第X章", "1.", "第X章", "（一）", "1."]) == ["第X章", "（一）", "1."]


@pytest.mark.parametrize(
    ("text", "style", "label", "title"),
    [
        ("第一编 总论", "第X编", "第一编", "总论"),
        ("第二篇 发展基础", "第X篇", "第二篇", "发展基础"),
        ("第三部分 规划布局", "第X部分", "第三部分", "规划布局"),
        ("第十二章 保障措施", "第X章", "第十二章", "保障措施"),
        ("第 3 节 开采总量", "第X节", "第3节", "开采总量"),
        ("第十条 勘查规划区块", "第X条", "第十条", "勘查规划区块"),
        ("一、现状与形势", "一、", "一", "现状与形势"),
        ("㈡基本原则", "（一）", "二", "基本原则"),
        ("（三）规划目标", "（一）", "三", "规划目标"),
        ("2．开采规模", "1.", "2", "开采规模"),
        ("3、绿色矿山", "1.", "3", "绿色矿山"),
        ("⑷环境治理", "（1）", "4", "环境治理"),
        ("(5) 环境治理", "（1）", "5", "环境治理"),
        ("②矿山复绿", "①", "2", "矿山复绿"),
        ("附表", "附件", None, "附表"),
        ("附件2 规划图件目录", "附件", "附件2", "规划图件目录"),
    ],
)
def test_numbering_styles(text: str, style: str, label: str | None, title: str) -> None:
    heading = classify_heading(text)
    assert heading is not None and (heading.style, heading.label, heading.title) == (style, label, title)


@pytest.mark.parametrize(
    "text",
    ["第十条 规划期内，严格控制新设采矿权。", "1.5万吨以上的矿山", "附件中的表格与正文不一致时以正文为准"],
)
def test_sentences_are_not_headings(text: str) -> None:
    assert classify_heading(text) is None


def test_a_table_of_contents_is_skipped(tmp_path: Path) -> None:
    text = "\n".join(
        [
            TITLE,
            "目  录",
            "第一章 总则\t1",
            "第二章 现状与形势\t3",
            "一、矿产资源概况\t3",
            "第一章 总则",
            "规划范围为全县。",
            "第二章 现状与形势",
            "一、矿产资源概况",
            "表1 主要指标",
            INDICATORS,
        ]
    )
    plan = read(tmp_path, text)
    assert [(s.label, s.title) for s in plan.sections] == [
        (None, ""),
        ("第一章", "总则"),
        ("第二章", "现状与形势"),
        ("一", "矿产资源概况"),
    ]
    assert plan.reading.contents_lines == 4


def test_a_run_of_headings_with_dot_leaders_is_a_table_of_contents() -> None:
    texts = ["前言", "第一章 总则……………………1", "第二章 现状与形势……………3", "第三章 规划目标………7", "第一章 总则"]
    assert table_of_contents(texts) == {1, 2, 3}
    assert table_of_contents(["一、现状与形势", "（一）资源概况", "正文。"]) == set()


def test_word_heading_styles_without_numerals_give_the_outline(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("现状与形势", style="Heading 1")
    document.add_paragraph("矿产资源概况", style="Heading 2")
    document.add_paragraph("全县已发现矿种12种。")
    document.add_paragraph("规划目标", style="Heading 1")
    document.add_paragraph("主要指标", style="Heading 2")
    document.add_paragraph("表1 主要规划指标")
    grid = document.add_table(rows=2, cols=3)
    for cell, text in zip(
        [*grid.rows[0].cells, *grid.rows[1].cells],
        ["指标", "单位", "2025年", "新发现矿产地", "处", "3"],
        strict=True,
    ):
        cell.text = text
    path = tmp_path / "styled.docx"
    document.save(path)
    plan = parse_document(path, profiles=ProfileSet())
    assert outline(plan) == [
        (1, None, "", None),
        (1, None, "现状与形势", None),
        (2, None, "矿产资源概况", "现状与形势"),
        (1, None, "规划目标", None),
        (2, None, "主要指标", "规划目标"),
    ]
    assert plan.reading.outline_styles == ["Heading 1", "Heading 2"]
    assert (plan.boxes[0].label, plan.boxes[0].section) == ("表1", 4)


# -- captions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "title", "continued"),
    [
        ("专栏15 能源资源基地", "专栏15", "能源资源基地", False),
        ("表3 主要指标", "表3", "主要指标", False),
        ("表 3-1：主要指标", "表3-1", "主要指标", False),
        ("表3－2:开采总量", "表3-2", "开采总量", False),
        ("附表2  勘查规划区块表", "附表2", "勘查规划区块表", False),
        ("附表2-1 开采规划区块表", "附表2-1", "开采规划区块表", False),
        ("续表3 主要指标", "表3", "主要指标", True),
        ("表3-1 主要指标（续）", "表3-1", "主要指标", True),
        ("附表2 勘查规划区块表(续表)", "附表2", "勘查规划区块表", True),
        ("续表", None, "", True),
    ],
)
def test_caption_forms(text: str, label: str | None, title: str, continued: bool) -> None:
    caption = parse_caption(text)
    assert caption is not None and (caption.label, caption.title, caption.continued) == (
        label,
        title,
        continued,
    )


@pytest.mark.parametrize("text", ["表明全县资源丰富", "代表3个县", "专栏"])
def test_not_captions(text: str) -> None:
    assert parse_caption(text) is None


def test_captions_before_and_after_continued_and_titled_in_the_first_row(tmp_path: Path) -> None:
    text = "\n".join(
        [
            TITLE,
            "一、规划目标",
            "主要指标见表3-1，勘查区见表3-2。",
            "表3-1：",  # the title is the table's first row
            table(("“十四五”主要规划指标",), *[("指标", "单位", "2025年"), ("新发现矿产地", "处", "3")]),
            "续表",
            table(("指标", "单位", "2025年"), ("煤炭年开采总量", "万吨", "60")),
            "二、勘查布局",
            ZONES.rstrip("\n"),
            "表3-2 重点勘查区",  # after its table
            "",
            "",
            "三、保障措施",
            "按规划执行。",
        ]
    )
    plan = read(tmp_path, text)
    assert [(b.number, b.label, b.title, b.n_rows) for b in plan.boxes] == [
        (1, "表3-1", "“十四五”主要规划指标", 3),
        (2, "表3-2", "重点勘查区", 3),
    ]
    assert [b.section for b in plan.boxes] == [1, 1]  # both cited by 一、规划目标
    assert [r.name for r in plan.records.indicators] == ["新发现矿产地", "煤炭年开采总量"]
    assert plan.reading.caption_words == ["表"]


def test_tables_gathered_in_an_appendix(tmp_path: Path) -> None:
    text = "\n".join(
        [
            TITLE,
            "一、规划目标",
            "主要指标见附表1。",
            "附  表",
            "附表1 主要规划指标",
            INDICATORS,
            "附表2 重点勘查区",
            ZONES,
            "全县勘查区块一览",  # a title, no caption word: under 附表 that is how such tables print
            table(("序号", "名称", "面积（平方千米）"), ("1", "丙区块", "3.2")),
        ]
    )
    plan = read(tmp_path, text)
    assert [(b.number, b.label, b.title) for b in plan.boxes] == [
        (1, "附表1", "主要规划指标"),
        (2, "附表2", "重点勘查区"),
        (3, None, "全县勘查区块一览"),
    ]
    assert [plan.sections[b.section].title for b in plan.boxes] == ["规划目标", "附表", "附表"]
    assert plan.sections[-1].level == 1 and [d for d in plan.diagnostics if d.code == "caption"] == []


def test_a_plan_without_caption_words_is_read_with_its_tables_in_order(tmp_path: Path) -> None:
    text = "\n".join([TITLE, "一、规划目标", "主要规划指标", INDICATORS, "重点勘查区", ZONES])
    plan = read(tmp_path, text)
    assert [(b.number, b.label, b.title) for b in plan.boxes] == [
        (1, None, "主要规划指标"),
        (2, None, "重点勘查区"),
    ]
    assert [d.message for d in plan.diagnostics if d.code == "caption"] == [
        "no table caption (专栏N, 表N, 附表N): its 2 tables numbered in order"
    ]
    assert len(plan.records.indicators) == 2


def test_a_table_without_caption_in_a_captioned_plan_is_kept_and_reported(tmp_path: Path) -> None:
    text = "\n".join([TITLE, "一、规划目标", "专栏1 主要指标", INDICATORS, "二、布局", ZONES])
    plan = read(tmp_path, text)
    assert [(b.number, b.label) for b in plan.boxes] == [(1, "专栏1"), (2, None)]
    assert [d.message for d in plan.diagnostics if d.code == "caption"] == [
        "a table without caption (at line 19): read as box 2"
    ]


# -- reading profiles --------------------------------------------------------------------------------


def test_a_profile_names_the_outline_styles_and_caption_words(tmp_path: Path) -> None:
    text = "\n".join(
        [
            TITLE,
            "一、规划目标",
            "1. 新发现矿产地3处",
            "图表1 主要指标",
            INDICATORS,
            "二、布局",
            "正文。",
        ]
    )
    detected = read(tmp_path, text)
    assert [s.title for s in detected.sections][1:] == ["规划目标", "新发现矿产地3处", "布局"]
    assert detected.boxes[0].label is None
    profile = parse_profile(
        "match: {title: 某县矿产资源总体规划}\noutline: [一、]\ncaptions: [图表]\n", tmp_path / "p.yaml"
    )
    plan = read(tmp_path, text, ProfileSet((profile,)))
    assert [s.title for s in plan.sections][1:] == ["规划目标", "布局"]  # 1. is body text now
    assert (plan.boxes[0].label, plan.boxes[0].title) == ("图表1", "主要指标")
    assert (plan.reading.outline_styles, plan.reading.caption_words) == (["一、"], ["图表"])


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("outline: [第X章, 一。]", "outline: unknown style 一。"),
        ("outline: [一、, 一、]", "outline: a style is listed twice"),
        ("captions: [表 1]", "captions: a caption word is a word without digits or spaces"),
    ],
)
def test_bad_outline_and_caption_lines_are_profile_errors(tmp_path: Path, line: str, problem: str) -> None:
    with pytest.raises(ProfileError, match=problem):
        parse_profile(f"match: {{region: 洛浦县}}\n{line}\n", tmp_path / "p.yaml")


def test_a_chapter_numeral_alone_takes_the_next_line_as_its_title(tmp_path: Path) -> None:
    text = "\n".join(
        [
            TITLE,
            "第一章",
            "总  则",
            "规划范围为全县。",
            "第二章",
            "现状与形势",
            "一、矿产资源概况",
            "表1 主要指标",
            INDICATORS,
        ]
    )
    assert [(s.level, s.label, s.title) for s in read(tmp_path, text).sections] == [
        (1, None, ""),
        (1, "第一章", "总  则"),
        (1, "第二章", "现状与形势"),
        (2, "一", "矿产资源概况"),
    ]


def test_a_caption_printed_twice_keeps_both_boxes(tmp_path: Path) -> None:
    text = "\n".join([TITLE, "一、规划目标", "专栏1 主要指标", INDICATORS, "专栏1 重点勘查区", ZONES])
    plan = read(tmp_path, text)
    assert [(b.number, b.label, b.title) for b in plan.boxes] == [
        (1, "专栏1", "主要指标"),
        (2, "专栏1", "重点勘查区"),
    ]
    assert "专栏1 is printed twice: both kept, the boxes numbered by position" in [
        d.message for d in plan.diagnostics
    ]
