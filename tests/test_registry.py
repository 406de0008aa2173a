"""The interpreter registry: built-ins are entry points, the best fit wins, ties and low fits are reported."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

import pytest
from new_layout import PLAN

from models.document import ParsedPlan
from models.records import Records
from parsers.interpret import plan as interpret_module
from parsers.interpret.layout import Layout, build_layout
from parsers.interpret.plan import interpret
from parsers.interpret.registry import (
    GROUP,
    MIN_FIT,
    PlanContext,
    RegistryError,
    choose,
    interpreters,
    load_interpreter,
)
from parsers.parse import parse_document

BUILT_IN = {
    *("block_summary", "descriptive", "indicator", "inventory", "min_scale", "project_prose"),
    *("project_table", "prose_zones", "reserve", "rights_count", "zone_table"),
}
KINDS = {
    *("indicator", "zone", "block_summary", "min_scale", "reserve", "rights_count", "project"),
    *("inventory", "descriptive"),
}
CTX = PlanContext("策勒县", "county", 2020, 2025)


@dataclass
class Fixed:
    """An interpreter whose fit is a constant."""

    name: str
    score: float
    kind: str = "indicator"

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        return self.score

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records()


NOT_AN_INTERPRETER = object()
MISNAMED = Fixed("something_else", 0.5)


@pytest.fixture
def layout() -> Layout:
    return build_layout(parse_document(PLAN).boxes[0])


def test_the_built_in_interpreters_are_entry_points_of_mrplans() -> None:
    points = [ep for ep in entry_points(group=GROUP) if ep.dist is not None and ep.dist.name == "mrplans"]
    assert {ep.name for ep in points} == BUILT_IN
    assert all(ep.value.startswith("parsers.interpret.") for ep in points)


def test_the_registry_loads_once_in_name_order() -> None:
    assert interpreters() is interpreters()
    names = [i.name for i in interpreters()]
    assert names == sorted(names) and set(names) >= BUILT_IN
    assert {i.kind for i in interpreters() if i.name in BUILT_IN} <= KINDS


def test_an_entry_point_that_is_no_interpreter_is_an_error_naming_it() -> None:
    with pytest.raises(RegistryError, match="entry point odd = test_registry:NOT_AN_INTERPRETER"):
        load_interpreter(EntryPoint("odd", "test_registry:NOT_AN_INTERPRETER", GROUP))
    with pytest.raises(RegistryError, match="calls itself 'something_else'"):
        load_interpreter(EntryPoint("misnamed", "test_registry:MISNAMED", GROUP))


def test_the_best_fit_wins_without_a_warning(layout: Layout) -> None:
    choice = choose(layout, CTX, (Fixed("a", 0.5), Fixed("b", 0.9), Fixed("c", 0.0)))
    assert choice.interpreter is not None and choice.interpreter.name == "b"
    assert choice.scores == {"a": 0.5, "b": 0.9, "c": 0.0} and choice.warning is None


def test_a_tie_is_read_by_the_first_in_registry_order_and_reported(layout: Layout) -> None:
    choice = choose(layout, CTX, (Fixed("a", 0.7), Fixed("b", 0.74)))
    assert choice.interpreter is not None and choice.interpreter.name == "b"
    assert choice.warning is not None and choice.warning[0] == "tie"
    assert "b 0.74 and a 0.70" in choice.warning[1]
    exact = choose(layout, CTX, (Fixed("a", 0.7), Fixed("b", 0.7)))
    assert exact.interpreter is not None and exact.interpreter.name == "a"


def test_a_best_fit_below_the_threshold_leaves_the_box_unread_and_is_reported(layout: Layout) -> None:
    choice = choose(layout, CTX, (Fixed("a", MIN_FIT - 0.01), Fixed("b", 0.1)))
    assert choice.interpreter is None
    assert choice.warning == ("low_fit", f"no interpreter fits {MIN_FIT} or better (best: a 0.29)")


def test_a_profile_may_name_the_interpreter_whatever_the_fits(layout: Layout) -> None:
    choice = choose(layout, CTX, (Fixed("a", 0.9), Fixed("b", 0.1)), forced="b")
    assert choice.interpreter is not None and choice.interpreter.name == "b"
    assert choice.warning == ("profile", "b named by the profile (fit 0.10)")


def test_interpret_keeps_every_fit_on_the_box_and_the_warnings_on_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(interpret_module, "interpreters", lambda: (Fixed("a", 0.6), Fixed("b", 0.58)))
    plan = parse_document(PLAN)
    interpret(plan)
    assert [(b.kind, b.interpreter, b.scores) for b in plan.boxes] == [
        ("indicator", "a", {"a": 0.6, "b": 0.58})
    ] * 3
    assert [(d.box, d.code) for d in plan.diagnostics] == [(1, "tie"), (2, "tie"), (3, "tie")]


def test_the_bundled_plans_are_read_without_ties_low_fits_or_profiles(plans: dict[str, ParsedPlan]) -> None:
    for plan in plans.values():
        assert plan.diagnostics == [] and plan.profile is None
        assert all(box.scores.keys() == {i.name for i in interpreters()} for box in plan.boxes)
        assert all(box.columns and len(box.columns) == box.n_cols for box in plan.boxes if box.n_cols)
