"""The floors every figure is compared with, measured in the same run on the same machine.

- launch floor: `floor_app.py`, a bare PySide6 window (splitter of a list view and a
  QTextBrowser holding the seed text) timed as a whole process to its first paint and its exit;
- text floor: `QTextBrowser.setPlainText` of the same text until painted, in-process;
- disk floor: reading a corpus' bytes, for import throughput.

The harness measures the launch and text floors once, first, and shares them with every
benchmark module through a JSON file named by $READER_BENCH_FLOORS; a module run on its own
(`--only app`) measures what it needs itself.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, timing
from benchmarks.processes import ProcessTiming, time_runs
from benchmarks.texts import SIZES, seed_path, seed_text, sized_text

FLOOR_CACHE_ENV = "READER_BENCH_FLOORS"
FLOOR_APP = Path(__file__).resolve().parent / "floor_app.py"
LAUNCH_PAINT = "floor: launch, bare PySide6 → first paint"
LAUNCH_EXIT = "floor: launch, bare PySide6 → exit"


RUNS_ENV = "READER_BENCH_RUNS"


def runs_for(quick: bool) -> int:
    """Timed repeats per figure: 5 (3 quick), or `--runs N` (passed on as $READER_BENCH_RUNS)."""
    given = os.environ.get(RUNS_ENV, "")
    return int(given) if given.isdigit() and int(given) > 0 else (3 if quick else 5)


def _cache_path() -> Path | None:
    value = os.environ.get(FLOOR_CACHE_ENV)
    return Path(value) if value else None


def _cached(name: str) -> Figure | None:
    path = _cache_path()
    if path is None or not path.exists():
        return None
    figures: dict[str, Figure] = json.loads(path.read_text(encoding="utf-8"))
    return figures.get(name)


def _remember(figures: Iterable[Figure]) -> None:
    path = _cache_path()
    if path is None:
        return
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    known.update({figure["name"]: figure for figure in figures})
    path.write_text(json.dumps(known), encoding="utf-8")


def launch_command() -> list[str]:
    return [sys.executable, str(FLOOR_APP), str(seed_path())]


def launch_figure(timings: list[ProcessTiming], name: str = LAUNCH_PAINT) -> Figure:
    """The floor to first paint, from whole-process timings of `launch_command()`."""
    figure = timing(name, [t.first_paint_s for t in timings], rss_mb=max(t.rss_mb for t in timings))
    figure["floor_name"] = "launch"
    return figure


def measure_launch(runs: int) -> tuple[Figure, Figure]:
    """The bare program, whole process, after one untimed warm-up run."""
    timings = time_runs(launch_command(), runs)
    rss = max(t.rss_mb for t in timings)
    paint = launch_figure(timings)
    done = timing(LAUNCH_EXIT, [t.exit_s for t in timings], rss_mb=rss)
    done["floor_name"] = "launch exit"
    return paint, done


def launch(quick: bool) -> tuple[Figure, Figure]:
    """The launch floor of this run: (to first paint, to exit)."""
    paint, done = _cached(LAUNCH_PAINT), _cached(LAUNCH_EXIT)
    if paint is None or done is None:
        paint, done = measure_launch(runs_for(quick))
        _remember([paint, done])
    return paint, done


def text_floor_name(label: str) -> str:
    return f"floor: QTextBrowser.setPlainText, {label} → painted"


@functools.cache
def _counting_browser() -> type:
    """A QTextBrowser that counts its paints (made on first use: the harness imports no Qt)."""
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QTextBrowser

    class CountingBrowser(QTextBrowser):
        paints = 0

        def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
            super().paintEvent(event)
            self.paints += 1

    return CountingBrowser


def text_sample(text: str) -> float:
    """One timing of the text floor: a fresh QTextBrowser, setPlainText, until painted."""
    from benchmarks.painting import time_to_paint

    marks: dict[int, int] = {}

    def load(browser: Any) -> None:
        marks[id(browser)] = browser.paints
        browser.setPlainText(text)

    return time_to_paint(_counting_browser(), load, lambda b: b.paints > marks[id(b)])


def text_figure(label: str, samples: list[float], name: str | None = None) -> Figure:
    figure = timing(name or text_floor_name(label), samples)
    figure["floor_name"] = f"text {label}"
    return figure


def measure_text(label: str, text: str, runs: int) -> Figure:
    # the first sample loads fonts and warms caches for everything after it
    samples = [text_sample(text) for _ in range(runs + 1)][1:]
    return text_figure(label, samples)


def text(label: str, quick: bool) -> Figure:
    """The text floor for "seed" or a size named in `texts.SIZES`."""
    figure = _cached(text_floor_name(label))
    if figure is None:
        body = seed_text() if label == "seed" else sized_text(SIZES[label])
        figure = measure_text(label, body, runs_for(quick))
        _remember([figure])
    return figure


def disk(paths: list[Path], runs: int = 3, name: str = "floor: read corpus bytes") -> Figure:
    """Reading every file's bytes, the least an import must do; the page cache is warm, as it
    is for the import measured after writing the same corpus."""
    samples = []
    total = 0
    for _ in range(runs):
        started = time.perf_counter()
        total = sum(len(path.read_bytes()) for path in paths)
        samples.append(time.perf_counter() - started)
    figure = timing(name, samples, note=f"{len(paths):,} files, {total / 1e6:.1f} MB")
    figure["floor_name"] = "disk"
    return figure


def run(quick: bool) -> list[Figure]:
    """Measure the shared floors (the harness calls this first) and record them for the run."""
    paint, done = launch(quick)
    figures = [paint, done, text("seed", quick)]
    if not quick:  # the open figures interleave their own text floors; these are for reference
        figures += [text(label, quick) for label in SIZES]
    return figures


if __name__ == "__main__":  # a look at the floors alone
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault(FLOOR_CACHE_ENV, str(Path(scratch) / "floors.json"))
        for row in run(quick="--quick" in sys.argv):
            print(row)
