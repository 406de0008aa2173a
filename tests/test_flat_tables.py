"""Flat tables: plans whose Word tables have no merged cells read like the same plans with merges.

tests/fixtures/docx_flat/<stem>.docx (`render_fixtures.py --flat`) holds each bundled plan with every
table flat: each printed cell at its grid column, the columns a merged cell covered left empty.
parsers/structure/flat_tables.py infers the header merges, so every box and every typed record equals the Tika
text's, and a database built from these files alone holds all the golden checks.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import PLAN_FILES, load_plans
from sqlalchemy import create_engine
from test_database import _golden_failures
from test_format_invariance import parsed, record_differences

from models.document import Cell, ParsedPlan, Table
from parsers.parse import parse_document
from parsers.structure.flat_tables import infer_merges, is_flat

FLAT = Path(__file__).parent / "fixtures" / "docx_flat"
REGIONS = list(PLAN_FILES)
FLAT_TABLES = {"洛浦县": 17, "和田地区": 19, "喀什地区": 20}  # every table of two or more columns


def flat_path(region: str) -> Path:
    return FLAT / f"{PLAN_FILES[region].name.removesuffix('.tika.txt')}.docx"


@cache
def flat(region: str) -> ParsedPlan:
    return parse_document(flat_path(region))


def _rows(*texts: list[str]) -> list[list[Cell]]:
    return [[Cell(r, c, text) for c, text in enumerate(row)] for r, row in enumerate(texts)]


def _merged(rows: list[list[Cell]]) -> list[list[tuple[int, int, int, str]]]:
    return [[(c.col, c.col_span, c.row_span, c.text) for c in row] for row in rows]


@pytest.mark.parametrize("region", REGIONS)
def test_flat_fixture_has_no_merges(region: str) -> None:
    from parsers.read.readers import read_document

    tables = [b for b in read_document(flat_path(region)).blocks if isinstance(b, Table)]
    assert all(c.col_span == c.row_span == 1 for t in tables for row in t.rows for c in row)
    assert all(is_flat(t) for t in tables if t.n_cols > 1)
    assert sum(is_flat(t) for t in tables) == FLAT_TABLES[region]


@pytest.mark.parametrize("region", REGIONS)
def test_flat_boxes_and_records_equal_tika(region: str) -> None:
    want, got = parsed(region, "tika_text"), flat(region)
    assert [(b.number, b.kind, b.n_cols) for b in got.boxes] == [
        (b.number, b.kind, b.n_cols) for b in want.boxes
    ]
    assert record_differences(want.records, got.records) == []


def test_flat_database_holds_every_golden_check(tmp_path: Path) -> None:
    engine = load_plans(create_engine(f"sqlite:///{tmp_path / 'flat.db'}"), map(flat_path, REGIONS))
    assert _golden_failures(engine) == []


@pytest.mark.parametrize(
    "second_row", [["", "已有", "", "规划", ""], ["", "已有", "规划", "", ""]], ids=["placed", "tika-printed"]
)
def test_nested_header_merges(second_row: list[str]) -> None:
    rows = infer_merges(
        _rows(
            ["矿种", "勘查区块类型", "", "", ""],
            second_row,
            ["", "个数", "面积", "个数", "面积"],
            ["铅", "1", "21.42", "8", "179.87"],
        )
    )
    assert _merged(rows[:2]) == [
        [(0, 1, 3, "矿种"), (1, 4, 1, "勘查区块类型")],
        [(0, 1, 1, ""), (1, 2, 1, "已有"), (3, 2, 1, "规划")],
    ]
    assert len(rows[2]) == len(rows[3]) == 5


def test_label_over_two_rows_and_empty_cells_under_a_label_of_their_own() -> None:
    rows = infer_merges(
        _rows(
            ["指标", "", "已设", "", "序号"],
            ["", "", "个数", "面积", ""],
            ["年开采总量", "煤", "8", "70.9", "1"],
        )
    )
    assert _merged(rows[:2]) == [
        [(0, 2, 2, "指标"), (2, 2, 1, "已设"), (4, 1, 2, "序号")],
        [(0, 1, 1, ""), (1, 1, 1, ""), (2, 1, 1, "个数"), (3, 1, 1, "面积"), (4, 1, 1, "")],
    ]


def test_tika_printed_header_rows_grouped_over_the_row_below() -> None:
    """Header rows printed as Tika prints them: merged cells once, left-aligned, empty cells at the end."""
    rows = infer_merges(
        _rows(
            ["序号", "矿种", "已设", "序号", "矿种", "已设", "", ""],
            ["", "", "个数", "面积", "", "", "个数", "面积"],
            ["1", "煤", "8", "70.9", "6", "铜", "7", "24.9"],
        )
    )
    assert [(c.col, c.col_span) for c in rows[0]] == [(0, 1), (1, 1), (2, 2), (4, 1), (5, 1), (6, 2)]


def test_short_header_row_placed_as_tika_places_it() -> None:
    """Printed cells left-aligned with trailing empty cells: the first cell absorbs the gap."""
    rows = infer_merges(_rows(["指标", "单位", "2025年", ""], ["年开采总量", "煤", "万吨", "300"]))
    header = [(c.col, c.col_span, c.text) for c in rows[0]]
    assert header == [(0, 2, "指标"), (2, 1, "单位"), (3, 1, "2025年")]


def test_group_label_row_spans_the_table_and_body_stays() -> None:
    rows = infer_merges(_rows(["1", "煤", "", "3"], ["国家级", "", "", ""], ["2", "铁", "", ""]))
    assert _merged(rows) == [
        [(0, 1, 1, "1"), (1, 1, 1, "煤"), (2, 1, 1, ""), (3, 1, 1, "3")],
        [(0, 4, 1, "国家级")],
        [(0, 1, 1, "2"), (1, 1, 1, "铁"), (2, 1, 1, ""), (3, 1, 1, "")],
    ]
