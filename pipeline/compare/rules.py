"""Every finding kind and the rule that finds it, in one list each (what `run.compare` applies).

A plan rule takes one plan; a pair rule takes a lower plan, the plan above it
(its parent region's plan of the same period) and their zone links.  A rule
yields findings of its kind only, so a scheduler may run any rule on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from models.codes import FindingKind
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
    kinds: tuple[FindingKind, ...]
    check: Callable[[PlanData], Iterable[Finding]]


@dataclass(frozen=True)
class PairRule:
    kinds: tuple[FindingKind, ...]
    check: Callable[[PlanData, PlanData, list[Link]], Iterable[Finding]]


PLAN_RULES: list[PlanRule] = [
    PlanRule((FindingKind.TOTAL_MISMATCH,), total_findings),
    PlanRule((FindingKind.TEXT_TABLE_MISMATCH,), text_table_findings),
    PlanRule((FindingKind.UNIT_CONFLICT, FindingKind.VALUE_CONFLICT), conflict_findings),
    PlanRule((FindingKind.TEXT_SUM_MISMATCH,), text_sum_findings),
    PlanRule((FindingKind.TEXT_BREAKDOWN_MISMATCH,), breakdown_findings),
    PlanRule((FindingKind.TEXT_COLUMN_MISMATCH,), text_column_findings),
    PlanRule((FindingKind.ZONE_SUMMARY_MISMATCH,), zone_summary_findings),
    PlanRule((FindingKind.UNIT_MAGNITUDE_CONFLICT,), unit_magnitude_findings),
    PlanRule((FindingKind.RATE_MISMATCH,), rate_findings),
]

PAIR_RULES: list[PairRule] = [
    PairRule((FindingKind.CROSS_PLAN_MISMATCH,), cross_plan_findings),
    PairRule((FindingKind.MIN_SCALE_BELOW_UPPER,), min_scale_findings),
    PairRule((FindingKind.UPPER_ZONE_MISSING,), missing_zone_findings),
    PairRule((FindingKind.ALLOTMENT_EXCEEDED,), allotment_findings),
]

KINDS: tuple[FindingKind, ...] = tuple(k for rule in [*PLAN_RULES, *PAIR_RULES] for k in rule.kinds)
