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
def test_a_workers_error_reaches_the_caller_and_stops_the_workers():
    with pytest.raises(ValueError, match="seven"):
        list(parallel.ordered_map(_fails_on_seven, range(20_000), 20_000))
    assert not multiprocessing.active_children()


@needs_two_cores
def test_a_stream_left_half_read_stops_the_workers():
    stream = parallel.ordered_map(_square_and_where, range(50_000), 50_000)
    assert next(stream)[0] == 0
    stream.close()
    assert not multiprocessing.active_children()
