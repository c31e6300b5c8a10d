"""Reading-pane figures: open a 1 MB and a 5 MB document, with highlights, in the real view.

Timed in-process from asking the library for the document to the `ReadingView` having painted
it with 200 highlights (the "highlights" layer, given in document offsets as the notes feature
gives them), against the text floor (`QTextBrowser.setPlainText` of the same text until
painted). Peak memory is measured in a fresh process that opens the document from a library
stored beforehand (`python -m benchmarks.open_document view DATA_DIR DOC_ID`; storing indexes
and classifies the text, which is import's cost, not opening's), paints it, then jumps to its
end and paints again, as a reader pressing End would; `... browser FILE` does the same with a
bare QTextBrowser.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import floors
from benchmarks.figures import Figure, timing
from benchmarks.texts import SIZES, write_sized

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCharFormat

    from reader.core.library.documents import Library
    from reader.ui.reading.view import ReadingView

REPO = Path(__file__).resolve().parent.parent
HIGHLIGHTS = 200
OPEN_TARGET = "≤ 2× floor"
RSS_TARGET = "≤ 200 MB"


def highlight_spans(
    view: ReadingView, count: int = HIGHLIGHTS
) -> list[tuple[int, int, QTextCharFormat]]:
    """`count` sentence-long highlights spread evenly through the document (document offsets),
    as a close reader leaves them."""
    from PySide6.QtGui import QColor, QTextCharFormat

    length = max(1, len(view.current.text) if view.current is not None else 0)
    step = max(1, length // count)
    style = QTextCharFormat()
    style.setBackground(QColor("#fff1a8"))
    spans = []
    for index in range(count):
        start = min(index * step, length - 1)
        spans.append((start, min(start + 120, length), style))
    return spans


def open_with_highlights(view: ReadingView, library: Library, doc_id: int) -> None:
    """What a click in the library does for this document, plus the user's highlights."""
    view.show_document(library.document(doc_id))
    view.set_spans("highlights", highlight_spans(view))


def _store(path: Path, data_dir: Path):  # type: ignore[no-untyped-def]
    from reader.core.context import open_context
    from reader.core.text.document import load_document

    core = open_context(data_dir)
    doc_id, _ = core.library.store_document(load_document(path))
    return core, doc_id


def time_open(
    path: Path, runs: int, data_dir: Path
) -> tuple[list[float], list[float], float, int]:
    """Samples of the whole open, alternating with the text floor's on the same text (after an
    untimed one of each, which loads fonts and warms caches), the median of the open's
    first step (`Library.document`) alone, so a slow figure says which side to look at, and
    the stored document's id (the library stays in `data_dir` for the memory figure)."""
    from benchmarks.painting import time_to_paint
    from reader.ui.reading.view import ReadingView

    core, doc_id = _store(path, data_dir)
    painted: set[int] = set()

    def make() -> ReadingView:
        view = ReadingView()
        view.first_painted.connect(lambda: painted.add(id(view)))
        return view

    def sample() -> float:
        return time_to_paint(
            make,
            lambda view: open_with_highlights(view, core.library, doc_id),
            lambda view: id(view) in painted,
        )

    text = path.read_text(encoding="utf-8")
    samples: list[float] = []
    floor_samples: list[float] = []
    try:
        floors.text_sample(text)
        sample()
        for _ in range(runs):
            floor_samples.append(floors.text_sample(text))
            samples.append(sample())
        reads = []
        for _ in range(runs):
            started = time.perf_counter()
            core.library.document(doc_id)
            reads.append(time.perf_counter() - started)
    finally:
        core.close()
    return samples, floor_samples, statistics.median(reads), doc_id


def peak_rss(*args: str) -> float:
    """Peak RSS in MB of a fresh process opening a stored document in the reading view
    (`view DATA_DIR DOC_ID`) or a file in a QTextBrowser (`browser FILE`)."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.open_document", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{args}: exit {result.returncode}: {result.stderr[-300:]}")
    return float(json.loads(lines[-1])["rss_mb"])


def run(quick: bool, scratch: Path) -> list[Figure]:
    runs = floors.runs_for(quick)
    figures = []
    for label in SIZES:
        path = write_sized(scratch / "documents", label)
        data_dir = scratch / f"open-{label.replace(' ', '')}"
        samples, floor_samples, read_s, doc_id = time_open(path, runs, data_dir)
        floor = floors.text_figure(label, floor_samples, f"text floor {label}, interleaved")
        floor["floor_name"] = f"text {label}, interleaved"
        measure_memory = not quick or label == "5 MB"
        rss = peak_rss("view", str(data_dir), str(doc_id)) if measure_memory else None
        note = f"{HIGHLIGHTS} highlights; includes Library.document(), alone {read_s * 1000:.0f} ms"
        if measure_memory:
            note += f"; peak RSS with QTextBrowser instead: {peak_rss('browser', str(path)):.0f} MB"
        figures.append(
            timing(
                f"open {label} document with highlights → painted",
                samples,
                floor=floor,
                target=f"{OPEN_TARGET}; {RSS_TARGET}" if label == "5 MB" else OPEN_TARGET,
                rss_mb=rss,
                note=note,
            )
        )
    return figures


def _child(args: list[str]) -> float:
    """Open, paint, settle, jump to the end, paint, settle; return peak RSS in MB."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QTextBrowser

    from benchmarks.painting import VIEW_SIZE, qapp, settle

    qapp()
    if args[0] == "view":
        from reader.core.context import open_context
        from reader.ui.reading.view import ReadingView

        core = open_context(Path(args[1]))
        view: QTextBrowser | ReadingView = ReadingView()
    else:
        view = QTextBrowser()
    view.resize(*VIEW_SIZE)
    view.show()
    settle()
    if args[0] == "view":
        assert isinstance(view, ReadingView)
        open_with_highlights(view, core.library, int(args[2]))
        if view.is_loading:  # the whole text, as the QTextBrowser has it
            loop = QEventLoop()
            view.document_shown.connect(loop.quit)
            loop.exec()
    else:
        view.setPlainText(Path(args[1]).read_text(encoding="utf-8"))
    view.viewport().repaint()
    settle(0.3)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    view.viewport().repaint()
    settle(0.3)
    from reader.core.peak_memory import own_peak_mb

    return own_peak_mb()


if __name__ == "__main__":
    print(json.dumps({"rss_mb": _child(sys.argv[1:])}), flush=True)
    os._exit(0)  # no Qt teardown: see benchmarks/README.md on PySide6 6.12
