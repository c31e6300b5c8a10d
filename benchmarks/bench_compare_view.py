"""Comparison view and overview strip figures (issue 17), in-process in real widgets.

- *open*: comparing two documents and painting the side-by-side view (the alignment, the
  table, the first paint), against opening the larger document alone in the reading view;
  target ≤ 2× that floor. For the seed pair and for a 100 kB original with a reworded copy.
- *scroll*: the slowest paint while paging through the seed pair's comparison; ≤ 16 ms.
- *strip*: opening a 5 MB document with the overview strip against the same without it;
  target ≤ 1.1× (the strip adds under 10%).

Run: `python -m benchmarks.bench_compare_view [--quick]`; the harness calls `run(quick)`.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

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


def _open_alone(text: str) -> float:
    from reader.core.text.document import document_from_text
    from reader.ui.reading.view import ReadingView

    painted: set[int] = set()

    def make() -> ReadingView:
        view = ReadingView()
        view.first_painted.connect(lambda: painted.add(id(view)))
        return view

    return time_to_paint(
        make,
        lambda view: view.show_document(document_from_text(text, "/tmp/alone.txt")),
        lambda view: id(view) in painted,
    )


def _open_compared(a: str, b: str, known: object = None) -> float:
    """Compare and paint; with `known` (a comparison already made, as the reading pane's
    marks have made it when the copy is open) only build and paint."""
    from PySide6.QtGui import QFont

    from reader.core.compare.ops import Comparison, compare_texts
    from reader.ui.compare.table import build_document, screen_chars
    from reader.ui.compare.window import CompareView

    painted: set[int] = set()

    class Timed(CompareView):
        def paintEvent(self, event):  # type: ignore[no-untyped-def]  # noqa: N802
            super().paintEvent(event)
            if self.document().characterCount() > 1:
                painted.add(id(self))

    def load(view: CompareView) -> None:
        comparison = known if isinstance(known, Comparison) else compare_texts(a, b)
        size = view.viewport().size()
        screen = screen_chars(size.width(), size.height(), QFont())
        table = build_document(comparison, "Original", "Copy", QFont(), screen)
        view.setDocument(table.document)
        table.document.setParent(view)

    return time_to_paint(Timed, load, lambda view: id(view) in painted)


def _scroll_paints(a: str, b: str, steps: int) -> list[float]:
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
        started = time.perf_counter()
        view.viewport().repaint()
        samples.append(time.perf_counter() - started)
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
    runs = 3 if quick else 7
    figures: list[Figure] = []
    for label, (a, b) in _texts().items():
        from reader.core.compare.ops import compare_texts

        alone: list[float] = []
        compared: list[float] = []
        shown: list[float] = []
        larger = a if len(a) >= len(b) else b
        known = compare_texts(a, b)
        for _ in range(runs):  # interleaved, so both see the same load
            alone.append(_open_alone(larger))
            compared.append(_open_compared(a, b))
            shown.append(_open_compared(a, b, known))
        floor = timing(f"floor: open the larger document alone ({label})", alone)
        floor["floor_name"] = f"reading view, {label}"
        figures.append(floor)
        figures.append(
            timing(f"comparison view opens and paints ({label})", compared, floor=floor,
                   target="≤ 2× floor")
        )
        figures.append(
            timing(f"comparison view opens, comparison already made ({label})", shown,
                   floor=floor, note="Ctrl+Shift+C on an open copy: its marks compared it")
        )
    seed_a, seed_b = _texts()["seed pair"]
    paints = _scroll_paints(seed_a, seed_b, 12 if quick else 40)
    figures.append(
        timing("comparison view: slowest paint while scrolling (seed pair)", [max(paints)],
               target="≤ 16 ms",
               note=f"{len(paints)} paints, median {statistics.median(paints) * 1000:.1f} ms")
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
