"""Scheduled ingestion against a real Prefect server on 127.0.0.1, and the Dask task runner.

The serve test starts `prefect server start` (about 30 s) and `mrplans serve
--interval 5` on a watched folder, drops a plan into the folder, and checks that
the next run loads it and the runs after it do not load it again.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import PLAN_FILES, ROOT

from pipeline.flows import run_ingest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(1)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(lambda: _healthy(env["PREFECT_API_URL"]), 120, "the Prefect server")
        yield env
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _plans(db: Path) -> int:
    try:
        return sqlite3.connect(db).execute("SELECT count(*) FROM plan_all").fetchone()[0]
    except sqlite3.Error:
        return 0


def _completed_runs(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Finished in state Completed")


def test_serve_picks_up_a_dropped_file_once(prefect_server: dict[str, str], tmp_path: Path) -> None:
    watched, db, log_path = tmp_path / "incoming", tmp_path / "plans.db", tmp_path / "serve.log"
    watched.mkdir()
    with log_path.open("w") as log:
        serve = subprocess.Popen(
            [str(BIN / "mrplans"), "serve", str(watched), "--interval", "5", "--db", f"sqlite:///{db}"],
            cwd=ROOT,
            env=prefect_server,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait(lambda: "polling for scheduled runs" in log_path.read_text(), 180, "the served flow")
            shutil.copy(PLAN_FILES["洛浦县"], watched)
            _wait(lambda: _plans(db) == 1, 180, "the dropped plan to be loaded")
            runs = _completed_runs(log_path)
            _wait(lambda: _completed_runs(log_path) > runs + 1, 120, "the next scheduled run")
            assert _plans(db) == 1  # the next runs skip it: same content hash
        finally:
            serve.terminate()
            serve.wait(timeout=30)


def test_dask_runner_ingests_on_a_local_cluster(tmp_path: Path) -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):  # a loaded CI machine takes > 30 s
        outcomes = run_ingest([str(p) for p in PLAN_FILES.values()], f"sqlite:///{tmp_path / 'd.db'}", "dask")
    assert sorted(o.status for o in outcomes) == ["loaded"] * 3
    assert _plans(tmp_path / "d.db") == 3
