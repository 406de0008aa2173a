"""`mrplans report`: a self-contained HTML audit report and a CSV of every finding.

The report opens from disk with no network: styles are inline and the charts are
SVG drawn by matplotlib into the page.  It shows the plans, the findings grouped
by kind and plan, a review of each plan (pipeline/outputs/review.py), each plan's
2025 mining targets by mineral and the minimum-scale thresholds side by side (in
charts of like figures only: one mineral category, basis and unit each,
log-scaled where they span orders of magnitude), and the zone links with their
area differences.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine

from pipeline.outputs.review import KIND_TITLES, PlanReview, reviews

TARGET_PERIODS = ("2025", "2021-2025")
_TEMPLATES = Path(__file__).with_name("templates")  # the page's Jinja templates, beside this module
AMOUNT_UNITS = ("t", "m3")  # mining targets are tonnages and volumes; counts of blocks are not

_PLANS = """
    SELECT p.plan_id, p.region, p.region_level, p.parent_region, p.title, p.source_format,
           (SELECT count(*) FROM box b WHERE b.plan_id = p.plan_id) AS boxes,
           (SELECT count(*) FROM finding f WHERE f.plan_id = p.plan_id) AS findings
    FROM plan p ORDER BY p.region_level DESC, p.region"""
_FINDINGS = """
    SELECT f.finding_id, f.kind, p.region, o.region AS other_region, b.number AS box, f.row,
           ob.number AS other_box, f.other_row, f.subject, f.expected, f.actual, f.message
    FROM finding f JOIN plan p ON p.plan_id = f.plan_id
    LEFT JOIN plan o ON o.plan_id = f.other_plan_id
    LEFT JOIN box b ON b.box_id = f.box_id LEFT JOIN box ob ON ob.box_id = f.other_box_id
    ORDER BY f.kind, p.region, b.number, f.row"""
_TARGETS = """
    SELECT t.*, m.category FROM mineral_targets t LEFT JOIN mineral m ON m.name = t.mineral
    WHERE t.family = 'mining'"""
_SCALES = "SELECT * FROM min_scale_compare"
_LINKS = "SELECT * FROM zone_link_detail ORDER BY region, name"
_PARENTS = "SELECT * FROM plan_vs_parent ORDER BY region"


@dataclass
class ReportFiles:
    html: Path
    csv: Path
    findings: int


def write_report(engine: Engine, out_dir: Path) -> ReportFiles:
    out_dir.mkdir(parents=True, exist_ok=True)
    with engine.connect() as con:
        frames = {
            name: pd.read_sql_query(sql, con)
            for name, sql in {
                "plans": _PLANS,
                "findings": _FINDINGS,
                "targets": _TARGETS,
                "scales": _SCALES,
                "links": _LINKS,
                "parents": _PARENTS,
            }.items()
        }
        plan_reviews = reviews(con)
    csv_path = out_dir / "findings.csv"
    frames["findings"].to_csv(csv_path, index=False, encoding="utf-8-sig")
    html_path = out_dir / "report.html"
    html_path.write_text(_render(frames, plan_reviews), encoding="utf-8")
    return ReportFiles(html_path, csv_path, len(frames["findings"]))


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows for the template: whole numbers as integers, missing values as None."""
    typed = frame.convert_dtypes()
    return typed.astype(object).where(typed.notna(), None).to_dict("records")


def _blank(value: object) -> object:
    return "" if value is None else value


def _render(frames: dict[str, pd.DataFrame], plan_reviews: list[PlanReview]) -> str:
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape())
    env.filters["blank"] = _blank
    targets = frames["targets"]
    targets = targets[targets["period"].isin(TARGET_PERIODS) & targets["unit_si"].isin(AMOUNT_UNITS)]
    findings = frames["findings"]
    return env.get_template("report.html.j2").render(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        plans=_records(frames["plans"]),
        findings_by_kind={kind: _records(group) for kind, group in findings.groupby("kind")},
        finding_counts=findings.groupby(["region", "kind"])
        .size()
        .unstack(fill_value=0)
        .rename_axis(columns=None)
        .reset_index()
        .rename(columns={"region": "plan"}),
        target_table=_pivot(targets, "value_text"),
        target_charts=[_bar_chart(chart) for chart in target_charts(targets)],
        scale_table=_scale_table(frames["scales"]),
        scale_charts=[_bar_chart(chart) for chart in scale_charts(frames["scales"])],
        links=_records(frames["links"]),
        parents=_records(frames["parents"]),
        reviews=plan_reviews,
        kind_titles=KIND_TITLES,
    )


