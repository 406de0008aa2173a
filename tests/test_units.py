"""parsers.words.units on the unit strings printed in the bundled plans, plus property tests on any text."""

from __future__ import annotations

import pytest
from conftest import raw_cells
from hypothesis import given, settings
from hypothesis import strategies as st

from models.vocabulary import vocab_rows
from parsers.words.units import Unit, compatible, parse_unit, to_si, unit_in_label

CELLS = raw_cells()

# printed unit → (basis, dimension, scale, unit_si, substance)
REAL_UNITS = {
    "矿石 万吨": ("ore", "mass", 1e4, "t", None),
    "矿石万吨": ("ore", "mass", 1e4, "t", None),
    "矿石,万吨": ("ore", "mass", 1e4, "t", None),
    "矿石,亿吨": ("ore", "mass", 1e8, "t", None),
    "矿石  吨": ("ore", "mass", 1, "t", None),
    "矿石 千吨": ("ore", "mass", 1e3, "t", None),
    "矿石 万立方米": ("ore", "volume", 1e4, "m3", None),
    "矿石 千立方米": ("ore", "volume", 1e3, "m3", None),
    "金属量 千克": ("metal", "mass", 1e-3, "t", None),
    "金属量  千克": ("metal", "mass", 1e-3, "t", None),
    "金属量   吨": ("metal", "mass", 1, "t", None),
    "金属量 万吨": ("metal", "mass", 1e4, "t", None),
    "金属 万吨": ("metal", "mass", 1e4, "t", None),
    "原煤万吨": ("raw_coal", "mass", 1e4, "t", None),
    "氧化物,吨": ("oxide", "mass", 1, "t", None),
    "氧化物,万吨": ("oxide", "mass", 1e4, "t", None),
    "TiO2  千吨": ("oxide", "mass", 1e3, "t", "TiO2"),
    "WO3  吨": ("oxide", "mass", 1, "t", "WO3"),
    "Li2O，万吨": ("oxide", "mass", 1e4, "t", "Li2O"),
    "Li2O,万吨": ("oxide", "mass", 1e4, "t", "Li2O"),
    "Li2O,吨": ("oxide", "mass", 1, "t", "Li2O"),
    "铜,万吨": ("metal", "mass", 1e4, "t", "铜"),
    "铅,万吨": ("metal", "mass", 1e4, "t", "铅"),
    "锌,万吨": ("metal", "mass", 1e4, "t", "锌"),
    "铅锌,万吨": ("metal", "mass", 1e4, "t", "铅锌"),
    "锑,万吨": ("metal", "mass", 1e4, "t", "锑"),
    "金,吨": ("metal", "mass", 1, "t", "金"),
    "银,吨": ("metal", "mass", 1, "t", "银"),
    "锰,万吨": ("metal", "mass", 1e4, "t", "锰"),
    "锡,万吨": ("metal", "mass", 1e4, "t", "锡"),
    "矿山 万吨": (None, "mass", 1e4, "t", None),
    "万吨": (None, "mass", 1e4, "t", None),
    "亿吨": (None, "mass", 1e8, "t", None),
    "千吨": (None, "mass", 1e3, "t", None),
    "万立方米": (None, "volume", 1e4, "m3", None),
    "亿立方米": (None, "volume", 1e8, "m3", None),
    "平方千米": (None, "area", 1, "km2", None),
    "公顷": (None, "area", 0.01, "km2", None),
    "个": (None, "count", 1, "count", None),
    "处": (None, "count", 1, "count", None),
    "大、中型处": (None, "count", 1, "count", None),
    "%": (None, "percent", 1, "%", None),
    "百分比": (None, "percent", 1, "%", None),
    "兆焦": (None, "energy", 1, "MJ", None),
}
# Cells that are not units, or not one unit: only ``text`` is set.
REAL_NON_UNITS = [
    "单位",
    "单位/年",
    "矿物/矿石万吨",
    "矿种",
    "个数",
    "铜矿",
    "铅锌矿",
    "煤",
    "石膏",
    "预期性",
    "2025年",
]
REAL_LABELS = {
    "面积（平方千米）": ("面积", "平方千米"),
    "面积(平方千米)": ("面积", "平方千米"),
    "面积（km2）": ("面积", "km2"),
    "经济区面积（km2）": ("经济区面积", "km2"),
    "新发现矿产地（处）": ("新发现矿产地", "处"),
    "矿业产值（万元）": ("矿业产值", "万元"),
    "生产矿山数（个）": ("生产矿山数", "个"),
    "矿区数（个）": ("矿区数", "个"),
    "开采规划区块数量（个）": ("开采规划区块数量", "个"),
    "完成情况（平方千米）": ("完成情况", "平方千米"),
    "完成率%": ("完成率", "%"),
}
REAL_LABELS_WITHOUT_UNIT = [
    "金（岩金）",
    "煤（地下开采）",
    "萤石(普通)",
    "萤石（CaF2）",
    "硼（B2O3）",
    "铁（地下开采/露天开采）",
    "非金属矿产（含水气矿产）（31种）",
    "面积",
]


@pytest.mark.parametrize("text", [*REAL_UNITS, *REAL_NON_UNITS, *REAL_LABELS, *REAL_LABELS_WITHOUT_UNIT])
def test_cases_are_printed_in_the_plans(text: str) -> None:
    assert text in CELLS


