"""Borderless PDFs: tables read from text alignment (parsers/read/pdf/alignment.py) where no rules are drawn.

tests/fixtures/pdf_borderless/<stem>.pdf is tests/fixtures/pdf/<stem>.pdf with every painted path cut
out (tests/fixtures/render_fixtures.py --borderless): the same glyphs, no ruling lines.  The reader
must still find every 专栏 box with its columns, and the typed records.  Where text alignment cannot
tell what rules showed, records differ: the floors below are what the alignment rules reach today
(all 755: 78 of 洛浦, 371 of 和田, 306 of 喀什 equal to the Tika parse's); never lower them to pass.

tests/fixtures/pdf_framed/<stem>.pdf is the borderless 洛浦 PDF with a rectangle stroked around every
page (render_fixtures.py --framed), as government PDFs print a border: the frame is dropped before
alignment is read, so it must read exactly as the unframed copy.
"""

from __future__ import annotations

import difflib
from dataclasses import fields
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from conftest import PLAN_FILES
from test_format_invariance import parsed

from models.document import ParsedPlan
from models.records import Records
from parsers.parse import parse_document
from parsers.words.text import compact

BORDERLESS = Path(__file__).parent / "fixtures" / "pdf_borderless"
RULED = Path(__file__).parent / "fixtures" / "pdf"
FRAMED = Path(__file__).parent / "fixtures" / "pdf_framed"

# the share of the Tika parse's records that the borderless PDF gives equal, at least
MATCHED = {"洛浦县": 1.0, "和田地区": 1.0, "喀什地区": 1.0}


def _stem(region: str) -> str:
    return PLAN_FILES[region].name.removesuffix(".tika.txt")


@cache
def borderless(region: str) -> ParsedPlan:
    return parse_document(BORDERLESS / f"{_stem(region)}.pdf")


def equal_records(expected: Records, actual: Records) -> int:
    """How many records of `actual` equal one of `expected`, in order, type by type."""
    equal = 0
    for kind in fields(Records):
        want = [repr(r) for r in getattr(expected, kind.name)]
        got = [repr(r) for r in getattr(actual, kind.name)]
        matcher = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
        equal += sum(block.size for block in matcher.get_matching_blocks())
    return equal


@pytest.mark.parametrize("region", list(PLAN_FILES))
def test_the_borderless_fixture_has_no_rules_and_the_same_glyphs(region: str) -> None:
    with (
        pdfplumber.open(RULED / f"{_stem(region)}.pdf") as ruled,
        pdfplumber.open(BORDERLESS / f"{_stem(region)}.pdf") as plain,
    ):
        for before, after in zip(ruled.pages, plain.pages, strict=True):
            assert not (after.lines or after.rects or after.curves)
            assert [(c["text"], c["x0"], c["top"]) for c in after.chars] == [
                (c["text"], c["x0"], c["top"]) for c in before.chars
            ]


@pytest.mark.parametrize("region", list(PLAN_FILES))
def test_every_box_is_found_without_rules_with_its_columns(region: str) -> None:
    found = [(box.number, box.n_cols) for box in borderless(region).boxes]
    assert found == [(box.number, box.n_cols) for box in parsed(region, "pdf").boxes]


@pytest.mark.parametrize("region", list(PLAN_FILES))
def test_records_from_alignment_match_the_tika_parse(region: str) -> None:
    tika = parsed(region, "tika_text").records
    total = sum(len(getattr(tika, kind.name)) for kind in fields(Records))
    share = equal_records(tika, borderless(region).records) / total
    assert share >= MATCHED[region], f"{share:.1%} of {total} records equal"


@pytest.mark.parametrize("region", list(PLAN_FILES))
def test_every_aligned_box_and_cell_has_a_page(region: str) -> None:
    plan = borderless(region)
    assert all(box.page is not None for box in plan.boxes)
    assert all(cell.page is not None for box in plan.boxes for cell in box.cells)


def test_a_cells_wrapped_lines_stay_in_its_row() -> None:
    # 洛浦 专栏4: 主要矿产年开 / 采量 is one cell of the row of 铅 (the next line had no room left)
    box = next(b for b in borderless("洛浦县").boxes if b.number == 4)
    assert box.grid()[1][0].text == "主要矿产年开采量"
    assert box.grid()[1][1].text == "铅"


def test_header_cells_merged_over_empty_columns_get_their_span() -> None:
    # 洛浦 专栏11: 勘查区块类型 over four columns, 已有勘查区块 and 规划勘查区块 over two each
    header = borderless("洛浦县").boxes[10].grid()[:2]
    assert [(c.text, c.col, c.col_span) for row in header for c in row if c.text] == [
        ("矿种", 0, 1),
        ("勘查区块类型", 1, 4),
        ("已有勘查区块", 1, 2),
        ("规划勘查区块", 3, 2),
    ]


def test_a_table_continued_over_a_page_break_without_rules_is_one_box() -> None:
    # 喀什 专栏15 runs from page 25 to page 28; page 26 opens with the rest of a name cell (开采区)
    box = next(b for b in borderless("喀什地区").boxes if b.number == 15)
    assert (box.page, box.n_rows) == (25, 17)
    assert {c.page for c in box.cells} == {25, 26, 27, 28}
    assert compact(box.grid()[1][2].text) == "英吉沙县依格孜牙石灰岩矿开采区"


