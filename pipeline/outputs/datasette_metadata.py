"""Datasette metadata for `mrplans browse`: what analysts see around the contract views.

Titles and descriptions in Chinese and English, a description with units for every
column (pipeline/store/contract.yaml), facets on plan, region, mineral, zone_type and kind,
and canned queries for the common questions.  Every canned query with a box_id column
links each row back to its box (pipeline/outputs/datasette_links.py).
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from pipeline.store.contract import ContractView, column_label, contract_names, contract_views

FACET_COLUMNS = ("plan_id", "region", "mineral", "zone_type", "kind")
BOX_CELLS_QUERY = "box_cells"

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "mineral_across_plans": {
        "title": "一种矿产在各规划中的指标 · One mineral across all plans",
        "description": "Targets, actuals and baselines of one mineral in every plan; the canonical "
        "name, e.g. 石灰岩, 建筑用砂. 输入规范矿种名称。",
        "sql": """
SELECT p.region, p.region_level, i.family, i.measure, i.period, i.group_name, i.name, i.value_text, i.unit,
       i.value, i.value_si, i.unit_si, b.number AS box, i.box_id
FROM indicator i JOIN plan p ON p.plan_id = i.plan_id JOIN box b ON b.box_id = i.box_id
WHERE i.mineral = :mineral
ORDER BY i.family, i.measure, i.period, p.region_level, p.region, b.number""",
    },
    "county_vs_prefecture": {
        "title": "县级规划对照地区规划 · A county against its prefecture",
        "description": "Zones, linked zones and every cross-plan finding of a county plan against its parent "
        "plan; region as printed or its start (洛浦 or 洛浦县), empty for all. 县名可只输入开头。",
        "sql": """
SELECT v.region, v.parent_region, v.zones, v.linked_zones, v.cross_plan_findings,
       f.subject, f.expected, f.actual, f.message, f.box_id
FROM plan_vs_parent v
LEFT JOIN finding f ON f.plan_id = v.plan_id AND f.other_plan_id = v.parent_plan_id
WHERE v.region LIKE :region || '%'
ORDER BY v.region, f.subject""",
    },
    "plan_findings": {
        "title": "一份规划的全部问题 · All findings for a plan",
        "description": "Every finding about one plan by kind and box; region as printed or its start "
        "(和田 or 和田地区), empty for all. 地区名可只输入开头。",
        "sql": """
SELECT p.region, f.kind, b.number AS box, f.row, f.subject, f.expected, f.actual, f.message,
       o.region AS other_region, f.finding_id, f.box_id
FROM finding f JOIN plan p ON p.plan_id = f.plan_id
LEFT JOIN plan o ON o.plan_id = f.other_plan_id LEFT JOIN box b ON b.box_id = f.box_id
WHERE p.region LIKE :region || '%'
ORDER BY p.region, f.kind, b.number, f.row""",
    },
    "zones_larger_than": {
        "title": "面积大于 N 平方千米的分区（按类型） · Zones larger than N km² by type",
        "description": "Planning zones whose area exceeds min_area km², by zone type, largest first. "
        "输入面积下限（平方千米）。",
        "sql": """
SELECT z.zone_type, p.region AS plan_region, z.code, z.name, z.level, z.region, z.area_km2, z.box_id
FROM zone z JOIN plan p ON p.plan_id = z.plan_id
WHERE z.area_km2 > CAST(:min_area AS REAL)
ORDER BY z.zone_type, z.area_km2 DESC""",
    },
    BOX_CELLS_QUERY: {
        "title": "专栏单元格 · Box cells",
        "description": "One 专栏 table cell by cell as printed (0-based row and column), with its plan and "
        "caption: where every typed row's box_id leads.",
        "sql": """
SELECT p.region, b.number AS box, b.title AS box_title, b.kind, c.row, c.col, c.text, c.is_header,
       c.row_span, c.col_span
FROM box b JOIN plan p ON p.plan_id = b.plan_id JOIN box_cell c ON c.box_id = b.box_id
WHERE b.box_id = CAST(:box_id AS INTEGER)
ORDER BY c.row, c.col""",
    },
}


def datasette_metadata(database: str, columns: dict[str, list[str]], hidden: list[str]) -> dict[str, Any]:
    """Metadata for Datasette serving `database` (the file's stem).

    `columns` lists each contract view's columns; the `hidden` tables (every plan version's
    rows, migrations) stay reachable by URL but off the database page.
    """
    tables = {name: _table(contract_views()[name], columns.get(name, [])) for name in contract_names()}
    return {
        "title": "mrplans · 矿产资源总体规划 · Mineral-resource master plans",
        "description": "规划文本中的专栏表格、指标、分区和问题清单 · "
        "Tables, indicators, zones and findings of the plans, read-only.",
        "databases": {
            database: {
                "tables": {**tables, **{name: {"hidden": True} for name in hidden}},
                "queries": CANNED_QUERIES,
            }
        },
    }


def _table(view: ContractView, columns: list[str]) -> dict[str, Any]:
    labels = {column: column_label(view.name, column) for column in columns}
    return {
        "title": f"{view.zh} · {view.en}",
        "description_html": f"<p>{escape(view.about_zh)}</p><p>{escape(view.about_en)}</p>",
        "columns": {column: label.description() for column, label in labels.items() if label},
        "facets": [column for column in FACET_COLUMNS if column in columns],
        "sort": view.key[0],
    }
