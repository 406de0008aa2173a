"""The report's charts compare like with like: one mineral category, basis and unit per chart, a log
axis where the values span orders of magnitude (pipeline/outputs/report.py: target_charts, scale_charts)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from pipeline.outputs.report import (
    _SCALES,
    _TARGETS,
    TARGET_PERIODS,
    scale_charts,
    target_charts,
    write_report,
)


def _frame(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as con:
        return pd.read_sql_query(sql, con)


def test_target_charts_never_mix_bases_units_or_kinds_of_mineral(sqlite_db: Engine) -> None:
    targets = _frame(sqlite_db, _TARGETS)
    targets = targets[targets["period"].isin(TARGET_PERIODS) & targets["unit_si"].isin(["t", "m3"])]
    charts = {chart.title: chart for chart in target_charts(targets)}
    assert all(not chart.table.empty for chart in charts.values())
    metal = charts["2025 mining targets: metal, metal content, t"]
    ore = charts["2025 mining targets: metal, ore, t"]
    assert {"金", "铜", "铅锌"} <= set(metal.table.index) and "铁" not in metal.table.index
    assert "铁" in ore.table.index and "金" not in ore.table.index
    gas = next(c for c in charts.values() if "天然气" in c.table.index)
    assert "建筑用砂" not in gas.table.index  # natural gas is not beside sand
    assert metal.log  # 10 t of gold and 150 000 t of lead and zinc on one axis
    assert metal.table.loc["金", "和田地区"] == 10.0


def test_scale_charts_keep_one_printed_unit_each(sqlite_db: Engine) -> None:
    scales = _frame(sqlite_db, _SCALES)
    charts = scale_charts(scales)
    assert len(charts) >= 2
    for chart in charts:
        labels = set(chart.table.index)
        units = set(scales[scales["mineral"].isin({label.split("（")[0] for label in labels})]["unit"])
        assert chart.unit.removesuffix(" a year") in units
    sand = next(c for c in charts if "建筑用砂" in c.table.index)
    assert sand.unit == "万立方米 a year" and sand.table.loc["建筑用砂", "洛浦县"] == 30.0


def test_the_report_draws_every_chart(sqlite_db: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = write_report(sqlite_db, tmp_path).html.read_text(encoding="utf-8")
    assert page.count("<svg") >= 4
    assert "2025 mining targets: metal, metal content, t" in page
