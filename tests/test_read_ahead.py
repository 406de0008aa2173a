"""Both runners read a bounded number of files ahead of the load (pipeline/run/steps.py: in process;
pipeline/run/flows.py: the Prefect flow), so a corpus's parsed plans do not pile up in memory while
they wait their turn, and files stay in order; the flow submits each read without its own list of
files in the read's context, and the Dask runner keeps Dask's logs of the messages it sent short."""

from __future__ import annotations

import gc
import os
import weakref
from concurrent.futures import Future
from pathlib import Path

import pytest
from conftest import PLAN_FILES

from pipeline.ahead import read_ahead
from pipeline.run import flows
from pipeline.run.ingest import Outcome, Parsed


class _Result:
    """A parsed plan's stand-in, to see when nothing holds it any more."""

    def __init__(self, path: str) -> None:
        self.path = path


def test_reads_are_submitted_a_bounded_number_ahead_and_taken_in_file_order() -> None:
    files = [f"f{i}" for i in range(10)]
    submitted: list[str] = []

    def submit(path: str) -> Future:
        submitted.append(path)
        future: Future = Future()
        future.set_result(path)
        return future

    taken = []
    for pending in read_ahead(submit, files, depth=3):
        assert len(submitted) - len(taken) <= 3  # never more than 3 submitted and not yet taken
        taken.append(pending())
    assert taken == files and submitted == files


def test_a_taken_read_is_not_held() -> None:
    alive: list[weakref.ref] = []

    def submit(path: str) -> Future:
        result = _Result(path)
        alive.append(weakref.ref(result))
        future: Future = Future()
        future.set_result(result)
        return future

    for index, pending in enumerate(read_ahead(submit, [f"f{i}" for i in range(8)], depth=2)):
        assert pending().path == f"f{index}"
        del pending
        gc.collect()
        # the files taken before this one are gone: only this one's successors, submitted ahead, live
        assert [ref() is None for ref in alive[:index]] == [True] * index


def test_no_files_no_reads() -> None:
    assert list(read_ahead(lambda path: Future(), [], depth=4)) == []


def test_the_prefect_flow_submits_reads_a_bounded_number_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.context import FlowRunContext, serialize_context
    from prefect.testing.utilities import prefect_test_harness

    submitted: list[str] = []
    sent: list[object] = []  # the flow's parameters in the context each read is submitted with
    loads: list[int] = []  # how many reads were submitted when each load began
    flow_files: list[object] = []  # the flow's own parameters, as each load began
    submit, load = flows.read_document.submit, flows._Tasks.load

    def counted_submit(path: str, *args: object) -> object:
        submitted.append(path)
        sent.append(serialize_context()["flow_run_context"].get("parameters"))
        return submit(path, *args)

    def counted_load(steps: flows._Tasks, parsed: Parsed) -> Outcome:
        loads.append(len(submitted))
        context = FlowRunContext.get()
        flow_files.append(context.parameters["paths"] if context else None)
        return load(steps, parsed)

    monkeypatch.setattr(flows, "READ_AHEAD", 1)
    monkeypatch.setattr(flows.read_document, "submit", counted_submit)
    monkeypatch.setattr(flows._Tasks, "load", counted_load)
    files = [str(p) for p in PLAN_FILES.values()]
    with prefect_test_harness(server_startup_timeout=120):  # the bound only catches a hang
        outcomes = flows.run_ingest(files, f"sqlite:///{tmp_path / 'p.db'}")
    assert [o.status for o in outcomes] == ["loaded"] * 3
    assert sorted(submitted) == sorted(files)
    assert loads == [1, 2, 3]  # each load began with only its own read submitted: none ahead
    assert sent == [{}] * 3  # not the run's list of files with each of its files (flows.py)
    assert flow_files == [files] * 3  # the flow's own context keeps them


def test_the_dask_runner_keeps_dasks_low_level_logs_short() -> None:
    """Dask keeps each process's last low-level messages and events (1,000 by default), and a message
    that starts a task holds the task's whole run spec, its flow and flow-run context included: the Dask
    runner shortens them to DASK_LOG_LENGTH for the processes it starts, keeping a length that Dask's
    own configuration sets."""
    import dask.config
    from distributed.batched import BatchedSend

    setting = "distributed.admin.low-level-log-length"
    flows.task_runner("dask")
    assert dask.config.get(setting) == flows.DASK_LOG_LENGTH
    assert BatchedSend(interval="5ms").recent_message_log.maxlen == flows.DASK_LOG_LENGTH
    with dask.config.set({setting: 500}):  # the user's own setting
        flows._short_dask_logs.__wrapped__()
        assert dask.config.get(setting) == 500
