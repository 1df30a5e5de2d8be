"""An ordered map over a stream in forked worker processes: the per-pair steps of alignment and
mining are pure functions of one pair, and a machine has more than one core."""

from __future__ import annotations

import os
from collections import deque
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items the workers' start (a fork, a pipe) costs more than they save.
MIN_ITEMS = 5_000
_WINDOW = 2_048  # items handed out at a time; two windows are in flight, so memory stays flat
_work: Callable | None = None  # what the forked workers run: set before the fork, inherited


def workers() -> int:
    """The cores this process may use (GLOSS_WORKERS caps it; 1 keeps every step in-process)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    cap = os.environ.get("GLOSS_WORKERS", "")
    return max(1, min(cores, int(cap))) if cap.isdigit() else cores


def ordered_map(fn: Callable[[T], R], items: Iterable[T], size: int) -> Iterator[tuple[T, R]]:
    """Each item with fn of it, in the items' order. `size` (how many items there are, or a fair
    guess) decides whether workers pay; `items` is read in the caller's thread (a store's
    cursor may be), a window at a time. fn and what it reads must be set up before the call:
    the workers are forks of this process and see it as it is then."""
    n = workers()
    if n < 2 or size < MIN_ITEMS:
        yield from ((item, fn(item)) for item in items)
        return
    import gc
    import multiprocessing

    global _work
    _work = fn
    source = iter(items)
    pending: deque = deque()
    # The workers share this process's memory until they write to it; the collector, walking
    # every object, would write to all of it: what exists now is left out of its walks.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:

            def hand_out() -> None:
                window = list(islice(source, _WINDOW))
                if window:
                    pending.append((window, pool.map_async(_run, window, chunksize=max(1, len(window) // (4 * n)))))

            hand_out()
            hand_out()
            while pending:
                window, done = pending.popleft()
                done = done.get()
                hand_out()
                yield from zip(window, done)
    finally:
        gc.unfreeze()
        _work = None


def _run(item):
    return _work(item)
