"""Work submitted a bounded distance ahead of its consumer: the reads of an ingest run
(pipeline/run/steps.py) and the groups of a parallel comparison (pipeline/compare/parallel.py),
so that results waiting for their turn do not pile up (memory stays flat over a corpus)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Submitted(Protocol[R_co]):
    """Work started on a runner: a concurrent.futures future, or a Prefect one (threads or Dask)."""

    def result(self) -> R_co: ...


def read_ahead(
    submit: Callable[[T], Submitted[R]], items: Iterable[T], depth: int
) -> Iterator[Callable[[], R]]:
    """Each item's pending result in item order, at most `depth` of them submitted and not yet taken;
    the next item is submitted when the one before is done with, and a taken result is held here no
    longer."""
    waiting: deque[Submitted[R]] = deque()
    queue = iter(items)
    for item in queue:
        waiting.append(submit(item))
        if len(waiting) == depth:
            break
    while waiting:
        future = waiting.popleft()
        yield future.result
        del future
        for following in queue:  # the next item, if any
            waiting.append(submit(following))
            break