def _pivot(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    if frame.empty:
        return frame
    frame = frame.assign(shown=frame[value] + " " + frame["unit"].fillna(""))
    table = frame.pivot_table(index="mineral", columns="region", values="shown", aggfunc=_distinct)
    return table.fillna("")


def _distinct(values: pd.Series) -> str:
    """Every distinct figure a plan prints for one cell of a comparison (two boxes may disagree)."""
    return " / ".join(dict.fromkeys(values))


def _scale_table(scales: pd.DataFrame) -> pd.DataFrame:
    if scales.empty:
        return scales
    scales = scales.assign(
        variant=scales["variant"].fillna(""),
        shown=scales[["large", "medium", "small"]].apply(
            lambda r: " / ".join("-" if pd.isna(v) else f"{v:g}" for v in r), axis=1
        ),
    )
    return scales.pivot_table(
        index=["mineral", "variant"], columns="region", values="shown", aggfunc="first"
    ).fillna("")


def _svg(figure) -> str:  # type: ignore[no-untyped-def]
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


CJK_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]


@cache
def _know_cjk_fonts() -> None:
    """Make CJK fonts installed after matplotlib cached its font list known to it (labels are measured)."""
    from matplotlib import font_manager

    if {f.name for f in font_manager.fontManager.ttflist} & set(CJK_FAMILIES):
        return
    for path in font_manager.findSystemFonts():
        if "CJK" in path or "wqy" in path.lower():
            font_manager.fontManager.addfont(path)


def _figure(rows: int):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _know_cjk_fonts()
    plt.rcParams["font.sans-serif"] = [*CJK_FAMILIES, "DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "none"  # keep text as text: Chinese labels render with the reader's fonts
    return plt.subplots(figsize=(8, 0.4 * rows + 1.2))


@dataclass(frozen=True)
class Chart:
    """One chart of like figures: a table (rows × plans) of values in one unit, on one basis."""

    title: str
    unit: str
    table: pd.DataFrame
    log: bool  # the values span more than LOG_SPAN: a linear axis would flatten the small ones


LOG_SPAN = 100.0
BASES = {
    "ore": "ore",
    "metal": "metal content",
    "oxide": "oxide",
    "raw_coal": "raw coal",
    "mineral": "mineral",
}


def target_charts(targets: pd.DataFrame) -> list[Chart]:
    """The 2025 mining targets as charts that compare like with like: one per mineral category
    (energy, metal …), basis (ore, metal content … or none printed) and SI unit, so metal tonnes are
    never beside ore tonnes, nor natural gas beside sand; a log axis where values span orders of
    magnitude."""
    keyed = targets.assign(
        category=targets["category"].fillna("unknown category"),
        basis=targets["basis"].map(BASES).fillna("no basis printed"),
    )
    charts = []
    for (category, basis, unit), group in keyed.groupby(["category", "basis", "unit_si"], sort=True):
        table = group.pivot_table(index="mineral", columns="region", values="value_si", aggfunc="max")
        charts.append(Chart(f"2025 mining targets: {category}, {basis}, {unit}", unit, table, _spans(table)))
    return charts


def scale_charts(scales: pd.DataFrame) -> list[Chart]:
    """The large-mine threshold of minerals printed by more than one plan, side by side: one chart per
    printed unit (矿石万吨, 万立方米 …), like with like."""
    shared = scales.dropna(subset=["large"]).groupby("mineral").filter(lambda g: g["region"].nunique() > 1)
    charts = []
    for unit, group in shared.groupby(shared["unit"].fillna("unit not printed"), sort=True):
        label = group["mineral"] + group["variant"].fillna("").map(lambda v: f"（{v}）" if v else "")
        table = group.assign(label=label).pivot_table(
            index="label", columns="region", values="large", aggfunc="first"
        )
        title = f"Minimum mining scale: large class, {unit} a year"
        charts.append(Chart(title, f"{unit} a year", table, _spans(table)))
    return charts


def _spans(table: pd.DataFrame) -> bool:
    """Whether the positive values of `table` span more than LOG_SPAN (a log axis shows them all)."""
    values = table.stack()
    positive = values[values > 0]
    return bool(not positive.empty and positive.max() / positive.min() > LOG_SPAN)


def _bar_chart(chart: Chart) -> str:
    """A chart as SVG: one bar per plan and row."""
    figure, axes = _figure(len(chart.table))
    chart.table.plot.barh(ax=axes, logx=chart.log)
    axes.set_xlabel(f"{chart.unit}{', log scale' if chart.log else ''}")
    axes.set_ylabel("")
    axes.set_title(chart.title)
    return _svg(figure)
