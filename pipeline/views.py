"""Comparison views for analysts, created with the schema (portable SQL for SQLite and PostgreSQL).

* mineral_targets — every target with its plan, box and family (mining 开采总量 /
  exploration 新增资源量), one row per value: one mineral across plans.
* min_scale_compare — minimum mining scales by mineral and size class across plans.
* zone_link_detail — each zone link with both names, plans, areas and the difference.
* plan_vs_parent — each plan next to its parent plan: zones, linked zones, findings.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

VIEWS: dict[str, str] = {
    "mineral_targets": """
        SELECT p.plan_id, p.region, p.region_level, b.number AS box, b.title AS box_title,
               i.family, i.group_name, i.name, i.mineral, i.period, i.value, i.value_max, i.comparator,
               i.value_text, i.unit, i.basis, i.value_si, i.unit_si, i.attribute
        FROM indicator i JOIN plan p ON p.plan_id = i.plan_id JOIN box b ON b.box_id = i.box_id
        WHERE i.measure = 'target' AND i.mineral IS NOT NULL""",
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


def create_views(engine: Engine) -> None:
    drop_views(engine)
    with engine.begin() as con:
        for name, sql in VIEWS.items():
            con.execute(text(f"CREATE VIEW {name} AS {sql}"))


def drop_views(engine: Engine) -> None:
    """Drop the views (before tables they read are dropped or changed)."""
    with engine.begin() as con:
        for name in VIEWS:
            con.execute(text(f"DROP VIEW IF EXISTS {name}"))
