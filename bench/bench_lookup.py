"""Benchmark: `gloss lookup` and `gloss tm search` from a cold process (start-up included), on the seed store.

Run: python bench/bench_lookup.py [--runs 20] [--instructions]
Builds the seed store once in a temporary folder, compiles gloss's bytecode (as an installed gloss
has it), then times whole processes of the console script beside this interpreter (`python -m
cli` without one) for Chinese, English (reverse) and pinyin look-ups and for a term's and a sentence's TM
search: median and 95th percentile of wall time, and the least CPU time against `python -c pass`
(the runs interleaved, so a change in the machine's speed falls on both). With --instructions,
each is also counted in instructions under callgrind (valgrind): deterministic, where CPU times
on a shared machine vary by a fifth from run to run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS = (
    ("lookup", "网络强国"),
    ("lookup", "leading cyber power"),
    ("lookup", "wangluo qiangguo"),
    ("tm", "search", "网络强国"),
    ("tm", "search", "记者：如何认识“十五五”时期网信事业发展取得的成就？"),  # a stored sentence, changed
)


def _cpu_seconds(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of argv (its CPU read from this process's children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=REPO, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _instructions(argv: list[str], env: dict[str, str]) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                         cwd=REPO, env=env, capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--instructions", action="store_true", help="also count instructions under callgrind")
    args = ap.parse_args()
    if args.instructions and not shutil.which("valgrind"):
        sys.exit("--instructions needs valgrind")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    compileall.compile_file(REPO / "cli.py", quiet=1)
    for package in ("glossary", "tm"):
        compileall.compile_dir(REPO / package, quiet=1)
    # The console script beside this interpreter (on PATH there may be a shim: a shell script).
    script = Path(sys.executable).parent / "gloss"
    gloss = [sys.executable, str(script)] if script.exists() else [sys.executable, "-m", "cli"]
    baseline = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "gloss.sqlite")
        subprocess.run([*gloss, "build", "--out", str(Path(tmp) / "out"), "--db", db],
                       cwd=REPO, env=env, check=True, capture_output=True)
        base_ir = _instructions(baseline, env) if args.instructions else 0
        if base_ir:
            print(f"python3 -c pass: {base_ir / 1e6:.0f}M instructions")
        for command in COMMANDS:
            argv = [*gloss, *command, "--db", db]
            walls, cpus, base_cpus = [], [], []
            for _ in range(args.runs):
                wall, cpu = _cpu_seconds(argv, env)
                walls.append(wall)
                cpus.append(cpu)
                base_cpus.append(_cpu_seconds(baseline, env)[1])
            walls.sort()
            line = (f"{' '.join(command)}: median {statistics.median(walls) * 1000:.0f} ms, 95th percentile "
                    f"{walls[int(0.95 * (len(walls) - 1))] * 1000:.0f} ms over {args.runs} runs; least CPU "
                    f"{min(cpus) * 1000:.0f} ms, {min(cpus) / min(base_cpus):.2f}x python3 -c pass")
            if base_ir:
                ir = _instructions(argv, env)
                line += f"; {ir / 1e6:.0f}M instructions, {ir / base_ir:.2f}x"
            print(line, flush=True)


if __name__ == "__main__":
    main()
