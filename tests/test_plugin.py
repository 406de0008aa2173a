"""An out-of-tree interpreter package (tests/plugin_pkg), installed, reads the new layout via its entry point.

The package is installed with pip into a folder of this test (--target), never into the
test environment: only the `mrplans` processes started here, with that folder on
PYTHONPATH, see its entry point, so the rest of the suite reads as before.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from new_layout import INDICATOR_FIELDS, INDICATORS, PLAN

from parsers.interpret.registry import interpreters

PACKAGE = ROOT / "tests" / "plugin_pkg"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the installed package (copied first: building writes into the source tree)."""
    work = tmp_path_factory.mktemp("plugin")
    source = shutil.copytree(PACKAGE, work / "source")
    site = work / "site"
    offline = ["--no-deps", "--no-build-isolation", "--no-index"]  # built with the venv's setuptools, wheel
    pip = [sys.executable, "-m", "pip", "install", "--quiet", *offline, "--target", str(site), str(source)]
    subprocess.run(pip, check=True, capture_output=True)
    return site


def _run(site: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run a command with the package's folder on PYTHONPATH and no reading profile (an empty folder)."""
    (site / "no-profiles").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "MRPLANS_PROFILES": str(site / "no-profiles"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "COLUMNS": "200",
    }
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


# what `mrplans ingest` does per document, without Prefect's temporary server (tests/test_cli.py starts it)
INGEST = """
import sys
from pathlib import Path
from pipeline.store.db import create_schema, engine_for
from pipeline.run.ingest import ingest_file
engine = engine_for(sys.argv[2])
create_schema(engine)
print(ingest_file(Path(sys.argv[1]), engine).status)
"""


def test_the_installed_plugin_ingests_the_new_layout(site: Path, tmp_path: Path) -> None:
    db = tmp_path / "plans.db"
    result = _run(site, sys.executable, "-c", INGEST, str(PLAN), f"sqlite:///{db}")
    assert result.returncode == 0 and result.stdout.strip() == "loaded", result.stderr
    with sqlite3.connect(db) as conn:
        kinds = conn.execute("SELECT number, kind FROM box ORDER BY number").fetchall()
        rows = conn.execute(
            f"SELECT {', '.join(INDICATOR_FIELDS)} FROM indicator_all i JOIN box b ON b.box_id = i.box_id"
            " WHERE b.number = 1 ORDER BY i.row, i.col"
        ).fetchall()
    assert kinds == [(1, "indicator"), (2, "indicator"), (3, "zone")]
    assert rows == INDICATORS


def test_inspect_names_the_plugin_and_its_fit(site: Path) -> None:
    result = _run(site, str(Path(sys.executable).parent / "mrplans"), "inspect", str(PLAN), "--box", "1")
    assert result.returncode == 0, result.stderr
    assert "kind indicator · interpreter years_indicator · fit years_indicator 0.95" in result.stdout


def test_the_rest_of_the_suite_does_not_see_the_plugin(site: Path) -> None:
    assert "years_indicator" not in {i.name for i in interpreters()}
