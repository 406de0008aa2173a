"""The interpreter extension point: a protocol, an explicit registry, and the choice of one per box.

Every interpreter says how well it fits a box (0..1, from header words, title
words and shape) and emits typed records.  The best fit wins; a best fit below
MIN_FIT leaves the box as kind "other" with no records, and the scores are
kept on the box so `mrplans inspect` can show why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from models.document import ParsedPlan
from models.records import Records
from parsers.tables.layout import Layout, build_layout

MIN_FIT = 0.3


@dataclass(frozen=True)
class PlanContext:
    """What an interpreter may need to know about the plan a box belongs to."""

    region: str | None
    region_level: str | None
    base_year: int | None
    target_year: int | None


class Interpreter(Protocol):
    name: str
    kind: str  # the box.kind it assigns

    def fit(self, layout: Layout, ctx: PlanContext) -> float: ...

    def emit(self, layout: Layout, ctx: PlanContext) -> Records: ...


_INTERPRETERS: list[Interpreter] = []


def register(interpreter: Interpreter) -> Interpreter:
    _INTERPRETERS.append(interpreter)
    return interpreter


def interpreters() -> list[Interpreter]:
    return list(_INTERPRETERS)


def context_of(plan: ParsedPlan) -> PlanContext:
    meta = plan.meta
    return PlanContext(meta.region, meta.region_level, meta.base_year, meta.target_year)


def section_titles(plan: ParsedPlan, ordinal: int | None) -> list[str]:
    """Titles of a section and its ancestors, innermost first."""
    titles = []
    while ordinal is not None:
        section = plan.sections[ordinal]
        titles.append(section.title)
        ordinal = section.parent
    return titles


def choose(layout: Layout, ctx: PlanContext) -> tuple[Interpreter | None, dict[str, float]]:
    scores = {i.name: i.fit(layout, ctx) for i in _INTERPRETERS}
    best = max(_INTERPRETERS, key=lambda i: scores[i.name], default=None)
    if best is None or scores[best.name] < MIN_FIT:
        return None, scores
    return best, scores


def interpret(plan: ParsedPlan) -> Records:
    """Classify every box (sets box.kind, box.interpreter, box.scores) and collect its records."""
    ctx = context_of(plan)
    records = Records()
    for box in plan.boxes:
        layout = build_layout(box)
        layout.context = "\n".join([box.title, *section_titles(plan, box.section)])
        best, scores = choose(layout, ctx)
        box.scores = scores
        if best is None:
            box.kind, box.interpreter = "other", None
            continue
        box.kind, box.interpreter = best.kind, best.name
        records.extend(best.emit(layout, ctx))
    return records
