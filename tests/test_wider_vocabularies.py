"""Units and column headers as the plans of other provinces print them (models/vocab/units.csv,
models/vocab/column_roles.csv): each word maps to what it means, and nothing the bundled plans
print changes meaning (tests/test_format_invariance.py, tests/test_database.py)."""

from __future__ import annotations

import pytest

from parsers.words.lexicon import role_of
from parsers.words.units import parse_unit


@pytest.mark.parametrize(
    ("printed", "dimension", "scale"),
    [
        ("亿标准立方米", "volume", 1e8),  # natural gas, shale gas
        ("万立方", "volume", 1e4),
        ("眼", "count", 1),  # geothermal and mineral-water wells
        ("口", "count", 1),  # wells
        ("块", "count", 1),  # blocks
        ("条", "count", 1),
        ("m³", "volume", 1),
        ("km²", "area", 1),
    ],
)
def test_units_other_provinces_print(printed: str, dimension: str, scale: float) -> None:
    unit = parse_unit(printed)
    assert (unit.dimension, unit.scale) == (dimension, scale)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("所在地", "region"),
        ("所属县", "region"),
        ("区块编码", "code"),
        ("分区类型", "zone_type"),
        ("实施期限", "period"),
        ("起止年限", "period"),
        ("2025年规划值", "target"),
        ("预期值", "target"),
        ("实际完成", "actual"),
        ("实际完成率", "completion_rate"),
        ("矿产地处数", "count"),
        ("最小开采规模", "min_scale"),
    ],
)
def test_column_headers_other_provinces_print(header: str, role: str) -> None:
    assert role_of(header) == role
