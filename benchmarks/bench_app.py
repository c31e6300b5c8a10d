"""Launch figures: the real app as a whole process, start to its first painted document.

`python -m reader --data-dir DIR --print-first-paint --smoke` prints `first-paint <epoch> ...`
when the reading pane first paints a document, then quits; the clock runs from just before
`Popen`, exactly as for the launch floor (`floor_app.py`), whose runs alternate with the app's
so that both see the same load on a shared machine. The reading-pane figures (open a 1 MB /
5 MB document) live in `open_document.py` and are reported from here too.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks import floors, open_document
from benchmarks.figures import Figure, timing
from benchmarks.processes import ProcessTiming, time_process

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


def interleaved(
    command: Callable[[int], list[str]], runs: int
) -> tuple[list[ProcessTiming], list[ProcessTiming]]:
    """Alternate the app's runs with the launch floor's, after one untimed run of each, so
    both see the same load on a shared machine; returns (app timings, floor timings)."""
    time_process(floors.launch_command())
    time_process(command(-1), cwd=REPO)
    app: list[ProcessTiming] = []
    floor: list[ProcessTiming] = []
    for index in range(runs):
        floor.append(time_process(floors.launch_command()))
        app.append(time_process(command(index), cwd=REPO))
    return app, floor


def launch_figure(
    name: str, command: Callable[[int], list[str]], runs: int, target: str | None, note: str
) -> Figure:
    timings, floor_timings = interleaved(command, runs)
    floor = floors.launch_figure(floor_timings, "launch floor, interleaved")
    floor["floor_name"] = "launch, interleaved"
    exit_s = statistics.median(t.exit_s for t in timings)
    cpu_s = statistics.median(t.cpu_s for t in timings)
    floor_cpu_s = statistics.median(t.cpu_s for t in floor_timings)
    return timing(
        name,
        [t.first_paint_s for t in timings],
        floor=floor,
        target=target,
        rss_mb=max(t.rss_mb for t in timings),
        note=f"{note}; whole process to exit: median {exit_s:.3f} s; CPU time to exit "
        f"{cpu_s:.3f} s vs the floor's {floor_cpu_s:.3f} s ({cpu_s / floor_cpu_s:.2f}×)",
    )


def launch_seeds(runs: int, scratch: Path) -> Figure:
    """The untimed first run makes the library from the bundled seeds, as a fresh install does."""
    return launch_figure(
        "launch → first painted document (seed corpus)",
        lambda _: app_command(scratch / "seeds-data"),
        runs,
        LAUNCH_TARGET,
        "seed library made by an untimed first launch",
    )


def launch_fresh(runs: int, scratch: Path) -> Figure:
    """A first start: no data dir yet, so the store is created and the seeds imported."""
    return launch_figure(
        "launch, first run → first painted document (seed corpus)",
        lambda index: app_command(scratch / f"fresh-{index}"),
        runs,
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


def launch_library(n_docs: int, runs: int, scratch: Path) -> Figure:
    data_dir = scratch / "big-data"
    made = build_library(data_dir, scratch / "corpus", n_docs)
    return launch_figure(
        f"launch → first painted document ({n_docs:,}-document library)",
        lambda _: app_command(data_dir),
        runs,
        None,
        f"{made}; no target named yet",
    )


def run(quick: bool) -> list[Figure]:
    runs = floors.runs_for(quick)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-app-") as name:
        scratch = Path(name)
        figures.append(launch_seeds(runs, scratch))
        if not quick:
            figures.append(launch_fresh(runs, scratch))
        figures.append(launch_library(1_000 if quick else 10_000, runs, scratch))
        figures += open_document.run(quick, scratch)
    return figures
