"""`mrplans check DB_URL`: the golden contract checks from inside the repository, as a command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from pipeline.inspection.golden import GOLDEN_CHECKS, load_checks, rows_equal


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).parent / "mrplans"
    return subprocess.run([str(cli), "check", *args], capture_output=True, text=True, timeout=120)


def test_the_golden_checks_live_in_the_repository() -> None:
    checks = load_checks()
    assert GOLDEN_CHECKS.is_relative_to(Path(__file__).resolve().parent)
    assert len(checks) >= 28 and all({"id", "sql", "expect", "ordered"} <= set(c) for c in checks)


def test_check_holds_a_fresh_ingest_to_every_fact(sqlite_db: Engine) -> None:
    result = _check(f"sqlite:///{sqlite_db.url.database}")
    assert result.returncode == 0, result.stdout + result.stderr
    n = len(load_checks())
    assert result.stdout.splitlines()[-1] == f"{n}/{n} contract checks hold"


def test_check_names_each_fact_that_falls_short(sqlite_db: Engine, tmp_path: Path) -> None:
    wrong = [
        {"id": "plans.count", "sql": "SELECT count(*) FROM plan", "expect": [[4]], "ordered": False},
        {"id": "no.table", "sql": "SELECT x FROM nowhere", "expect": [], "ordered": False},
    ]
    checks = tmp_path / "checks.json"
    checks.write_text(json.dumps(wrong), encoding="utf-8")
    result = _check(f"sqlite:///{sqlite_db.url.database}", "--checks", str(checks))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "short: plans.count: got [(3,)]"
    assert lines[1].startswith("short: no.table: got error: no such table: nowhere")
    assert lines[-1] == "0/2 contract checks hold"


def test_rows_compare_as_the_golden_readme_says() -> None:
    assert rows_equal([("喀什 地区", 1.0000001)], [("喀什地区", 1)], ordered=True)
    assert rows_equal([(2,), (1,)], [(1,), (2,)], ordered=False)
    assert not rows_equal([(2,), (1,)], [(1,), (2,)], ordered=True)
    assert rows_equal([(True,)], [(1,)], ordered=False)


def test_check_on_a_missing_database_says_so_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "plans.db"
    result = _check(f"sqlite:///{missing}")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "mrplans ingest" in result.stderr
    assert not missing.parent.exists()
