"""Launch figures: the real app as a whole process, start to its first painted document.

`python -m reader --data-dir DIR --print-first-paint --smoke` prints `first-paint <epoch> ...`
when the reading pane first paints a document, then quits; the clock runs from just before
`Popen`, exactly as for the launch floor (`floor_app.py`). The reading-pane figures (open a
1 MB / 5 MB document) live in `open_document.py` and are reported from here too.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks import floors, open_document
from benchmarks.figures import Figure, timing
from benchmarks.processes import ProcessTiming, time_process, time_runs

REPO = Path(__file__).resolve().parent.parent
LAUNCH_TARGET = "≤ 1.3× floor"


def corpus_writer() -> tuple[Callable[[Path, int, int], list[Path]], str]:
    """The library benchmarks' corpus generator when merged, else the stand-in."""
    try:
        from benchmarks.corpus import write_corpus

        return write_corpus, "benchmarks.corpus"
    except ImportError:
        from benchmarks._corpus_fallback import write_corpus

        return write_corpus, "benchmarks._corpus_fallback"


def app_command(data_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "reader",
        "--data-dir",
        str(data_dir),
        "--print-first-paint",
        "--smoke",
    ]


def launch_figure(
    name: str, timings: list[ProcessTiming], floor: Figure, target: str | None, note: str
) -> Figure:
    exit_s = statistics.median(t.exit_s for t in timings)
    figure = timing(
        name,
        [t.first_paint_s for t in timings],
        floor=floor,
        target=target,
        rss_mb=max(t.rss_mb for t in timings),
        note=f"{note}; whole process to exit: median {exit_s:.3f} s",
    )
    return figure


def launch_seeds(runs: int, floor: Figure, scratch: Path) -> Figure:
    """The first run (untimed) makes the library from the bundled seeds, as a fresh install does."""
    timings = time_runs(app_command(scratch / "seeds-data"), runs, cwd=REPO)
    return launch_figure(
        "launch → first painted document (seed corpus)",
        timings,
        floor,
        LAUNCH_TARGET,
        "seed library made by one untimed first launch",
    )


def launch_fresh(runs: int, floor: Figure, scratch: Path) -> Figure:
    """A first start: no data dir yet, so the store is created and the seeds imported."""
    timings = [
        time_process(app_command(scratch / f"fresh-{index}"), cwd=REPO) for index in range(runs)
    ]
    return launch_figure(
        "launch, first run → first painted document (seed corpus)",
        timings,
        floor,
        None,
        "a new data dir each run: creates the store and imports the seeds",
    )


def build_library(data_dir: Path, corpus_dir: Path, n_docs: int) -> str:
    """The seeds plus `n_docs` imported articles: a reader who kept the bundled corpus."""
    from reader.core.context import open_context

    write_corpus, source = corpus_writer()
    paths = write_corpus(corpus_dir, n_docs, 0)
    core = open_context(data_dir)
    try:
        core.library.ensure_seeds()
        result = core.library.add_files(paths)
        if result.failed:
            raise RuntimeError(f"corpus import failed: {result.failed[0]}")
        count = core.library.count()
    finally:
        core.close()
    return f"{count:,} documents from {source}"


def launch_library(n_docs: int, runs: int, floor: Figure, scratch: Path) -> Figure:
    data_dir = scratch / "big-data"
    made = build_library(data_dir, scratch / "corpus", n_docs)
    timings = time_runs(app_command(data_dir), runs, cwd=REPO)
    return launch_figure(
        f"launch → first painted document ({n_docs:,}-document library)",
        timings,
        floor,
        None,
        f"{made}; no target named yet, compared with the same launch floor",
    )


def run(quick: bool) -> list[Figure]:
    runs = floors.runs_for(quick)
    paint_floor, _ = floors.launch(quick)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-app-") as name:
        scratch = Path(name)
        figures.append(launch_seeds(runs, paint_floor, scratch))
        figures.append(launch_fresh(runs, paint_floor, scratch))
        figures.append(launch_library(1_000 if quick else 10_000, runs, paint_floor, scratch))
        figures += open_document.run(quick, scratch)
    return figures
