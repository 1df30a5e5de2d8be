"""tm.parallel: the ordered map that runs the per-pair steps of alignment and mining on every core."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from tm import parallel

needs_two_cores = pytest.mark.skipif(parallel.workers() < 2, reason="one core: every step runs in-process")


def _square_and_where(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fails_on_seven(n: int) -> int:
    if n == 7_777:
        raise ValueError("seven")
    return n


@needs_two_cores
def test_results_come_in_order_from_other_processes():
    items = range(3 * parallel.MIN_ITEMS)
    out = list(parallel.ordered_map(_square_and_where, iter(items), len(items)))
    assert [(item, square) for item, (square, _) in out] == [(n, n * n) for n in items]
    assert os.getpid() not in {pid for _, (_, pid) in out}
    assert not multiprocessing.active_children()


def test_a_small_stream_or_one_core_stays_in_process(monkeypatch):
    small = list(parallel.ordered_map(_square_and_where, range(10), 10))
    assert {pid for _, (_, pid) in small} == {os.getpid()}
    monkeypatch.setenv("GLOSS_WORKERS", "1")
    assert parallel.workers() == 1
    big = list(parallel.ordered_map(_square_and_where, range(parallel.MIN_ITEMS), parallel.MIN_ITEMS))
    assert {pid for _, (_, pid) in big} == {os.getpid()}


@needs_two_cores
def test_a_stream_left_half_read_stops_the_workers():
    stream = parallel.ordered_map(_square_and_where, range(50_000), 50_000)
    assert next(stream)[0] == 0
    stream.close()
    assert not multiprocessing.active_children()


def _dies_on_seven(n: int) -> int:
    if n == 7_777:
        os.kill(os.getpid(), 9)  # as the kernel's out-of-memory killer would
    return n


class _Unrebuildable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} {b}")


def _raises_unrebuildable(n: int) -> int:
    if n == 7_777:
        raise _Unrebuildable(1, 2)
    return n


@needs_two_cores
@pytest.mark.parametrize("fails, error", [(_fails_on_seven, "seven"), (_dies_on_seven, "worker process stopped"),
                                          (_raises_unrebuildable, "worker process")])
def test_a_workers_error_or_death_reaches_the_caller_and_stops_the_workers(fails, error):
    """Raised here, not a hang: also when the worker is killed (as by the kernel's out-of-memory
    killer) or its error cannot be rebuilt in this process."""
    with pytest.raises(Exception, match=error):
        list(parallel.ordered_map(fails, range(20_000), 20_000))
    assert not multiprocessing.active_children()


@needs_two_cores
def test_the_collector_is_left_as_it_was_found():
    import gc

    for caller_froze in (False, True):
        if caller_froze:
            gc.freeze()
        before = gc.get_freeze_count()
        assert len(list(parallel.ordered_map(abs, range(parallel.MIN_ITEMS), parallel.MIN_ITEMS))) == parallel.MIN_ITEMS
        assert gc.get_freeze_count() == before
        gc.unfreeze()


def test_a_containers_cpu_quota_bounds_the_workers(tmp_path):
    limits = tmp_path / "cpu.max"
    for text, cpus in (("150000 100000\n", 2), ("100000 100000\n", 1), ("max 100000\n", None), ("", None)):
        limits.write_text(text)
        assert parallel.cgroup_cpus(str(limits)) == cpus
    assert parallel.cgroup_cpus(str(tmp_path / "absent")) is None
