"""The Tika text reader on the hard shapes of the real exports (line numbers from raw/)."""

from __future__ import annotations

from conftest import raw_lines

from models.document import Paragraph, Table
from parsers.read.tika_text import parse_lines


def _tables(lines: list[str]) -> list[Table]:
    return [b for b in parse_lines(lines) if isinstance(b, Table)]


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_cell_text_continues_after_a_blank_line_and_the_row_goes_on() -> None:
    # 和田 专栏10 header: "\t2025年", blank, "规划目标", "\t指标属性"
    [table] = _tables(raw_lines("和田地区", 867, 882))
    assert _texts(table)[1] == ["序号", "指标名称", "单位", "2025年\n规划目标", "指标属性"]


def test_last_row_after_three_blank_lines_stays_in_the_table() -> None:
    # 喀什 专栏18: row 序号 14 (CS014) follows three blank lines
    [table] = _tables(raw_lines("喀什地区", 1776, 1930))
    assert _texts(table)[-1][:2] == ["14", "CS014"]
    assert len(table.rows) == 15


def test_bookmarks_are_removed_from_cells_and_paragraphs() -> None:
    blocks = parse_lines(raw_lines("洛浦县", 500, 512))
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows[2][0].text == "1"  # "\t[bookmark: _Hlk85212975]1"
    blocks = parse_lines(raw_lines("洛浦县", 8, 9))
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "一 、现状与形势",
        "（一）矿产资源勘查与开发利用现状",
    ]


def test_trailing_spaces_in_numeric_cells_are_trimmed() -> None:
    [table] = _tables(raw_lines("和田地区", 1693, 1712))
    assert _texts(table)[2][3] == "3.07"


def test_prose_box_keeps_paragraphs_after_blank_lines_in_its_cells() -> None:
    # 和田 专栏16: "\t①民丰黄羊岭锑矿重点勘查区", blank, "面积267.9平方千米，…"
    blocks = parse_lines(raw_lines("和田地区", 1172, 1236))
    table = next(b for b in blocks if isinstance(b, Table))
    first = table.rows[2][0].text
    assert first.startswith("①民丰黄羊岭锑矿重点勘查区\n面积267.9平方千米，重点勘查矿种：锑、金。")
    assert "④和田地区三个泉锂矿重点勘查区" in first
    # the body paragraph after two blank lines ends the table
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].text.startswith("在重点开采区内")


def test_merged_header_cells_get_spans() -> None:
    # 洛浦 专栏11: 矿种 | 勘查区块类型 ; '' | 已有勘查区块 | 规划勘查区块 ; '' | 个数 | 面积 | 个数 | 面积
    [table] = _tables(raw_lines("洛浦县", 358, 420))
    top, middle = table.rows[1], table.rows[2]
    assert [(c.text, c.col, c.col_span) for c in top] == [("矿种", 0, 1), ("勘查区块类型", 1, 4)]
    assert [(c.col, c.col_span) for c in middle] == [(0, 1), (1, 2), (3, 2)]


def test_side_by_side_header_spans_follow_the_row_below() -> None:
    # 喀什 专栏4: 序号 | 勘查矿种 | 已设探矿权 | 序号 | 勘查矿种 | 已设探矿权 over 个数 | 面积（km2）
    [table] = _tables(raw_lines("喀什地区", 286, 350))
    header = table.rows[0]
    assert [(c.text, c.col, c.col_span) for c in header if c.text == "已设探矿权"] == [
        ("已设探矿权", 2, 2),
        ("已设探矿权", 6, 2),
    ]


def test_vertically_merged_cells_are_empty_cells() -> None:
    # 喀什 专栏3: "\t", "\t", "\t伴生铜3"
    [table] = _tables(raw_lines("喀什地区", 64, 276))
    row = next(r for r in table.rows if r[2].text == "伴生铜3")
    assert [c.text for c in row[:2]] == ["", ""]


def test_a_caption_tab_line_starts_a_new_table() -> None:
    # 和田 专栏23 and its (续表) are two tables in the text
    tables = _tables(raw_lines("和田地区", 1693, 1937))
    assert [t.rows[0][0].text for t in tables] == [
        "专栏23  和田地区建筑用砂石集中开采区规划表",
        "专栏23  和田地区建筑用砂石集中开采区规划表(续表)",
    ]
