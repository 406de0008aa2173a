"""The review section of `mrplans report`: per plan, its findings grouped by kind with the printed
text they compare, and its compliance with the plan above it — for a planner who does not read SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection

from models.codes import FindingKind
from pipeline.compare.rules import PAIR_RULES, PLAN_RULES

# what each kind means, said to a planner (Chinese first, as the plans are written)
KIND_TITLES: dict[FindingKind, str] = {
    FindingKind.TOTAL_MISMATCH: "合计与分项之和不符 · a printed total is not the sum of its rows",
    FindingKind.TEXT_TABLE_MISMATCH: "正文与所引专栏不符 · the text and the box it cites disagree",
    FindingKind.TEXT_SUM_MISMATCH: "正文分项与总数不符 · a sentence's parts do not add up to its total",
    FindingKind.TEXT_BREAKDOWN_MISMATCH: (
        "正文分解与专栏不符 · a breakdown does not make the cited box's figure"
    ),
    FindingKind.TEXT_COLUMN_MISMATCH: "正文数量与表列之和不符 · a count in the text against a table column",
    FindingKind.ZONE_SUMMARY_MISMATCH: "分区与汇总表不符 · zones hold more than the summary table counts",
    FindingKind.UNIT_CONFLICT: "同一指标单位不一 · one indicator in two units",
    FindingKind.VALUE_CONFLICT: "同一指标数值不一 · one indicator with two values",
    FindingKind.UNIT_MAGNITUDE_CONFLICT: "单位数量级错误 · one figure in units orders of magnitude apart",
    FindingKind.RATE_MISMATCH: "完成率计算不符 · a rate that is not its figure over its target",
    FindingKind.CROSS_PLAN_MISMATCH: "与上级规划数据不符 · a figure differs from the upper plan's",
    FindingKind.MIN_SCALE_BELOW_UPPER: "最低开采规模低于上级规划 · minimum scale below the upper plan's",
    FindingKind.UPPER_ZONE_MISSING: "上级规划分区未落实 · an upper-plan zone missing from this plan",
    FindingKind.ALLOTMENT_EXCEEDED: "指标超出上级规划 · a target above the upper plan's",
}
COMPLIANCE_KINDS = tuple(k for rule in PAIR_RULES for k in rule.kinds)
PLAN_KINDS = tuple(k for rule in PLAN_RULES for k in rule.kinds)

_FINDINGS = """
    SELECT f.plan_id, f.other_plan_id, f.kind, f.subject, f.expected, f.actual, f.message,
           f.quote, f.other_quote, COALESCE(b.label, 'table ' || b.number) AS box, f.row,
           COALESCE(ob.label, 'table ' || ob.number) AS other_box, f.other_row,
           o.region AS other_region
    FROM finding f LEFT JOIN box b ON b.box_id = f.box_id LEFT JOIN box ob ON ob.box_id = f.other_box_id
    LEFT JOIN plan o ON o.plan_id = f.other_plan_id
    ORDER BY f.plan_id, f.kind, b.number, f.row, f.finding_id"""
_PLANS = (
    "SELECT plan_id, region, region_level, parent_region, title FROM plan ORDER BY region_level DESC, region"
)


@dataclass
class PlanReview:
    plan_id: int
    region: str
    title: str
    upper: str | None  # the upper plan's title, when it is in the database
    parent_region: str | None
    kinds: dict[str, list[dict[str, object]]] = field(default_factory=dict)  # plan kinds → findings
    compliance: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(map(len, self.kinds.values())) + sum(map(len, self.compliance.values()))


def reviews(con: Connection) -> list[PlanReview]:
    plans = pd.read_sql_query(_PLANS, con)
    findings = pd.read_sql_query(_FINDINGS, con)
    titles = dict(zip(plans["region"], plans["title"], strict=True))
    out = []
    for plan in plans.itertuples():
        review = PlanReview(
            int(plan.plan_id), plan.region, plan.title, titles.get(plan.parent_region), plan.parent_region
        )
        mine = findings[findings["plan_id"] == plan.plan_id]
        for kind, group in mine.groupby("kind", sort=False):
            target = review.compliance if kind in COMPLIANCE_KINDS else review.kinds
            target[str(kind)] = [_place(r) for r in _records(group)]
        out.append(review)
    return out


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    typed = frame.convert_dtypes()
    return typed.astype(object).where(typed.notna(), None).to_dict("records")


def _place(finding: dict[str, object]) -> dict[str, object]:
    """The finding with its two places said in words: 专栏17 row 11, or 正文 (body text)."""
    return {
        **finding,
        "where": _where(finding["box"], finding["row"]),
        "other_where": _where(finding["other_box"], finding["other_row"]),
    }


def _where(box: object, row: object) -> str:
    if box is None:
        return "正文 text"
    return f"{box}" + (f" row {row}" if row is not None else "")
