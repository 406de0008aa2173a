"""The views of the database, created with the schema (portable SQL for SQLite and PostgreSQL).

Contract views: each contract name (plan, box, indicator …) shows the rows of the
latest version of every plan from its `<name>_all` table (models/orm.py).

Comparison views for analysts:

* mineral_targets — every target with its plan, box and family (mining 开采总量 /
  exploration 新增资源量), one row per value: one mineral across plans.
* target_year_targets — every plan's targets for its target year, annual and end-of-period
  figures (period = the year, period_kind 'year') and amounts over the plan period
  (period = the plan period, period_kind 'plan_period'): one filter across plans.
* min_scale_compare — minimum mining scales by mineral and size class across plans.
* zone_link_detail — each zone link with both names, plans, areas and the difference.
* plan_vs_parent — each plan next to its parent plan: zones, linked zones, findings.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text

from models.orm import Base

VERSIONED_SUFFIX = "_all"


def _latest_rows(table: Table) -> str:
    """SELECT the rows of `table` that belong to the latest version of their plan."""
    if table.name == "plan" + VERSIONED_SUFFIX:
        return f"SELECT * FROM {table.name} WHERE is_latest"
    if "plan_id" in table.c:
        return f"SELECT t.* FROM {table.name} t JOIN plan_all p ON p.plan_id = t.plan_id WHERE p.is_latest"
    fk = next(iter(table.foreign_keys))  # box_cell → box, zone_mineral → zone
    parent, column = fk.column.table.name, fk.parent.name
    return (
        f"SELECT t.* FROM {table.name} t JOIN {parent} x ON x.{fk.column.name} = t.{column} "
        "JOIN plan_all p ON p.plan_id = x.plan_id WHERE p.is_latest"
    )


CONTRACT_VIEWS: dict[str, str] = {
    name.removesuffix(VERSIONED_SUFFIX): _latest_rows(table)
    for name, table in Base.metadata.tables.items()
    if name.endswith(VERSIONED_SUFFIX)
}

COMPARISON_VIEWS: dict[str, str] = {
    "mineral_targets": """
        SELECT p.plan_id, p.region, p.region_level, b.number AS box, b.title AS box_title,
               i.family, i.group_name, i.name, i.mineral, i.period, i.value, i.value_max, i.comparator,
               i.value_text, i.unit, i.basis, i.value_si, i.unit_si, i.attribute
        FROM indicator i JOIN plan p ON p.plan_id = i.plan_id JOIN box b ON b.box_id = i.box_id
        WHERE i.measure = 'target' AND i.mineral IS NOT NULL""",
    "target_year_targets": """
        SELECT p.plan_id, p.region, p.region_level, p.target_year, b.number AS box, b.title AS box_title,
               i.family, i.group_name, i.name, i.mineral, i.period,
               CASE WHEN i.period LIKE '%-%' THEN 'plan_period' ELSE 'year' END AS period_kind,
               i.value, i.value_max, i.comparator, i.value_text, i.unit, i.basis, i.value_si, i.unit_si,
               i.attribute
        FROM indicator i JOIN plan p ON p.plan_id = i.plan_id JOIN box b ON b.box_id = i.box_id
        WHERE i.measure = 'target'
          AND (i.period = CAST(p.target_year AS VARCHAR(8))
               OR i.period = CAST(p.base_year + 1 AS VARCHAR(8)) || '-'
                             || CAST(p.target_year AS VARCHAR(8)))""",
    "min_scale_compare": """
        SELECT p.plan_id, p.region, b.number AS box, m.mineral, m.mineral_text, m.variant, m.unit,
               m.large, m.medium, m.small, m.min_service_years
        FROM min_scale m JOIN plan p ON p.plan_id = m.plan_id JOIN box b ON b.box_id = m.box_id""",
    "zone_link_detail": """
        SELECT l.zone_id, pz.region AS region, z.name AS name, z.zone_type, z.area_km2,
               l.other_zone_id, po.region AS other_region, o.name AS other_name, o.area_km2 AS other_area_km2,
               l.method, l.score, l.area_diff_km2
        FROM zone_link l
        JOIN zone z ON z.zone_id = l.zone_id JOIN plan pz ON pz.plan_id = z.plan_id
        JOIN zone o ON o.zone_id = l.other_zone_id JOIN plan po ON po.plan_id = o.plan_id""",
    "plan_vs_parent": """
        SELECT c.plan_id, c.region, pa.plan_id AS parent_plan_id, pa.region AS parent_region,
               (SELECT count(*) FROM zone z WHERE z.plan_id = c.plan_id) AS zones,
               (SELECT count(*) FROM zone_link l JOIN zone z ON z.zone_id = l.zone_id
                 JOIN zone o ON o.zone_id = l.other_zone_id
                 WHERE z.plan_id = c.plan_id AND o.plan_id = pa.plan_id) AS linked_zones,
               (SELECT count(*) FROM finding f
                 WHERE f.plan_id = c.plan_id AND f.other_plan_id = pa.plan_id) AS cross_plan_findings,
               (SELECT count(*) FROM finding f WHERE f.plan_id = c.plan_id) AS findings
        FROM plan c JOIN plan pa ON pa.region = c.parent_region""",
}


VIEWS = {**CONTRACT_VIEWS, **COMPARISON_VIEWS}  # in creation order: comparison views read contract views


def create_views(connection: Connection) -> None:
    for name, sql in VIEWS.items():
        connection.execute(text(f"CREATE VIEW {name} AS {sql}"))


def drop_views(connection: Connection) -> None:
    """Drop the views (before tables they read are dropped or changed), dependents first."""
    for name in reversed(VIEWS):
        connection.execute(text(f"DROP VIEW IF EXISTS {name}"))
