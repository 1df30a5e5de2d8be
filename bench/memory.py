"""The memory of a process and all its descendants together, sampled: a forked worker shares most
of its pages with its parent, so adding resident sizes would count them twice; the proportional
set size (Linux's PSS) counts a page shared by n processes as 1/n in each."""

from __future__ import annotations

import os
import threading


class TreeMemory:
    """While in use, samples the summed PSS of process `root` and its descendants; `peak_kib` is
    the highest sum seen (0 where /proc has no smaps_rollup; descendants are found through each
    thread's /proc children file, which some kernels lack: then only `root` is counted)."""

    def __init__(self, root: int, every: float = 0.5) -> None:
        self.root = root
        self.every = every
        self.peak_kib = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in _tree(self.root)))
            if self._done.wait(self.every):
                return


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                for child in fh.read().split():
                    found.extend(_tree(int(child)))
    except OSError:  # the process has ended meanwhile
        pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
