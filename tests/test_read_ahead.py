"""The in-process runner reads a bounded number of files ahead of the load (pipeline/run/steps.py), so a
corpus's parsed plans do not pile up in memory while they wait their turn, and files stay in order."""

from __future__ import annotations

import gc
import weakref
from concurrent.futures import Future

from pipeline.run.steps import read_ahead


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
