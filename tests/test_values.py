"""parsers.words.values on the cell texts printed in the bundled plans, plus property tests on any text."""

from __future__ import annotations

import re

import pytest
from conftest import raw_cells
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.words.values import Quantity, is_numeric, parse_quantity, split_qualified_count, split_slashed

CELLS = raw_cells()

REAL_QUANTITIES = {
    "≥40": (40, None, "ge", None),
    "≥80": (80, None, "ge", None),
    "≤50": (50, None, "le", None),
    "5～8": (5, 8, "range", None),
    "5～10": (5, 10, "range", None),
    "1～2": (1, 2, "range", None),
    "2-3": (2, 3, "range", None),
    "2021-2022": (2021, 2022, "range", None),
    "5%": (5, None, "eq", "%"),
    "10年": (10, None, "eq", "年"),
    "15年": (15, None, "eq", "年"),
    "10万立方米": (10, None, "eq", "万立方米"),
    "19.96×1011": (1.996e12, None, "eq", None),
    "3.07 ": (3.07, None, "eq", None),
    "1674.3 ": (1674.3, None, "eq", None),
    "1 ": (1, None, "eq", None),
    "0.033": (0.033, None, "eq", None),
    "345056.3": (345056.3, None, "eq", None),
}
REAL_NON_QUANTITIES = [
    "-",
    " -",
    "/",
    "",
    "100/200",
    "3/-",
    "0.6/8",
    "基本覆盖昆仑山",
    "伴生3",
    "非伴生矿17",
    "我区按90万吨",
    "CZ075",
    "1∶5 万区域地质矿产调查",
    "1︰5～1︰10万水文地质调查",
    "预期性",
]
REAL_SLASHED = {
    "100/200": ["100", "200"],
    "3/-": ["3", "-"],
    "0.6/8": ["0.6", "8"],
    "15": ["15"],
    "矿物/矿石万吨": ["矿物", "矿石万吨"],
    "30/60": ["30", "60"],
}
REAL_QUALIFIED = {
    "伴生铜3": ("伴生铜", 3),
    "非伴生矿17": ("非伴生矿", 17),
    "18": (None, 18),
    "原生矿1": ("原生矿", 1),
    "伴生3": ("伴生", 3),
    "水泥用灰岩13": ("水泥用灰岩", 13),
    "非伴生银1": ("非伴生银", 1),
}


@pytest.mark.parametrize("text", [*REAL_QUANTITIES, *REAL_NON_QUANTITIES, *REAL_SLASHED, *REAL_QUALIFIED])
def test_cases_are_printed_in_the_plans(text: str) -> None:
    assert text in CELLS


@pytest.mark.parametrize(("text", "expected"), REAL_QUANTITIES.items())
def test_real_quantities(text: str, expected: tuple[float, float | None, str, str | None]) -> None:
    value, value_max, comparator, suffix = expected
    assert parse_quantity(text) == Quantity(text, pytest.approx(value), value_max, comparator, suffix)
    assert is_numeric(text)


@pytest.mark.parametrize("text", REAL_NON_QUANTITIES)
def test_real_non_quantities(text: str) -> None:
    assert parse_quantity(text) == Quantity(text)
    assert not is_numeric(text)


@pytest.mark.parametrize(
    ("text", "value", "value_max", "comparator", "suffix"),
    [
        (">=40", 40, None, "ge", None),
        ("＞5", 5, None, "ge", None),
        ("5~8", 5, 8, "range", None),
        ("5—10", 5, 10, "range", None),
        ("约100", 100, None, "approx", None),
        ("100左右", 100, None, "approx", None),
        ("100万吨以上", 100, None, "ge", "万吨"),
        ("19.96×10^11", 1.996e12, None, "eq", None),
        ("19.96×10¹¹", 1.996e12, None, "eq", None),
        ("１２．５", 12.5, None, "eq", None),
        ("５％", 5, None, "eq", "%"),
        ("1,234.5", 1234.5, None, "eq", None),
    ],
)
def test_other_printed_forms(
    text: str, value: float, value_max: float | None, comparator: str, suffix: str | None
) -> None:
    assert parse_quantity(text) == Quantity(text, pytest.approx(value), value_max, comparator, suffix)


@pytest.mark.parametrize("text", ["—", "－", "无", "10个县", "1" + "0" * 400, "1×10999"])
def test_no_single_finite_number(text: str) -> None:
    assert parse_quantity(text).value is None


def test_every_plain_number_cell_parses_to_its_value() -> None:
    plain = [cell for cell in CELLS if re.fullmatch(r"\s*\d+(\.\d+)?\s*", cell)]
    assert len(plain) > 300
    assert all(parse_quantity(cell).value == float(cell) for cell in plain)


@pytest.mark.parametrize(("text", "parts"), REAL_SLASHED.items())
def test_split_slashed(text: str, parts: list[str]) -> None:
    assert split_slashed(text) == parts


@pytest.mark.parametrize(("text", "expected"), REAL_QUALIFIED.items())
def test_split_qualified_count(text: str, expected: tuple[str | None, float]) -> None:
    qualifier, quantity = split_qualified_count(text)
    assert (qualifier, quantity.value) == expected


def test_split_qualified_count_without_number() -> None:
    assert split_qualified_count("基本覆盖昆仑山") == (None, Quantity("基本覆盖昆仑山"))


numbers = st.integers(0, 10**12).map(lambda n: f"{n // 1000}.{n % 1000:03d}")  # printed like "1674.300"


@settings(max_examples=200)
@given(st.text())
def test_parse_quantity_never_crashes_and_keeps_text(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.text == text
    assert (quantity.value is None) == (quantity.comparator is None)
    assert (quantity.value_max is not None) == (quantity.comparator == "range")
    assert is_numeric(text) == (quantity.value is not None)


@settings(max_examples=200)
@given(numbers, st.sampled_from(["", " ", "　"]))
def test_printed_numbers_round_trip(number: str, pad: str) -> None:
    quantity = parse_quantity(f"{pad}{number}{pad}")
    assert (quantity.value, quantity.comparator) == (float(number), "eq")


FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@settings(max_examples=200)
@given(numbers)
def test_full_width_numbers_read_like_ascii(number: str) -> None:
    assert parse_quantity(number.translate(FULL_WIDTH)).value == float(number)


@settings(max_examples=200)
@given(numbers, numbers, st.sampled_from(["～", "~", "-", "—"]))
def test_printed_ranges(low: str, high: str, separator: str) -> None:
    quantity = parse_quantity(f"{low}{separator}{high}")
    assert (quantity.value, quantity.value_max, quantity.comparator) == (float(low), float(high), "range")


@settings(max_examples=200)
@given(st.text())
def test_split_slashed_cuts_at_every_slash(text: str) -> None:
    parts = split_slashed(text)
    assert len(parts) == text.count("/") + text.count("／") + 1
    assert not any("/" in part or "／" in part for part in parts)


@settings(max_examples=200)
@given(st.text())
def test_split_qualified_count_never_crashes(text: str) -> None:
    qualifier, quantity = split_qualified_count(text)
    assert qualifier is None or (qualifier and quantity.value is not None)
