"""The PDF engine (parsers/read/pdf/) case by case, on small PDFs drawn in the test (tests/pdf_drawing.py).

Each test draws one hard case - a rule grid with a missing edge, a table cut by a page break right
after its caption row or its header row, a row cut by a page break, a running header, a wrapped
cell, a borderless table - and checks the blocks the reader gives; the option tests check that a
PdfOptions field changes what is read, and that bad options are refused.  The glyph device
(parsers/read/pdf/device.py) must give every glyph the box pdfminer's own LTChar gives it, written
across or down the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from pdf_drawing import Drawing, paragraphs, tables
from pydantic import ValidationError

from models.document import Table
from parsers.interpret.profiles import ProfileError, ProfileSet, parse_profile
from parsers.parse import parse_document
from parsers.read.pdf.options import DEFAULT_OPTIONS, PdfOptions
from parsers.read.pdf.pages import read_pages

COLUMNS = [50.0, 150.0, 250.0, 350.0]


@pytest.mark.parametrize("vertical", [False, True], ids=["horizontal", "vertical"])
def test_the_glyph_device_gives_pdfminers_own_glyph_boxes(vertical: bool) -> None:
    drawing = Drawing()
    drawing.text(60, 100, "矿产资源 Cu 1.5%", size=12, vertical=vertical)
    drawing.text(300, 400, "总体规划", size=9)
    data = drawing.pdf()
    [page] = read_pages(data, "drawn.pdf", DEFAULT_OPTIONS)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
        assert [(g.text, g.x0, g.x1, g.top, g.bottom, g.size) for g in page.glyphs] == [
            (c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"]) for c in chars
        ]


def test_a_grid_edge_without_a_rule_merges_the_cells_beside_it() -> None:
    drawing = Drawing()
    rows = [["合并单元格", ""], ["甲", "乙"], ["丙", ""]]
    # no vertical rule between the columns of row 0, no horizontal rule under row 1's second cell
    drawing.grid(COLUMNS[:3], [100, 120, 140, 160], rows, missing=[("v", 0, 1), ("h", 2, 1)])
    [table] = [block for block in drawing.read() if isinstance(block, Table)]
    assert [[(c.text, c.col, c.col_span, c.row_span) for c in row] for row in table.rows] == [
        [("合并单元格", 0, 2, 1)],
        [("甲", 0, 1, 1), ("乙", 1, 1, 2)],
        [("丙", 0, 1, 1), ("", 1, 1, 1)],
    ]


def test_a_table_cut_right_after_its_caption_row_is_one_table() -> None:
    drawing = Drawing()
    drawing.text(50, 100, "正文第一段。")
    drawing.grid(COLUMNS, [780, 800], [["专栏1  测试表"]], missing=[("v", 0, 1), ("v", 0, 2)])
    drawing.next_page()
    drawing.grid(COLUMNS, [60, 80, 100], [["序号", "矿种", "数量"], ["1", "铜", "12"]])
    blocks = drawing.read()
    assert paragraphs(blocks) == ["正文第一段。"]
    [table] = [block for block in blocks if isinstance(block, Table)]
    assert [[(c.text, c.col_span, c.page) for c in row] for row in table.rows] == [
        [("专栏1  测试表", 3, 1)],
        [("序号", 1, 2), ("矿种", 1, 2), ("数量", 1, 2)],
        [("1", 1, 2), ("铜", 1, 2), ("12", 1, 2)],
    ]


@pytest.mark.parametrize("repeated", [True, False], ids=["header repeated", "header not repeated"])
def test_a_table_cut_right_after_its_header_row_is_one_table_with_one_header(repeated: bool) -> None:
    drawing = Drawing()
    drawing.text(50, 740, "专栏2  测试表")
    header = ["序号", "矿种", "数量"]
    drawing.grid(COLUMNS, [780, 800], [header])
    drawing.next_page()
    rows = [*([header] if repeated else []), ["1", "铜", "12"], ["2", "金", "5"]]
    drawing.grid(COLUMNS, [60 + 20 * i for i in range(len(rows) + 1)], rows)
    blocks = drawing.read()
    assert paragraphs(blocks) == ["专栏2  测试表"]
    assert tables(blocks) == [[header, ["1", "铜", "12"], ["2", "金", "5"]]]


def test_a_row_cut_by_a_page_break_is_joined_back() -> None:
    drawing = Drawing()
    drawing.grid(COLUMNS[:3], [740, 760, 800], [["序号", "名称"]])
    drawing.text(55, 774, "1")
    drawing.text(155, 774, "一二三四五六七八九")  # nine glyphs fill the cell's line
    drawing.text(155, 786, "十一二三四五六七八")
    drawing.next_page()
    drawing.grid(COLUMNS[:3], [60, 80, 100], [["", "九十"], ["2", "乙"]])  # its number left empty: cut
    assert tables(drawing.read()) == [
        [["序号", "名称"], ["1", "一二三四五六七八九十一二三四五六七八九十"], ["2", "乙"]]
    ]


def _running_pages(drawing: Drawing, count: int) -> Drawing:
    for number in range(1, count + 1):
        drawing.text(200, 40, "某某县矿产资源总体规划")
        drawing.text(50, 200, f"第{number}页的正文。")
        drawing.text(290, 810, f"- {number} -")
        if number < count:
            drawing.next_page()
    return drawing


def test_a_running_header_and_page_numbers_are_dropped() -> None:
    blocks = _running_pages(Drawing(), 4).read()
    assert "".join(paragraphs(blocks)) == "第1页的正文。第2页的正文。第3页的正文。第4页的正文。"


def test_a_header_on_fewer_pages_than_running_min_pages_is_text() -> None:
    blocks = _running_pages(Drawing(), 4).read(PdfOptions(running_min_pages=5))
    assert paragraphs(blocks) == [f"某某县矿产资源总体规划第{n}页的正文。" for n in range(1, 5)]


def test_a_wrapped_cell_is_joined_and_a_line_that_stopped_short_ends_a_paragraph() -> None:
    drawing = Drawing()
    drawing.grid(COLUMNS[:3], [100, 140])
    drawing.text(55, 114, "一二三四五六七八九")  # fills the cell's line: the next line wrapped
    drawing.text(55, 126, "十一")
    drawing.text(155, 114, "短句。")  # "新" would have fitted after it: a new paragraph
    drawing.text(155, 126, "新段落")
    assert tables(drawing.read()) == [[["一二三四五六七八九十一", "短句。\n新段落"]]]


def _borderless() -> Drawing:
    drawing = Drawing()
    drawing.text(50, 100, "专栏3  已发现矿种")
    for r, row in enumerate([["序号", "矿种", "数量"], ["1", "铜", "12"], ["2", "金", "5"]]):
        for x, text in zip([50, 120, 220], row, strict=True):
            drawing.text(x, 120 + 16 * r, text)
    drawing.text(50, 190, "表后的正文段落。")
    return drawing


def test_a_borderless_table_is_read_from_its_columns() -> None:
    blocks = _borderless().read()
    assert paragraphs(blocks) == ["专栏3  已发现矿种", "表后的正文段落。"]
    assert tables(blocks) == [[["序号", "矿种", "数量"], ["1", "铜", "12"], ["2", "金", "5"]]]


def test_a_column_gap_wider_than_the_gaps_finds_no_borderless_table() -> None:
    blocks = _borderless().read(PdfOptions(column_gap=9.0))
    assert tables(blocks) == []
    assert paragraphs(blocks)[0] == "专栏3  已发现矿种"


def _box_with_a_loose_corner(drawing: Drawing) -> Drawing:
    drawing.rule(50, 100, 300, 100)
    drawing.rule(50, 140, 300, 140)
    drawing.rule(50, 100, 50, 140)
    drawing.rule(303, 100, 303, 140)  # 3 pt right of where the horizontal rules end
    drawing.text(55, 124, "框内文字")
    return drawing


def test_rules_meet_within_snap_points() -> None:
    assert tables(_box_with_a_loose_corner(Drawing()).read()) == []
    assert tables(_box_with_a_loose_corner(Drawing()).read(PdfOptions(snap=4.0))) == [[["框内文字"]]]


def test_the_defaults_are_the_tolerances_fitted_to_the_bundled_plans() -> None:
    options = PdfOptions()
    assert (options.snap, options.column_gap, options.row_rule) == (2.0, 0.9, 0.03)
    assert options.running_min_pages == 3
    with pytest.raises(ValidationError):
        options.snap = 3.0  # type: ignore[misc]  (frozen)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"snap": 0}, "snap\n  Input should be greater than 0"),
        ({"margin_band": 0.5}, "margin_band\n  Input should be less than 0.5"),
        ({"min_rows": 1.5}, "min_rows\n  Input should be a valid integer"),
        ({"column_gap": "1"}, "column_gap\n  Input should be a valid number"),
        ({"word_gap": 1.0}, "word_gap (1.0 em) must be narrower than column_gap (0.9 em)"),
        ({"snapp": 3}, "snapp\n  Extra inputs are not permitted"),
    ],
)
def test_bad_options_are_refused_with_the_field(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        PdfOptions.model_validate(values)


def test_a_profile_pdf_section_sets_the_options() -> None:
    profile = parse_profile("match: {region: 洛浦县}\npdf: {snap: 3.5, column_gap: 1.2}\n", Path("p.yaml"))
    assert profile.pdf == PdfOptions(snap=3.5, column_gap=1.2)
    assert parse_profile("match: {region: 洛浦县}\n", Path("p.yaml")).pdf is None


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ("{snapp: 3}", "p.yaml: pdf.snapp: unknown key 'snapp' (did you mean 'snap'?)"),
        ("{row_rule: -1}", "p.yaml: pdf.row_rule: Input should be greater than or equal to 0"),
    ],
)
def test_a_profile_pdf_section_with_a_bad_key_is_refused_by_name(section: str, problem: str) -> None:
    with pytest.raises(ProfileError) as refused:
        parse_profile(f"match: {{region: 洛浦县}}\npdf: {section}\n", Path("p.yaml"))
    assert str(refused.value) == problem


def _plan_pdf() -> bytes:
    drawing = Drawing()
    drawing.text(150, 60, "和田县矿产资源总体规划（2021—2025年）", size=16)
    drawing.text(50, 100, "专栏1  规划指标")
    drawing.grid(COLUMNS, [110, 130, 150], [["序号", "指标", "数量"], ["1", "铜", "12"]])
    drawing.text(50, 200, "专栏2  已发现矿种")
    for r, row in enumerate([["序号", "矿种", "数量"], ["1", "铜", "12"], ["2", "金", "5"]]):
        for x, text in zip([50, 120, 220], row, strict=True):
            drawing.text(x, 220 + 16 * r, text)
    drawing.text(50, 290, "表后的正文段落。")
    return drawing.pdf()


def test_a_matching_profile_reads_the_pdf_again_with_its_options() -> None:
    data = _plan_pdf()
    assert [box.number for box in parse_document(Path("drawn.pdf"), data, ProfileSet()).boxes] == [1, 2]
    profile = parse_profile("match: {region: 和田县}\npdf: {column_gap: 9.0}\n", Path("p.yaml"))
    plan = parse_document(Path("drawn.pdf"), data, ProfileSet((profile,)))
    assert [box.number for box in plan.boxes] == [1]  # no borderless table with columns 9 em apart
