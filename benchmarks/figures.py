"""The one contract between benchmark modules and the harness: a figure is a plain dict.

Every `benchmarks/bench_*.py` module exposes `run(quick: bool) -> list[Figure]`. The harness
runs each module in its own process, collects the figures as JSON and prints one table, so a
figure holds only JSON-able values. Times are seconds, memory is MB (2**20 bytes).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NotRequired, TypedDict


class Figure(TypedDict):
    """One row of the table.

    Memory-only figures may set `median_s`, `min_s` and `max_s` to None and give `rss_mb`.
    `target` is plain text the harness can check, clauses joined by ";":
    "≤ 1.3× floor" (ratio), "≤ 0.1 s" / "≤ 50 ms" (median), "≤ 200 MB" (rss_mb).
    """

    name: str
    median_s: float | None
    min_s: float | None
    max_s: float | None
    floor_s: NotRequired[float | None]  # the floor's median, measured in the same run
    floor_name: NotRequired[str]  # short: "launch", "text 5 MB", "disk"
    ratio: NotRequired[float | None]  # median_s / floor_s; the harness fills it in if missing
    target: NotRequired[str | None]
    rss_mb: NotRequired[float | None]  # peak resident memory of the process doing the work
    runs: NotRequired[int]  # how many timed samples the median is of
    note: NotRequired[str]
    error: NotRequired[str]  # set by the harness when a module failed


def timing(
    name: str,
    samples: Sequence[float],
    *,
    floor: Figure | None = None,
    target: str | None = None,
    rss_mb: float | None = None,
    note: str = "",
) -> Figure:
    """A figure from raw samples, compared with a floor figure measured in the same run."""
    if not samples:
        raise ValueError(f"{name}: no samples")
    figure: Figure = {
        "name": name,
        "median_s": statistics.median(samples),
        "min_s": min(samples),
        "max_s": max(samples),
        "runs": len(samples),
        "target": target,
        "rss_mb": rss_mb,
    }
    if floor is not None and floor.get("median_s"):
        figure["floor_s"] = floor["median_s"]
        figure["floor_name"] = floor.get("floor_name", floor["name"])
    if note:
        figure["note"] = note
    return complete(figure)


def memory(name: str, rss_mb: float, *, target: str | None = None, note: str = "") -> Figure:
    figure: Figure = {
        "name": name,
        "median_s": None,
        "min_s": None,
        "max_s": None,
        "rss_mb": rss_mb,
        "target": target,
    }
    if note:
        figure["note"] = note
    return figure


def complete(figure: Figure) -> Figure:
    """Fill in the ratio against the floor when a module left it out."""
    if figure.get("ratio") is None:
        median, floor = figure.get("median_s"), figure.get("floor_s")
        figure["ratio"] = median / floor if median is not None and floor else None
    return figure


def time_calls(
    action: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    """Seconds of `runs` calls of `action`, one sample each (the in-process benchmarks' one
    timing loop): wall clock, or `time.process_time` for CPU time where a loaded machine
    would otherwise decide a single-threaded figure."""
    samples = []
    for _ in range(runs):
        start = clock()
        action()
        samples.append(clock() - start)
    return samples


def print_result(result: object, out: Path | None) -> None:
    """A run's whole result as indented JSON on standard output, and in `out` when given."""
    text = json.dumps(result, indent=1)
    print(text)
    if out:
        out.write_text(text, encoding="utf-8")
