"""Every finding kind and the rule that finds it, in one list each (what `run.compare` applies).

A plan rule takes one plan; a pair rule takes a lower plan, the plan above it
(its parent region's plan of the same period) and their zone links.  A rule
yields findings of its kind only, so a scheduler may run any rule on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.compare.breakdowns import breakdown_findings
from pipeline.compare.compliance import allotment_findings, min_scale_findings, missing_zone_findings
from pipeline.compare.conflicts import conflict_findings
from pipeline.compare.cross_plan import cross_plan_findings
from pipeline.compare.data import PlanData
from pipeline.compare.links import Link
from pipeline.compare.magnitude import unit_magnitude_findings
from pipeline.compare.model import Finding
from pipeline.compare.rates import rate_findings
from pipeline.compare.text_columns import text_column_findings
from pipeline.compare.text_sums import text_sum_findings
from pipeline.compare.text_table import text_table_findings
from pipeline.compare.totals import total_findings
from pipeline.compare.zone_summary import zone_summary_findings


@dataclass(frozen=True)
class PlanRule:
    kinds: tuple[str, ...]
    check: Callable[[PlanData], Iterable[Finding]]


@dataclass(frozen=True)
class PairRule:
    kinds: tuple[str, ...]
    check: Callable[[PlanData, PlanData, list[Link]], Iterable[Finding]]


PLAN_RULES: list[PlanRule] = [
    PlanRule(("total_mismatch",), total_findings),
    PlanRule(("text_table_mismatch",), text_table_findings),
    PlanRule(("unit_conflict", "value_conflict"), conflict_findings),
    PlanRule(("text_sum_mismatch",), text_sum_findings),
    PlanRule(("text_breakdown_mismatch",), breakdown_findings),
    PlanRule(("text_column_mismatch",), text_column_findings),
    PlanRule(("zone_summary_mismatch",), zone_summary_findings),
    PlanRule(("unit_magnitude_conflict",), unit_magnitude_findings),
    PlanRule(("rate_mismatch",), rate_findings),
]

PAIR_RULES: list[PairRule] = [
    PairRule(("cross_plan_mismatch",), cross_plan_findings),
    PairRule(("min_scale_below_upper",), min_scale_findings),
    PairRule(("upper_zone_missing",), missing_zone_findings),
    PairRule(("allotment_exceeded",), allotment_findings),
]

KINDS: tuple[str, ...] = tuple(k for rule in [*PLAN_RULES, *PAIR_RULES] for k in rule.kinds)
