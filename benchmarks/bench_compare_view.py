"""Comparison view and overview strip figures (issue 17), in-process in real widgets.

- *open*: Ctrl+Shift+C's path in the real `CompareWindow` (hidden between comparisons, filled,
  shown, painted by the event loop), to the end of its view's first paint, against opening
  the larger document alone in the reading view, to the end of its first paint (target ≤ 2×
  that floor), in wall and GUI-thread CPU time (the machine is shared: CPU is the fair
  figure; median of 21). Until `cmpview` both were timed through a synchronous `repaint()`
  of a window already shown, which missed what held the app's first paint back. Cold: the
  window paints both texts and "Comparing…", the alignment runs in a worker; warm: a
  comparison already made (the open copy's marks, a prefetched relative) is shown at once.
  The time until the aligned rows are painted (cold) is reported too, as what it is: not a
  first paint. For the seed pair and for a 100 kB original with a reworded copy.
- *scroll*: the slowest paint while paging through the seed pair's comparison, wall and
  CPU; ≤ 16 ms.
- *strip*: opening a 5 MB document with the overview strip against the same without it;
  target ≤ 1.1× (the strip adds under 10%).

Run: `python -m benchmarks.bench_compare_view [--quick]`; the harness calls `run(quick)`.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QEventLoop, QObject

if TYPE_CHECKING:
    from reader.ui.compare.window import CompareWindow as CompareWindowType

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_compare import copy_text, original_text  # noqa: E402
from benchmarks.figures import Figure, timing  # noqa: E402
from benchmarks.painting import VIEW_SIZE, qapp, settle, time_to_paint  # noqa: E402
from benchmarks.texts import SIZES, sized_text  # noqa: E402

SEEDS = ROOT / "seeds"


def _texts() -> dict[str, tuple[str, str]]:
    seeds = sorted(SEEDS.glob("*.txt"))
    rng = random.Random(5)
    original = original_text(rng, n_bytes=100_000)
    return {
        "seed pair": (seeds[0].read_text("utf-8"), seeds[1].read_text("utf-8")),
        "100 kB, 10% reworded": (original, copy_text(random.Random(6), original, 0.1)),
    }


class Sample(NamedTuple):
    """One open: wall and CPU seconds. `cpu` is the GUI thread's (what holds up the first
    paint); `rows_cpu` counts every thread, the worker's alignment included."""

    wall: float
    cpu: float
    rows_wall: float = 0.0
    rows_cpu: float = 0.0


def _open_alone(text: str) -> Sample:
    """The floor: the larger document shown in the reading view, to its first paint."""
    from reader.core.text.document import document_from_text
    from reader.ui.reading.view import ReadingView

    app = qapp()
    view = ReadingView()
    painted: list[tuple[float, float]] = []
    view.first_painted.connect(lambda: painted.append(_clocks()))
    view.resize(*VIEW_SIZE)
    view.show()
    settle()
    wall, cpu = _clocks()
    view.show_document(document_from_text(text, "/tmp/alone.txt"))
    while not painted:  # painted by the event loop, as in the app
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    sample = Sample(painted[0][0] - wall, painted[0][1] - cpu)
    view.close()
    view.deleteLater()
    settle(0.02)
    return sample


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.thread_time()


class _Paints(QObject):
    """Counts the comparison view's paints, and those made once the rows are in."""

    def __init__(self, window: CompareWindowType) -> None:
        super().__init__()
        self.window = window
        self.first = False
        self.rows = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.first = True
            if self.window.comparison is not None:
                self.rows = True
        return False


def _open_compared(a: str, b: str, known: object = None) -> Sample:
    """What Ctrl+Shift+C does, in the real window: the window (shown before, now hidden) is
    filled and shown, and the event loop paints it. Cold (`known` None), it shows both texts
    and "Comparing…" and the alignment runs in a worker; warm, the comparison already made
    is shown at once. `wall`/`cpu`: to the end of the view's first paint; `rows_*`: to the
    first paint with the aligned rows in."""
    from PySide6.QtGui import QFont

    from reader.core.compare.ops import Comparison, compare_texts
    from reader.ui.compare.window import CompareWindow
    from reader.ui.tasks import run_in_background

    app = qapp()
    window = CompareWindow()
    window.resize(VIEW_SIZE[0] + 16, VIEW_SIZE[1] + 60)
    paints = _Paints(window)
    window.view.viewport().installEventFilter(paints)
    window.show()
    settle()
    window.close()  # between comparisons the window is hidden, as in the app
    settle(0.02)
    painted: list[tuple[float, float]] = []
    window.view.painted.connect(lambda: painted.append(_clocks()))
    paints.first = paints.rows = False
    wall, cpu = _clocks()
    all_cpu = time.process_time()
    if isinstance(known, Comparison):
        window.show_comparison(known, (1, "Original"), (2, "Copy"), QFont())
    else:
        window.show_pending((1, "Original", a), (2, "Copy", b), QFont())
        window.after_paint(lambda: run_in_background(  # as CompareFeature does
            lambda _report: compare_texts(a, b),
            lambda result: window.show_comparison(result, (1, "Original"), (2, "Copy"), QFont()),
            lambda error: print(error, file=sys.stderr),
        ))
    window.show()
    started = wall
    while not paints.rows:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if time.perf_counter() - started > 30:
            raise TimeoutError("the comparison view did not paint its rows in 30 s")
    rows_wall, rows_cpu = time.perf_counter() - wall, time.process_time() - all_cpu
    first = Sample(painted[0][0] - wall, painted[0][1] - cpu)
    window.close()
    window.deleteLater()
    settle(0.02)
    return first._replace(rows_wall=rows_wall, rows_cpu=rows_cpu)


