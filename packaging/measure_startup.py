"""Start-up time of the standalone bundle against an installed `reader`, and the bundle's size.

    python packaging/measure_startup.py --installed /path/to/venv/bin/reader [--runs 5]

Each run is `--smoke --print-first-paint` on a fresh data dir (so the seeds are imported every
time) from a clean environment; runs alternate between the two so machine load hits both.
Reports the medians of the time from launch to the first painted document and to exit. The page
cache is not dropped (that needs root and disturbs other work): these are warm-cache figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def one_run(command: str) -> tuple[float, float]:
    """(seconds to exit, seconds from launch to first paint) for one smoke start."""
    with tempfile.TemporaryDirectory(prefix="reader-start-") as scratch:
        env = {
            "HOME": scratch,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }
        launched = time.time()
        started = time.perf_counter()
        result = subprocess.run(
            [command, "--smoke", "--print-first-paint", "--data-dir", f"{scratch}/data"],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        wall = time.perf_counter() - started
    if result.returncode != 0 or "smoke ok:" not in result.stdout:
        raise RuntimeError(f"{command} failed: {result.stderr[-500:]}")
    first_paint = next(line for line in result.stdout.splitlines() if line.startswith("first-"))
    return wall, float(first_paint.split()[1]) - launched


def folder_megabytes(folder: Path) -> float:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", default=str(REPO / "dist" / "reader" / "reader"))
    parser.add_argument("--installed", required=True, help="an installed `reader` command")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    commands = {"bundle": args.bundle, "installed": args.installed}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(one_run(command))
    print(f"bundle size: {folder_megabytes(Path(args.bundle).parent):.0f} MB")
    for name, runs in times.items():
        walls = ", ".join(f"{wall:.2f}" for wall, _ in runs)
        print(
            f"{name:9s}  median wall {statistics.median(w for w, _ in runs):.3f} s  "
            f"median launch-to-first-paint {statistics.median(p for _, p in runs):.3f} s  ({walls})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
