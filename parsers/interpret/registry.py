"""The interpreter extension point: a protocol, the registry of installed interpreters, and the choice.

Interpreters are found through Python entry points, group ``mrplans.interpreters``
(``[project.entry-points."mrplans.interpreters"]`` in a pyproject.toml); the
built-in ones are declared in mrplans' own pyproject.toml the same way an
out-of-tree package declares its own.  The group is loaded once per process,
ordered by entry-point name.  Every interpreter says how well it fits a box (0..1,
from header words, title words and shape, weighed as parsers/interpret/fit.py names) and
emits typed records.  The best fit wins; the choice is reported, never silently
guessed, when the best fit is below MIN_FIT (the box stays kind "other") or when the
runner-up is within TIE_MARGIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from itertools import pairwise
from typing import Protocol, runtime_checkable

from models.codes import BoxKind, DiagnosticCode
from models.document import ParsedPlan
from models.records import Records
from parsers.interpret.fit import MIN_FIT, TIE_MARGIN
from parsers.interpret.layout import Layout

GROUP = "mrplans.interpreters"


class RegistryError(RuntimeError):
    """An installed entry point that is not a usable interpreter, or none installed at all."""


@dataclass(frozen=True)
class PlanContext:
    """What an interpreter may need to know about the plan a box belongs to."""

    region: str | None
    region_level: str | None
    base_year: int | None
    target_year: int | None


@runtime_checkable
class Interpreter(Protocol):
    name: str  # unique, and the name of its entry point
    kind: BoxKind  # the box.kind it assigns

    def fit(self, layout: Layout, ctx: PlanContext) -> float: ...

    def emit(self, layout: Layout, ctx: PlanContext) -> Records: ...


@cache
def interpreters() -> tuple[Interpreter, ...]:
    """Every installed interpreter, loaded once from the entry points, ordered by name."""
    found = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name, ep.value))
    if not found:
        raise RegistryError(f"no entry points in group {GROUP!r}: is mrplans installed (pip install -e .)?")
    for first, second in pairwise(found):
        if first.name == second.name:
            raise RegistryError(f"two interpreters named {first.name!r}: {first.value} and {second.value}")
    return tuple(load_interpreter(ep) for ep in found)


def load_interpreter(ep: EntryPoint) -> Interpreter:
    """The interpreter object an entry point names; RegistryError when it is none or misnamed."""
    where = f"entry point {ep.name} = {ep.value} (group {GROUP})"
    loaded = ep.load()
    if not isinstance(loaded, Interpreter):
        raise RegistryError(f"{where}: not an interpreter object (it needs name, kind, fit and emit)")
    if loaded.name != ep.name:
        raise RegistryError(f"{where}: the interpreter calls itself {loaded.name!r}")
    return loaded


def names() -> list[str]:
    return [i.name for i in interpreters()]


def context_of(plan: ParsedPlan) -> PlanContext:
    meta = plan.meta
    return PlanContext(meta.region, meta.region_level, meta.base_year, meta.target_year)


@dataclass(frozen=True)
class Choice:
    """The interpreter chosen for a box (None: kind "other"), every fit, and why the choice needs a look."""

    interpreter: Interpreter | None
    scores: dict[str, float]
    warning: tuple[DiagnosticCode, str] | None = None  # (code, message)


def ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    """(name, score), best first; equal scores keep registry order."""
    return sorted(scores.items(), key=lambda item: -item[1])


def choose(
    layout: Layout, ctx: PlanContext, candidates: tuple[Interpreter, ...], forced: str | None = None
) -> Choice:
    """The best fit of the candidates, or the one named by `forced` (a profile's choice)."""
    scores = {i.name: i.fit(layout, ctx) for i in candidates}
    by_name = {i.name: i for i in candidates}
    if forced is not None:
        note = f"{forced} named by the profile (fit {scores[forced]:.2f})"
        return Choice(by_name[forced], scores, (DiagnosticCode.PROFILE, note))
    order = ranked(scores)
    if not order or order[0][1] < MIN_FIT:
        best = f"best: {order[0][0]} {order[0][1]:.2f}" if order and order[0][1] > 0 else "every fit is 0"
        return Choice(
            None, scores, (DiagnosticCode.LOW_FIT, f"no interpreter fits {MIN_FIT} or better ({best})")
        )
    (best_name, best), runner_up = order[0], order[1] if len(order) > 1 else None
    if runner_up is not None and best - runner_up[1] <= TIE_MARGIN:
        both = f"{best_name} {best:.2f} and {runner_up[0]} {runner_up[1]:.2f}"
        return Choice(
            by_name[best_name],
            scores,
            (DiagnosticCode.TIE, f"{both} fit within {TIE_MARGIN}; {best_name} read it"),
        )
    return Choice(by_name[best_name], scores)
