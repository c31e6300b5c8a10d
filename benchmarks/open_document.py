"""Reading-pane figures: open a 1 MB and a 5 MB document, with highlights, in the real view.

Timed in-process from asking the library for the document to the `ReadingView` having painted
it with 200 highlights (the "highlights" layer), against the text floor (`QTextBrowser.
setPlainText` of the same text until painted). Peak memory is measured in a fresh process
(`python -m benchmarks.open_document view|browser FILE`) that opens the document, paints it,
then jumps to its end and paints again, as a reader pressing End would.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import floors
from benchmarks.figures import Figure, timing
from benchmarks.texts import SIZES, write_sized

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTextEdit

    from reader.core.library import Library
    from reader.ui.reading_view import ReadingView

REPO = Path(__file__).resolve().parent.parent
HIGHLIGHTS = 200
OPEN_TARGET = "≤ 2× floor"
RSS_TARGET = "≤ 200 MB"


def highlight_selections(
    view: ReadingView, count: int = HIGHLIGHTS
) -> list[QTextEdit.ExtraSelection]:
    """`count` sentence-long highlights spread evenly through the document, as a close reader
    leaves them."""
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QTextEdit

    document = view.document()
    length = max(1, document.characterCount() - 1)
    step = max(1, length // count)
    style = QTextCharFormat()
    style.setBackground(QColor("#fff1a8"))
    selections = []
    for index in range(count):
        start = min(index * step, length - 1)
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(min(start + 120, length), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = style
        selections.append(selection)
    return selections


def open_with_highlights(view: ReadingView, library: Library, doc_id: int) -> None:
    """What a click in the library does for this document, plus the user's highlights."""
    view.show_document(library.document(doc_id))
    view.set_layer("highlights", highlight_selections(view))


def _store(path: Path, data_dir: Path):  # type: ignore[no-untyped-def]
    from reader.core.context import open_context
    from reader.core.document import load_document

    core = open_context(data_dir)
    doc_id, _ = core.library.store_document(load_document(path))
    return core, doc_id


def time_open(path: Path, runs: int, data_dir: Path) -> tuple[list[float], list[float], float]:
    """Samples of the whole open, alternating with the text floor's on the same text (after an
    untimed one of each, which loads fonts and warms caches), and the median of the open's
    first step (`Library.document`) alone, so a slow figure says which side to look at."""
    from benchmarks.painting import time_to_paint
    from reader.ui.reading_view import ReadingView

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
    return samples, floor_samples, statistics.median(reads)


def peak_rss(kind: str, path: Path) -> float:
    """Peak RSS in MB of a fresh process opening `path` in the reading view or a QTextBrowser."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.open_document", kind, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} {path.name}: exit {result.returncode}: {result.stderr[-300:]}")
    return float(json.loads(lines[-1])["rss_mb"])


def run(quick: bool, scratch: Path) -> list[Figure]:
    runs = floors.runs_for(quick)
    figures = []
    for label in SIZES:
        path = write_sized(scratch / "documents", label)
        samples, floor_samples, read_s = time_open(
            path, runs, scratch / f"open-{label.replace(' ', '')}"
        )
        floor = floors.text_figure(label, floor_samples, f"text floor {label}, interleaved")
        floor["floor_name"] = f"text {label}, interleaved"
        measure_memory = not quick or label == "5 MB"
        rss = peak_rss("view", path) if measure_memory else None
        note = f"{HIGHLIGHTS} highlights; includes Library.document(), alone {read_s * 1000:.0f} ms"
        if measure_memory:
            note += f"; peak RSS with QTextBrowser instead: {peak_rss('browser', path):.0f} MB"
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


def _child(kind: str, path: Path) -> float:
    """Open, paint, settle, jump to the end, paint, settle; return peak RSS in MB."""
    from PySide6.QtWidgets import QTextBrowser

    from benchmarks.painting import VIEW_SIZE, qapp, settle

    qapp()
    with tempfile.TemporaryDirectory() as data_dir:
        if kind == "view":
            from reader.ui.reading_view import ReadingView

            core, doc_id = _store(path, Path(data_dir))
            view: QTextBrowser | ReadingView = ReadingView()
        else:
            view = QTextBrowser()
        view.resize(*VIEW_SIZE)
        view.show()
        settle()
        if kind == "view":
            open_with_highlights(view, core.library, doc_id)  # type: ignore[arg-type]
        else:
            view.setPlainText(path.read_text(encoding="utf-8"))
        view.viewport().repaint()
        settle(0.3)
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())
        view.viewport().repaint()
        settle(0.3)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    print(json.dumps({"rss_mb": _child(sys.argv[1], Path(sys.argv[2]))}), flush=True)
    os._exit(0)  # no Qt teardown: see benchmarks/README.md on PySide6 6.12
