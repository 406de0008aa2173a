"""What the commands print for people and for scripts: progress on stderr, JSON and file lists on stdout.

`mrplans ingest` shows a progress bar and one status line per file unless --quiet;
--json prints the outcomes as JSON instead of the table; the exit codes stay.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from conftest import RAW, ROOT
from sqlalchemy import Engine
from test_cli import _mrplans

from pipeline.run.ingest import Outcome
from pipeline.store.contract import contract_names

OUTCOME_FIELDS = {field.name for field in fields(Outcome)}


def test_ingest_json_progress_and_quiet(tmp_path: Path) -> None:
    bad = tmp_path / "incoming" / "empty.tika.txt"
    bad.parent.mkdir()
    bad.write_text("", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'plans.db'}"

    first = _mrplans("ingest", str(RAW), str(bad), "--db", db, "--json", cwd=ROOT)
    assert first.returncode == 1, first.stderr  # finished, one document rejected
    outcomes = json.loads(first.stdout)
    assert len(outcomes) == 4 and all(set(o) == OUTCOME_FIELDS for o in outcomes)
    assert sorted(o["status"] for o in outcomes) == ["loaded", "loaded", "loaded", "rejected"]
    assert {o["region"] for o in outcomes if o["status"] == "loaded"} == {"洛浦县", "和田地区", "喀什地区"}
    progress = first.stderr.splitlines()
    assert any(line.startswith("loaded") and "洛浦县" in line for line in progress)
    assert any(line.startswith("rejected") and "empty.tika.txt" in line for line in progress)
    assert any("4/4" in line for line in progress)  # the bar, finished
    assert f"error: {bad}: " in first.stderr

    again = _mrplans("ingest", str(RAW), "--db", db, "--quiet", cwd=ROOT)
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""  # no progress, no Prefect chatter
    assert "skipped" in again.stdout and "mrplans ingest" in again.stdout  # the summary table stays


def test_export_prints_the_files_it_wrote(sqlite_db: Engine, tmp_path: Path) -> None:
    result = _mrplans(
        "export",
        "--format",
        "parquet",
        "--out",
        str(tmp_path),
        "--db",
        f"sqlite:///{sqlite_db.url.database}",
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / f"{name}.parquet") for name in contract_names()]


def test_export_and_browse_refuse_what_they_cannot_read(tmp_path: Path) -> None:
    missing = _mrplans("export", "--format", "csv", "--db", f"sqlite:///{tmp_path / 'none.db'}", cwd=ROOT)
    assert missing.returncode == 2 and "run `mrplans ingest` first" in missing.stderr
    postgres = _mrplans(
        "browse", "--db", "postgresql+psycopg://analyst:s3cret@db.example:5432/plans", cwd=ROOT
    )
    assert postgres.returncode == 2
    assert postgres.stderr.count("\n") == 1 and "mrplans export" in postgres.stderr
    assert "s3cret" not in postgres.stderr + postgres.stdout


def test_the_cli_starts_without_the_heavy_libraries() -> None:
    """`mrplans --help` stays fast: the database, pandas and the readers load in the commands using them."""
    heavy = ("sqlalchemy", "pandas", "parsers.parse", "prefect", "yaml")
    probe = f"import sys, pipeline.cli; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stdout