def test_a_one_column_box_is_read_from_its_caption_to_the_body_text() -> None:
    # 和田 专栏14: prose under its caption, ended by the body paragraph at the body's line gap
    box = next(b for b in borderless("和田地区").boxes if b.number == 14)
    assert (box.n_rows, box.n_cols) == (1, 1)
    assert box.cells[0].text.startswith("①重点勘查开采矿种\n石油、天然气")
    assert box.cells[0].text.endswith("对局部地区生态环境造成重大破坏的矿种。")


@pytest.mark.parametrize("number", [13, 15, 17])
def test_a_one_column_box_gets_its_rows_from_the_line_pitch(number: int) -> None:
    # 和田 专栏13/15/17: two rows each, the row boundary a slightly wider line pitch than inside a row
    box = next(b for b in borderless("和田地区").boxes if b.number == number)
    tika = next(b for b in parsed("和田地区", "tika_text").boxes if b.number == number)
    assert (box.n_rows, box.n_cols) == (2, 1)
    assert [cell.text for cell in box.cells] == [cell.text for cell in tika.cells]


def test_lines_that_span_a_captioned_table_are_rows_by_their_pitch() -> None:
    # 和田 专栏16: 国家级 is a row, the ①…④ paragraphs under it one cell, both across the two columns
    grid = next(b for b in borderless("和田地区").boxes if b.number == 16).grid()
    assert len(grid) == 5
    assert [(c.text, c.col_span) for c in grid[0]] == [("国家级", 2)]
    assert grid[1][0].col_span == 2
    assert grid[1][0].text.startswith(
        "①民丰黄羊岭锑矿重点勘查区\n面积267.9平方千米，重点勘查矿种：锑、金。\n②"
    )
    assert grid[1][0].text.endswith("④和田地区三个泉锂矿重点勘查区\n面积79.9平方千米，重点勘查矿种：锂。")
    assert grid[2][0].text == "自治区级"


def test_lines_atop_a_page_in_a_cells_column_go_on_in_that_cell() -> None:
    # 和田 专栏16: page 19 opens with ⑧…⑫ in the second column only, the rest of the row of page 18
    grid = next(b for b in borderless("和田地区").boxes if b.number == 16).grid()
    assert grid[4][0].text == "地区级"
    assert grid[4][1].text.endswith("⑫西昆仑岔路口-甜水海重点勘查区\n面积2307.4平方千米，重点勘查矿种：铅。")


def test_a_header_alone_at_a_page_end_joins_the_table_on_the_next_page() -> None:
    # 喀什 专栏13: its header is the last line of page 20, its rows on page 21, its caption after them
    box = next(b for b in borderless("喀什地区").boxes if b.number == 13)
    assert (box.page, box.n_rows, box.n_cols) == (20, 11, 6)
    assert [c.text for c in box.grid()[0]] == [
        "级别",
        "编号",
        "名称",
        "规划类型",
        "面积（平方千米）",
        "主要矿种",
    ]


def test_a_new_paragraph_in_the_first_column_at_a_cells_pitch_stays_in_its_row() -> None:
    # 喀什 专栏13: 自治区 / 规划区 is one cell, its line at the pitch of a cell's lines, not a row's
    box = next(b for b in borderless("喀什地区").boxes if b.number == 13)
    assert [c.text for c in box.grid()[3]] == [
        "自治区\n规划区",
        "ZB005",
        "塔什库尔干老并铁矿战略性矿产资源保护区",
        "战略性保护区",
        "13.0",
        "铁",
    ]


def test_the_framed_fixture_draws_one_frame_a_page_and_the_same_glyphs() -> None:
    with (
        pdfplumber.open(BORDERLESS / f"{_stem('洛浦县')}.pdf") as plain,
        pdfplumber.open(FRAMED / f"{_stem('洛浦县')}.pdf") as framed,
    ):
        for before, after in zip(plain.pages, framed.pages, strict=True):
            assert not (after.lines or after.curves)
            [frame] = after.rects
            assert frame["stroke"] and frame["x0"] < min(c["x0"] for c in after.chars)
            assert frame["bottom"] > max(c["bottom"] for c in after.chars)
            assert [(c["text"], c["x0"], c["top"]) for c in after.chars] == [
                (c["text"], c["x0"], c["top"]) for c in before.chars
            ]


def test_a_frame_around_every_page_does_not_hide_the_aligned_tables() -> None:
    # the frame is a one-cell box around every glyph of its page; dropped before alignment is read
    framed = parse_document(FRAMED / f"{_stem('洛浦县')}.pdf")
    plain = borderless("洛浦县")
    assert [(b.number, b.n_rows, b.n_cols) for b in framed.boxes] == [
        (b.number, b.n_rows, b.n_cols) for b in plain.boxes
    ]
    assert [b.grid() for b in framed.boxes] == [b.grid() for b in plain.boxes]
    assert repr(framed.records) == repr(plain.records)
    tika = parsed("洛浦县", "tika_text").records
    total = sum(len(getattr(tika, kind.name)) for kind in fields(Records))
    assert equal_records(tika, framed.records) == total == 78
