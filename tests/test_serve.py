"""Scheduled ingestion against a real Prefect server on 127.0.0.1, and the Dask task runner.

The serve test starts `prefect server start` and `mrplans serve --interval 2` on a
watched folder, drops a plan into the folder, and checks that a run loads it and
the next run skips it; then it holds the database's write lock so that the run in
flight cannot end, stops `mrplans serve` (SIGTERM to it, or Ctrl-C to its whole
process group as a terminal sends it) and checks that no new run starts, the run
in flight finishes once the lock is released, the command exits 0, and no two runs
ever overlapped (start and end times from the server's API).

Every process a test starts runs in a process group of its own, killed whole when
the test ends, whatever its outcome.  The tests wait on what the processes print
(each line read as it comes), not on sleeps; the bound on each wait only catches
a hang, it is no estimate of how long things take.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import PLAN_FILES, ROOT

from pipeline.run.flows import run_ingest

BIN = Path(sys.executable).parent
HANG = 600  # seconds: a wait this long means something is stuck, however loaded the machine is


class Output:
    """The lines a process prints (stdout and stderr), read by a thread as they come, also kept in a log."""

    def __init__(self, process: subprocess.Popen[str], log: Path) -> None:
        self.lines: list[str] = []
        self.ended = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(process, log), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str], log: Path) -> None:
        assert process.stdout is not None
        with log.open("w", encoding="utf-8") as copy:
            for line in process.stdout:
                copy.write(line)
                copy.flush()
                with self._changed:
                    self.lines.append(line)
                    self._changed.notify_all()
        with self._changed:
            self.ended = True
            self._changed.notify_all()

    def wait_for(self, pattern: str, after: int = 0) -> int:
        """The index of the first line from `after` on that matches `pattern`, once it is printed."""
        found = re.compile(pattern)

        def match() -> int | None:
            return next((i for i in range(after, len(self.lines)) if found.search(self.lines[i])), None)

        with self._changed:
            if not self._changed.wait_for(lambda: match() is not None or self.ended, HANG):
                raise AssertionError(f"no line matching {pattern!r} after {HANG} s")
            index = match()
        if index is None:
            raise AssertionError(f"the process ended without printing {pattern!r}:\n{''.join(self.lines)}")
        return index

    def wait_for_end(self) -> None:
        """Until the process has closed its output (every line is read)."""
        with self._changed:
            assert self._changed.wait_for(lambda: self.ended, HANG), f"output still open after {HANG} s"


@contextmanager
def _process_group(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[tuple[subprocess.Popen[str], Output]]:
    """`command` in a process group of its own, with its output; the whole group is killed at the end."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield process, Output(process, log)
    finally:
        with suppress(ProcessLookupError):  # the group is gone already
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
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
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    command = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with _process_group(command, env, tmp_path / "server.log") as (_server, output):
        output.wait_for(r"Check out the dashboard|Uvicorn running|Application startup complete")
        deadline = time.monotonic() + HANG
        while not _healthy(env["PREFECT_API_URL"]):  # printed before it answers: a hang bound only
            assert time.monotonic() < deadline, "the Prefect server never answered"
            time.sleep(0.5)
        yield env


def _plans(db: Path) -> int:
    try:
        return sqlite3.connect(db).execute("SELECT count(*) FROM plan_all").fetchone()[0]
    except sqlite3.Error:
        return 0


def _flow_runs(api: str) -> list[dict]:
    request = urllib.request.Request(
        f"{api}/flow_runs/filter", data=b"{}", headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("stop", ["SIGTERM to mrplans serve", "Ctrl-C to its process group"])
def test_serve_loads_a_dropped_file_once_and_stops_after_the_run_in_flight(
    prefect_server: dict[str, str], tmp_path: Path, stop: str
) -> None:
    watched, db = tmp_path / "incoming", tmp_path / "plans.db"
    watched.mkdir()
    command = [str(BIN / "mrplans"), "serve", str(watched), "--interval", "2", "--db", f"sqlite:///{db}"]
    with _process_group(command, prefect_server, tmp_path / "serve.log") as (serve, output):
        ready = output.wait_for("polling for scheduled runs")
        shutil.copy(PLAN_FILES["洛浦县"], watched)
        loaded = output.wait_for(r"ingest: 1 loaded, 0 skipped, 0 rejected", ready)
        skipped = output.wait_for(r"ingest: 0 loaded, 1 skipped, 0 rejected", loaded)  # the next run
        assert _plans(db) == 1

        lock = sqlite3.connect(db, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # the next run cannot write until this ends: it stays in flight
        in_flight = output.wait_for(r"ingest: reading 1 files", skipped)
        if stop.startswith("SIGTERM"):
            serve.send_signal(signal.SIGTERM)
        else:
            os.killpg(serve.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to every process of the group
        stopping = output.wait_for("stopping: no new runs", in_flight)
        lock.execute("COMMIT")
        lock.close()
        assert serve.wait(HANG) == 0
        output.wait_for_end()
    after_stop = output.lines[stopping:]
    assert any("ingest: 0 loaded, 1 skipped, 0 rejected" in line for line in after_stop)  # it finished
    assert not any("ingest: reading" in line for line in after_stop)  # and no run started after it
    runs = sorted(
        (r for r in _flow_runs(prefect_server["PREFECT_API_URL"]) if r["start_time"]),
        key=lambda r: r["start_time"],
    )
    assert runs and all(r["state_type"] == "COMPLETED" for r in runs)
    for before, after in pairwise(runs):  # one run at a time
        assert datetime.fromisoformat(before["end_time"]) <= datetime.fromisoformat(after["start_time"])


def test_dask_runner_ingests_on_a_local_cluster(tmp_path: Path) -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=HANG):  # the bound only catches a hang
        outcomes = run_ingest([str(p) for p in PLAN_FILES.values()], f"sqlite:///{tmp_path / 'd.db'}", "dask")
    assert [o.status for o in outcomes] == ["loaded"] * 3
    assert [o.plan_id for o in outcomes] == [1, 2, 3]  # file order, as in process
    assert _plans(tmp_path / "d.db") == 3
