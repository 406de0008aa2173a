"""`mrplans inspect`: snapshots of how the bundled plans are read, and one placement rule with coverage."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLAN_FILES, ROOT
from new_layout import FOLDER, PLAN
from rich.console import Console
from snapshot import UPDATE_ENV, assert_snapshot, updating
from sqlalchemy import Engine

from parsers.interpret.profiles import ProfileSet, load_profiles
from parsers.parse import parse_document
from pipeline.inspection.coverage import coverage
from pipeline.inspection.render import UNPLACED, render
from pipeline.inspection.view import Fit, PlanView, inspect_file, plan_view

WIDTH = 120


def _text(view: PlanView, box: int | None = None) -> str:
    console = Console(file=io.StringIO(), width=WIDTH, color_system=None, legacy_windows=False)
    render(view, console, box)
    return "".join(line.rstrip() + "\n" for line in console.file.getvalue().splitlines())  # type: ignore[attr-defined]


def _relative(path: Path) -> Path:
    return path.relative_to(ROOT)


@pytest.fixture(autouse=True)
def _in_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the output are relative to the repo, so the snapshots hold wherever it is checked out."""
    monkeypatch.chdir(ROOT)


def test_the_snapshot_update_flag_is_off() -> None:
    assert not updating(), f"{UPDATE_ENV} is set: snapshots were rewritten, not checked"


@pytest.mark.parametrize("region", list(PLAN_FILES))
def test_inspect_output_of_a_bundled_plan(region: str) -> None:
    path = PLAN_FILES[region]
    view = inspect_file(_relative(path), ProfileSet())
    assert_snapshot(f"inspect/{path.name.removesuffix('.tika.txt')}.txt", _text(view))


def test_inspect_of_one_box_shows_its_grid_with_the_cells_left_out_marked() -> None:
    view = inspect_file(_relative(PLAN), ProfileSet())
    text = _text(view, box=1)
    assert_snapshot("inspect/new_layout-box1.txt", text)
    assert "专栏2" not in text and f"│ {UNPLACED}45 " in text


def test_inspect_json_of_the_new_layout_read_with_its_profile() -> None:
    view = inspect_file(_relative(PLAN), load_profiles(_relative(FOLDER)))
    assert_snapshot(
        "inspect/new_layout.json", json.dumps(view.as_json(), ensure_ascii=False, indent=2) + "\n"
    )
    assert view.as_json(box=3)["boxes"][0]["columns"][5] == {
        "index": 5,
        "label": "所在乡镇",
        "role": "region",
    }


def test_inspect_reports_the_fit_and_the_runner_up() -> None:
    box = inspect_file(_relative(PLAN_FILES["洛浦县"]), ProfileSet()).boxes[0]
    assert (box.kind, box.fit, box.runner_up) == ("inventory", Fit("inventory", 0.7), Fit("indicator", 0.3))


def test_inspect_and_coverage_leave_out_the_same_cells(sqlite_db: Engine) -> None:
    in_database = {c.region: {(u.box, u.row, u.col, u.text) for u in c.unplaced} for c in coverage(sqlite_db)}
    in_memory = {
        region: {(b.number, u.row, u.col, u.text) for b in view.boxes for u in b.unplaced}
        for region, view in (
            (r, plan_view(parse_document(p, profiles=ProfileSet()))) for r, p in PLAN_FILES.items()
        )
    }
    assert in_memory == in_database and any(in_memory.values())


def test_the_command_prints_json_for_one_box() -> None:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "COLUMNS": "200"}
    cli = Path(sys.executable).parent / "mrplans"
    args = [str(cli), "inspect", str(PLAN), "--box", "3", "--json", "--profiles", str(FOLDER)]
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [b["number"] for b in data["boxes"]] == [3] and data["profile"] == str(FOLDER / "profile.yaml")
    missing = subprocess.run([*args[:3], "--box", "9"], env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "has no 专栏9" in missing.stderr
