"""An ordered map over a stream in forked worker processes: the per-pair steps of alignment and
mining are pure functions of one pair, and a machine has more than one core."""

from __future__ import annotations

import os
import sys
from collections import deque
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items the workers' start (a fork, a pipe) costs more than they save.
MIN_ITEMS = 5_000
_WINDOW = 2_048  # items handed out at a time; two windows are in flight, so memory stays flat
_work: Callable | None = None  # in a worker: the function it runs, given at its start


def workers() -> int:
    """The cores this process may use, by its affinity and its cgroup's CPU quota (GLOSS_WORKERS
    caps it; 1 keeps every step in-process); 1 where processes cannot be forked safely (Windows
    has no fork, macOS's is unsafe)."""
    if not sys.platform.startswith("linux"):
        return 1
    cores = min(len(os.sched_getaffinity(0)), cgroup_cpus() or os.cpu_count() or 1)
    cap = os.environ.get("GLOSS_WORKERS", "")
    return max(1, min(cores, int(cap))) if cap.isdigit() else cores


def cgroup_cpus(limits: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    """The CPUs a container's quota allows (cgroup v2: "quota period", or "max" for none), rounded
    up; None when there is no quota or no such file."""
    try:
        with open(limits) as fh:
            quota, period = fh.read().split()[:2]
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        return None


def ordered_map(fn: Callable[[T], R], items: Iterable[T], size: int) -> Iterator[tuple[T, R]]:
    """Each item with fn of it, in the items' order. `size` (how many items there are, or a fair
    guess) decides whether workers pay; `items` is read in the caller's thread (a store's
    cursor may be), a window at a time. fn and what it reads must be set up before the call:
    the workers are forks of this process and see it as it is then. An error in fn, or a worker
    that dies, is raised here; the results of the window it fell in are not yielded."""
    n = workers()
    if n < 2 or size < MIN_ITEMS:
        yield from ((item, fn(item)) for item in items)
        return
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from tm.errors import GlossError

    source = iter(items)
    pending: deque = deque()
    chunk = max(1, _WINDOW // (4 * n))
    # The workers share this process's memory until they write to it; the collector, walking
    # every object, would write to all of it: what exists now is left out of its walks.
    frozen_here = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(fn,)) as pool:

            def hand_out() -> None:
                window = list(islice(source, _WINDOW))
                if window:
                    parts = [window[i : i + chunk] for i in range(0, len(window), chunk)]
                    pending.append((window, [pool.submit(_run, part) for part in parts]))

            try:
                hand_out()
                hand_out()
                while pending:
                    window, parts = pending.popleft()
                    done = [r for part in parts for r in part.result()]
                    hand_out()
                    yield from zip(window, done)
            except BrokenProcessPool as e:
                raise GlossError("a worker process stopped before its work was done (out of memory?); "
                                 "GLOSS_WORKERS=1 runs every step in one process") from e
            finally:
                pool.shutdown(cancel_futures=True)  # a stream left half read: the rest is not worked out
    finally:
        if frozen_here:
            gc.unfreeze()


def _start_worker(fn: Callable) -> None:
    import signal

    global _work
    _work = fn
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: one message, not one a worker


def _run(part: list) -> list:
    return [_work(item) for item in part]
