"""A/B of the launch figure across source trees, interleaved with the launch floor.

    python -m benchmarks.ab_launch TREE [TREE ...] [--rounds N]

Each TREE is a checkout of reader (e.g. `git archive COMMIT | tar -x -C /tmp/ab/COMMIT`) run
as `python -m reader` with the tree as working directory, so its own `reader` package is the
one imported. Every round runs the floor and then each tree once, in an order that rotates,
so all see the same load; each tree first gets an untimed run that makes its seed library.
Printed per tree: the median wall time to first paint, its ratio to the floor's median (the
launch figure), the median of the per-round ratios, and the CPU time the process had used
when it reported its first paint (read from /proc as the line arrives; steady under load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import floors

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    paint_s: float  # wall, from just before Popen to the reported first-paint epoch
    cpu_at_paint_s: float  # the child's user + system CPU when its first-paint line was read


def _cpu_s(pid: int) -> float:
    """Nanosecond run time of the process's live threads (schedstat), else clock ticks."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as stat:
                total += int(stat.read().split()[0])
        return total / 1e9
    except (OSError, ValueError):
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS


def sample(command: list[str], cwd: Path | None = None) -> Sample:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure bytecode as installed, as run.py does
    started = time.time()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=cwd, env=env
    )
    killer = threading.Timer(60, process.kill)
    killer.start()
    assert process.stdout is not None
    painted = cpu = None
    for line in process.stdout:
        if line.startswith("first-paint ") and painted is None:
            cpu = _cpu_s(process.pid)
            painted = float(line.split()[1])
    process.wait()
    killer.cancel()
    if process.returncode != 0 or painted is None or cpu is None:
        raise RuntimeError(f"{command} in {cwd}: exit {process.returncode}, painted {painted}")
    return Sample(painted - started, cpu)


def app_command(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "reader", "--data-dir", str(data_dir),
            "--print-first-paint", "--smoke"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    trees: list[Path] = [tree.resolve() for tree in args.trees]
    print(f"load before: {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="reader-ab-") as scratch:
        data = {tree: Path(scratch) / f"data-{index}" for index, tree in enumerate(trees)}
        sample(floors.launch_command())
        for tree in trees:
            sample(app_command(data[tree]), tree)
        floor: list[Sample] = []
        runs: dict[Path, list[Sample]] = {tree: [] for tree in trees}
        ratios: dict[Path, list[float]] = {tree: [] for tree in trees}
        for index in range(args.rounds):
            base = sample(floors.launch_command())
            floor.append(base)
            order = trees[index % len(trees):] + trees[: index % len(trees)]
            for tree in order:
                got = sample(app_command(data[tree]), tree)
                runs[tree].append(got)
                ratios[tree].append(got.paint_s / base.paint_s)
    floor_paint = statistics.median(s.paint_s for s in floor)
    floor_cpu = statistics.median(s.cpu_at_paint_s for s in floor)
    print(f"load after: {os.getloadavg()}")
    print(f"floor: paint {floor_paint * 1000:.0f} ms, cpu at paint {floor_cpu * 1000:.0f} ms")
    for tree in trees:
        paint = statistics.median(s.paint_s for s in runs[tree])
        cpu = statistics.median(s.cpu_at_paint_s for s in runs[tree])
        print(f"{tree.name:>12}: paint {paint * 1000:4.0f} ms  ratio {paint / floor_paint:.3f}  "
              f"per-round {statistics.median(ratios[tree]):.3f}  "
              f"cpu {cpu * 1000:4.0f} ms ({cpu / floor_cpu:.3f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
