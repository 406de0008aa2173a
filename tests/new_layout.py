"""The new-layout fixture (策勒县, tests/fixtures/new_layout) and what reading it right gives.

A county plan whose 专栏1 has years as columns under a merged 规划指标 header and
约束性/预期性 in a 指标性质 column, whose 专栏2 quotes the prefecture's targets and
whose 专栏3 is a zone table with its columns in another order.  test_profiles.py reads
it with profile.yaml, test_plugin.py with the out-of-tree package tests/plugin_pkg.
"""

from __future__ import annotations

from conftest import ROOT

FOLDER = ROOT / "tests" / "fixtures" / "new_layout"
PLAN = FOLDER / "cele-county-2021-2025.tika.txt"

# (box row, column, name, measure, period, value_text, unit, attribute) of every indicator of 专栏1
INDICATORS = [
    (row, col, name, "baseline" if period == "2020" else "target", period, text, unit, attribute)
    for row, name, unit, attribute, texts in [
        (2, "新发现矿产地", "处", "expected", ("2", "3", "5")),
        (3, "新增金资源量", "金属量 吨", "expected", ("1.2", "3", "6")),
        (4, "煤炭年开采总量", "万吨", "binding", ("45", "≤60", "≤60")),
        (5, "大中型矿山比例", "%", "binding", ("12", "≥30", "≥40")),
        (6, "历史遗留矿山地质环境治理面积", "平方千米", "binding", ("1.5", "3.2", "6")),
    ]
    for col, period, text in zip((3, 4, 5), ("2020", "2025", "2035"), texts, strict=True)
]
INDICATOR_FIELDS = ("row", "col", "name", "measure", "period", "value_text", "unit", "attribute")
