"""The `mrplans` command as a user runs it: the Prefect flow end to end, summary and exit codes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import RAW, ROOT


def _mrplans(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`mrplans ARGS` in `cwd`, 200 columns wide unless `env` says otherwise (COLUMNS=80 …)."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "COLUMNS": "200", **env}
    cli = Path(sys.executable).parent / "mrplans"
    return subprocess.run([str(cli), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_ingest_loads_good_files_reports_bad_ones_and_exits_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "incoming" / "坏 文件.tika.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00\x01binary")
    db = tmp_path / "plans.db"
    result = _mrplans("ingest", str(RAW), str(bad.parent), "--db", f"sqlite:///{db}", cwd=ROOT)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {bad}: binary data, not a Tika text export (expected UTF-8 text)"]
    assert "洛浦县" in result.stdout and "loaded" in result.stdout
    regions = {r for (r,) in sqlite3.connect(db).execute("SELECT region FROM plan")}
    assert regions == {"洛浦县", "和田地区", "喀什地区"}


def test_ingest_defaults_to_raw_and_output_plans_db(tmp_path: Path) -> None:
    (tmp_path / "raw").symlink_to(RAW)
    result = _mrplans("ingest", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "plans.db").is_file()


def test_every_command_has_help() -> None:
    for command in ([], ["ingest"]):
        result = _mrplans(*command, "--help", cwd=ROOT)
        assert result.returncode == 0 and "Usage" in result.stdout