def _scroll_paints(a: str, b: str, steps: int) -> list[tuple[float, float]]:
    """(wall, GUI-thread CPU) of each paint while paging through the whole comparison."""
    from PySide6.QtGui import QFont

    from reader.core.compare.ops import compare_texts
    from reader.ui.compare.table import build_document
    from reader.ui.compare.window import CompareView

    qapp()
    view = CompareView()
    view.resize(*VIEW_SIZE)
    table = build_document(compare_texts(a, b), "Original", "Copy", QFont())
    while not table.complete:
        table.fill_more()
    view.setDocument(table.document)
    view.show()
    settle(0.1)
    bar = view.verticalScrollBar()
    samples = []
    for step in range(steps):
        bar.setValue(bar.maximum() * step // max(1, steps - 1))
        wall, cpu = time.perf_counter(), time.thread_time()
        view.viewport().repaint()
        samples.append((time.perf_counter() - wall, time.thread_time() - cpu))
    view.close()
    return samples


def _open_with_strip(text: str, with_strip: bool) -> float:
    from reader.core.classify import Segment
    from reader.core.text.document import document_from_text
    from reader.ui.reading.overview_strip import OVERVIEW_WIDTH, OverviewStrip
    from reader.ui.reading.view import ReadingView

    document = document_from_text(text, "/tmp/strip.txt")
    segments = [
        Segment(p.start, p.end, "commentary" if n % 7 == 3 else "reporting", "")
        for n, p in enumerate(document.paragraphs)
    ]
    painted: set[int] = set()

    def make() -> ReadingView:
        view = ReadingView()
        view.first_painted.connect(lambda: painted.add(id(view)))
        if with_strip:
            strip = OverviewStrip(view, lambda: [], lambda: ([], 0))
            strip.setFixedWidth(OVERVIEW_WIDTH)
            view.set_overview(strip)
        return view

    def load(view: ReadingView) -> None:
        view.show_document(document)
        view.set_segments(segments)

    return time_to_paint(make, load, lambda view: id(view) in painted)


def run(quick: bool = False) -> list[Figure]:
    qapp()
    runs = 3 if quick else 21  # wall time on a shared machine is noisy: many rounds, median
    load = "load average {:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())
    figures: list[Figure] = []
    for label, (a, b) in _texts().items():
        from reader.core.compare.ops import compare_texts

        alone: list[Sample] = []
        cold: list[Sample] = []
        warm: list[Sample] = []
        larger = a if len(a) >= len(b) else b
        known = compare_texts(a, b)
        for _ in range(runs):  # interleaved, so all three see the same load
            alone.append(_open_alone(larger))
            cold.append(_open_compared(a, b))
            warm.append(_open_compared(a, b, known))
        for clock, pick in (("wall", lambda s: s.wall), ("CPU", lambda s: s.cpu)):
            floor = timing(f"floor: open the larger document alone ({label}, {clock})",
                           [pick(s) for s in alone], note=load)
            floor["floor_name"] = f"reading view, {label}, {clock}"
            figures.append(floor)
            figures.append(timing(
                f"comparison view opens and paints, cold ({label}, {clock})",
                [pick(s) for s in cold], floor=floor, target="≤ 2× floor",
                note="first paint: both texts and “Comparing…”; aligned in a worker",
            ))
            figures.append(timing(
                f"comparison view opens and paints, comparison already made ({label}, {clock})",
                [pick(s) for s in warm], floor=floor, target="≤ 2× floor",
                note="Ctrl+Shift+C on an open copy (its marks) or a prefetched relative",
            ))
        figures.append(timing(
            f"comparison view: aligned rows painted, cold ({label}, wall)",
            [s.rows_wall for s in cold],
            note="not a first paint: the worker's alignment, then the rows",
        ))
        figures.append(timing(
            f"comparison view: aligned rows painted, cold ({label}, CPU of all threads)",
            [s.rows_cpu for s in cold],
        ))
    seed_a, seed_b = _texts()["seed pair"]
    paints = _scroll_paints(seed_a, seed_b, 12 if quick else 40)
    walls = [wall for wall, _cpu in paints]
    cpus = [cpu for _wall, cpu in paints]
    figures.append(
        timing("comparison view: slowest paint while scrolling (seed pair, wall)", [max(walls)],
               target="≤ 16 ms",
               note=f"{len(paints)} paints, median {statistics.median(walls) * 1000:.1f} ms; "
               + load)
    )
    figures.append(
        timing("comparison view: slowest paint while scrolling (seed pair, CPU)", [max(cpus)],
               target="≤ 16 ms",
               note=f"{len(paints)} paints, median {statistics.median(cpus) * 1000:.1f} ms")
    )
    text = sized_text(SIZES["5 MB"])
    without: list[float] = []
    with_strip: list[float] = []
    for _ in range(2 if quick else 5):
        without.append(_open_with_strip(text, False))
        with_strip.append(_open_with_strip(text, True))
    floor = timing("floor: open 5 MB with passage kinds, no strip", without)
    floor["floor_name"] = "5 MB without strip"
    figures.append(floor)
    figures.append(
        timing("open 5 MB with passage kinds and the overview strip", with_strip, floor=floor,
               target="≤ 1.1× floor")
    )
    return figures


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
