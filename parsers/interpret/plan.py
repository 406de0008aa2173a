"""Reading every box of a plan: its layout, the interpreter chosen for it, the records it gives.

This is the one place a reading profile (parsers/interpret/profiles.py) applies: its aliases
extend the vocabularies while the boxes are read, and its box entries override the
header rows and column roles (build_layout), skip a box or name its interpreter.
Whatever needs a maintainer's look — a best fit below MIN_FIT, a tie, a skipped box,
a profile line that names no box or column — becomes a Diagnostic on the plan.
"""

from __future__ import annotations

from models.codes import BoxKind, DiagnosticCode
from models.document import Box, BoxColumn, Diagnostic, ParsedPlan
from models.records import Records
from models.vocabulary import extended
from parsers.interpret.layout import build_layout
from parsers.interpret.profiles import NO_CHANGE, BoxProfile, Profile
from parsers.interpret.record_minerals import list_minerals
from parsers.interpret.registry import Interpreter, PlanContext, choose, context_of, interpreters


def section_titles(plan: ParsedPlan, ordinal: int | None) -> list[str]:
    """Titles of a section and its ancestors, innermost first."""
    titles = []
    while ordinal is not None:
        section = plan.sections[ordinal]
        titles.append(section.title)
        ordinal = section.parent
    return titles


def interpret(plan: ParsedPlan, profile: Profile | None = None) -> None:
    """Read every box: sets box.kind, interpreter, scores, header_rows and columns; plan.records,
    plan.profile and plan.diagnostics."""
    plan.profile = str(profile.path) if profile else None
    plan.records = Records()
    plan.diagnostics = [*plan.reading.warnings, *(_unused_profile_lines(plan, profile) if profile else [])]
    ctx, candidates = context_of(plan), interpreters()
    aliases = (profile.mineral_aliases, profile.region_aliases) if profile else ({}, {})
    with extended(*aliases):
        for box in plan.boxes:
            settings = profile.box(box.number) if profile else NO_CHANGE
            plan.records.extend(_read_box(plan, box, ctx, candidates, settings))
        list_minerals(plan.records)


def _read_box(
    plan: ParsedPlan, box: Box, ctx: PlanContext, candidates: tuple[Interpreter, ...], settings: BoxProfile
) -> Records:
    layout = build_layout(box, settings.header_rows, settings.roles)
    layout.context = "\n".join([box.title, *section_titles(plan, box.section)])
    box.header_rows = layout.header_rows
    box.columns = [BoxColumn(c.label, c.role) for c in layout.columns]
    if settings.skip:
        box.kind, box.interpreter, box.scores = BoxKind.OTHER, None, {}
        plan.diagnostics.append(
            Diagnostic(box.number, DiagnosticCode.SKIPPED, f"skipped by the profile: {settings.skip}")
        )
        return Records()
    choice = choose(layout, ctx, candidates, settings.interpreter)
    box.scores = choice.scores
    if choice.warning:
        plan.diagnostics.append(Diagnostic(box.number, choice.warning[0], choice.warning[1]))
    if choice.interpreter is None:
        box.kind, box.interpreter = BoxKind.OTHER, None
        return Records()
    box.kind, box.interpreter = choice.interpreter.kind, choice.interpreter.name
    return choice.interpreter.emit(layout, ctx)


def _unused_profile_lines(plan: ParsedPlan, profile: Profile) -> list[Diagnostic]:
    """Profile entries that name a box the plan does not have, or a column its box does not have."""
    boxes = {box.number: box for box in plan.boxes}
    found = []
    for number, settings in profile.boxes.items():
        box = boxes.get(number)
        if box is None:
            message = f"{profile.path}: boxes.{number}: the plan has no 专栏{number}"
            found.append(Diagnostic(None, DiagnosticCode.PROFILE, message))
            continue
        for col in sorted(c for c in settings.roles if c >= box.n_cols):
            message = f"{profile.path}: boxes.{number}.roles.{col}: 专栏{number} has {box.n_cols} columns"
            found.append(Diagnostic(number, DiagnosticCode.PROFILE, message))
    return found