@pytest.mark.parametrize(("text", "expected"), REAL_UNITS.items())
def test_real_units(text: str, expected: tuple[str | None, str, float, str, str | None]) -> None:
    basis, dimension, scale, unit_si, substance = expected
    assert parse_unit(text) == Unit(text, basis, dimension, pytest.approx(scale), unit_si, substance)


@pytest.mark.parametrize("text", [*REAL_NON_UNITS, "", None])
def test_real_non_units(text: str | None) -> None:
    assert parse_unit(text) == Unit(text or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("矿物", Unit("矿物", basis="mineral")),
        ("CaF2", Unit("CaF2", basis="oxide", substance="CaF2")),
        ("铜 矿石 万吨", Unit("铜 矿石 万吨", "ore", "mass", 1e4, "t", "铜")),
        ("万吨/年", Unit("万吨/年", None, "mass", 1e4, "t")),
        ("亿m3", Unit("亿m3", None, "volume", 1e8, "m3")),
        ("km²", Unit("km²", None, "area", 1, "km2")),
        ("平方公里", Unit("平方公里", None, "area", 1, "km2")),
        ("亿元", Unit("亿元", None, "money", 1e8, "yuan")),
        ("年", Unit("年", None, "time", 1, "year")),
        ("千米", Unit("千米", None, "length", 1, "km")),
        ("金属量 矿石 吨", Unit("金属量 矿石 吨")),  # two bases: never guessed
        ("万吨 矿石", Unit("万吨 矿石")),  # basis after the unit word: not the plans' grammar
    ],
)
def test_other_printed_units(text: str, expected: Unit) -> None:
    assert parse_unit(text) == expected


@pytest.mark.parametrize(
    ("value", "text", "si"),
    [
        (2596.5, "金属量 千克", 2.5965),
        (100, "矿石 万吨", 1e6),
        (510, "万立方米", 5.1e6),
        (19.96e11, "兆焦", 19.96e11),
        (500, "亿立方米", 5e10),
        (6.2921, "平方千米", 6.2921),
        (1500, "亩", 1),
        (3, "千焦", 3e-3),
        (2, "吉焦", 2e3),
        (5e6, "焦耳", 5),
    ],
)
def test_to_si(value: float, text: str, si: float) -> None:
    assert to_si(value, parse_unit(text)) == pytest.approx(si)


def test_to_si_without_value_or_scale() -> None:
    assert to_si(None, parse_unit("万吨")) is None
    assert to_si(3, parse_unit("单位")) is None


@pytest.mark.parametrize(("label", "expected"), REAL_LABELS.items())
def test_unit_in_label(label: str, expected: tuple[str, str]) -> None:
    assert unit_in_label(label) == expected


@pytest.mark.parametrize("label", REAL_LABELS_WITHOUT_UNIT)
def test_label_without_unit(label: str) -> None:
    assert unit_in_label(label) == (label, None)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("矿石 万吨", "矿石,亿吨", True),
        ("铜,万吨", "金属量 千克", True),
        ("万吨", "亿吨", True),
        ("矿石 万吨", "金属量 万吨", False),
        ("矿石 万吨", "万吨", False),
        ("万吨", "万立方米", False),
        ("单位", "单位", False),
    ],
)
def test_compatible(a: str, b: str, expected: bool) -> None:
    assert compatible(parse_unit(a), parse_unit(b)) == expected == compatible(parse_unit(b), parse_unit(a))


VOCAB = vocab_rows("units.csv")


def _words(kind: str) -> list[dict[str, str]]:
    return [row for row in VOCAB if row["kind"] == kind]


def test_vocabulary_rows_are_complete() -> None:
    assert len({row["word"] for row in VOCAB}) == len(VOCAB)
    assert all(row["factor"] and row["dimension"] and row["unit_si"] for row in _words("unit"))
    assert all(row["factor"] for row in _words("scale"))
    assert all(row["basis"] for row in [*_words("basis"), *_words("substance")])


@settings(max_examples=200)
@given(
    st.sampled_from(_words("basis")),
    st.sampled_from(["", " ", "  ", ",", "，"]),
    st.sampled_from([*_words("scale"), None]),
    st.sampled_from(_words("unit")),
)
def test_basis_scale_and_unit_compose(
    basis: dict[str, str], separator: str, scale: dict[str, str] | None, unit: dict[str, str]
) -> None:
    text = f"{basis['word']}{separator}{scale['word'] if scale else ''}{unit['word']}"
    parsed = parse_unit(text)
    assert (parsed.basis, parsed.dimension, parsed.unit_si) == (
        basis["basis"],
        unit["dimension"],
        unit["unit_si"],
    )
    assert parsed.scale == pytest.approx(
        parse_unit(unit["word"]).scale * (float(scale["factor"]) if scale else 1)
    )
    assert parse_unit(f"{text}/年").dimension == unit["dimension"]


@settings(max_examples=200)
@given(st.one_of(st.text(), st.sampled_from(sorted(CELLS))))
def test_parse_unit_never_crashes_and_keeps_text(text: str) -> None:
    unit = parse_unit(text)
    assert unit.text == text
    assert (unit.dimension is None) == (unit.scale is None) == (unit.unit_si is None)
    assert unit.scale is None or unit.scale > 0
    assert compatible(unit, unit) == (unit.dimension is not None)


@settings(max_examples=200)
@given(st.text())
def test_unit_in_label_never_crashes(label: str) -> None:
    name, unit = unit_in_label(label)
    assert (name, unit) == (label, None) or (name and parse_unit(unit).dimension is not None)
