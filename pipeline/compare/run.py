"""Recompute every zone link and finding of the database in one transaction (after every ingest)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Engine, delete, insert
from sqlalchemy.orm import Session

from models.orm import FindingRow, ZoneLinkRow
from pipeline import locks
from pipeline.compare import data as compare_data
from pipeline.compare.links import Link, related_pairs, zone_links
from pipeline.compare.model import Finding, Place
from pipeline.compare.rules import PAIR_RULES, PLAN_RULES


@dataclass
class Comparison:
    links: list[Link]
    findings: list[Finding]


def compare(session: Session) -> Comparison:
    plans = compare_data.load(session)
    links: list[Link] = []
    findings: list[Finding] = []
    for plan in plans.values():
        for rule in PLAN_RULES:
            findings.extend(rule.check(plan))
    for lower, other, relation in related_pairs(plans):
        pair_links = zone_links(lower, other)
        links.extend(pair_links)
        if relation == "parent":
            for pair_rule in PAIR_RULES:
                findings.extend(pair_rule.check(lower, other, pair_links))
    return Comparison(links, [_quoted(f, plans) for f in findings])


def _quoted(finding: Finding, plans: dict[int, compare_data.PlanData]) -> Finding:
    """The finding with the box rows it names quoted where its rule quoted nothing there."""

    def row_text(place: Place | None) -> str | None:
        plan = plans.get(place.plan_id) if place else None
        return plan.row_text(place.box_id, place.row) if plan and place else None

    return replace(
        finding,
        quote=finding.quote or row_text(finding.place),
        other_quote=finding.other_quote or row_text(finding.other),
    )


def refresh(engine: Engine) -> Comparison:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        locks.hold(session, locks.COMPARISON)  # a concurrent run's comparison finishes first
        result = compare(session)
        session.execute(delete(ZoneLinkRow))
        session.execute(delete(FindingRow))
        if result.links:
            session.execute(
                insert(ZoneLinkRow),
                [
                    {
                        "zone_id": link.zone.zone_id,
                        "other_zone_id": link.other.zone_id,
                        "method": link.method,
                        "score": link.score,
                        "area_diff_km2": link.area_diff,
                    }
                    for link in result.links
                ],
            )
        if result.findings:
            session.execute(insert(FindingRow), [f.row() for f in result.findings])
    return result
