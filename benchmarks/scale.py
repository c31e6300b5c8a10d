"""A library of N documents: import cost, the 2,000-document batch ratio, store size, list,
filter, sort, search and store-check figures (issue 20's table).

    python -m benchmarks.scale --scale 100000             # corpus kept in ~/.cache, reused
    python -m benchmarks.scale --scale 10000 --json out.json
    python -m benchmarks --scale 10000                    # the same, as a row of the table

The corpus (`benchmarks/corpus.py`, seed 0) is written once under `--corpus-root` and reused:
its first 10,000 documents are the 10,000-document corpus, so one 100,000 corpus serves both.
The library is kept under `--work` too (`--reuse` measures an existing one without importing
again), so the GUI figures of `bench_scale_gui.py` can be taken on it afterwards.
Every figure is measured the same way on the code before and after a change.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import write_corpus  # noqa: E402
from benchmarks.figures import print_result  # noqa: E402

BATCH = 2_000
SCALE_ENV = "READER_BENCH_SCALE"
DEFAULT_ROOT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "reader-bench"
SEARCHES = (
    "the", "th", "minister", "government said", "report 123", "pipeline gas",
    "ceasefire negotiators", "border security forces", "originally appeared", "zzzz",
    "officials told reporters", "energy", "protest",
)
FILTERS = ("r", "re", "rep", "repo", "report", "report 1", "batch05", "zzz")


def corpus_folders(root: Path, n_docs: int) -> list[Path]:
    """The folders holding the first `n_docs` documents of the seed-0 corpus (written once)."""
    kept = sorted(
        (int(p.name.split("-")[1]), p)
        for p in root.glob("corpus-*")
        if (p / ".complete").exists() and int(p.name.split("-")[1]) >= n_docs
    )
    full = kept[0][1] if kept else root / f"corpus-{_total(n_docs)}"
    marker = full / ".complete"
    if not marker.exists():
        shutil.rmtree(full, ignore_errors=True)
        write_corpus(full, int(full.name.split("-")[1]), seed=0)
        marker.write_text("ok")
    return [full / f"batch{i:03}" for i in range((n_docs + 99) // 100)]


def _total(n_docs: int) -> int:
    return 100_000 if n_docs > 10_000 else 10_000 if n_docs > 1_000 else 1_000


def batch_folder(root: Path) -> Path:
    folder = root / f"batch-{BATCH}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, BATCH, seed=1)
        (folder / ".complete").write_text("ok")
    return folder


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_import(data_dir: Path, paths: list[Path]) -> dict[str, float]:
    from reader.core.context import open_context
    from reader.core.library.importer import Importer

    context = open_context(data_dir)
    try:
        wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        added = sum(1 for item in Importer(context.library).run(paths) if item.outcome == "added")
        return {
            "wall_s": time.perf_counter() - wall,
            "cpu_s": time.process_time() - cpu + _children_cpu() - children,
            "added": added,
        }
    finally:
        context.close()


def _ms(samples: list[tuple[float, float]]) -> dict[str, float]:
    """Wall and CPU milliseconds: on a shared machine the CPU figure is the one to compare
    (the wall one also counts the time other programs held the cores)."""
    walls = [wall for wall, _ in samples]
    cpus = [cpu for _, cpu in samples]
    return {
        "median_ms": round(statistics.median(walls) * 1000, 2),
        "max_ms": round(max(walls) * 1000, 2),
        "cpu_median_ms": round(statistics.median(cpus) * 1000, 2),
        "cpu_max_ms": round(max(cpus) * 1000, 2),
    }


def _time(call: Any, runs: int = 3) -> list[tuple[float, float]]:
    samples = []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.thread_time()
        call()
        samples.append((time.perf_counter() - started, time.thread_time() - cpu))
    return samples


def store_figures(data_dir: Path, corpus_bytes: int) -> dict[str, Any]:
    store = data_dir / "library.sqlite3"
    size = sum(
        p.stat().st_size for p in store.parent.glob(store.name + "*") if p.suffix != ".cleanly"
    )
    from reader.core.store.database import add_store_functions

    db = sqlite3.connect(store)
    add_store_functions(db)  # `documents.text` inflates the stored text
    try:
        text = int(
            db.execute("SELECT sum(length(CAST(text AS BLOB))) FROM documents").fetchone()[0]
        )
        started = time.perf_counter()
        db.execute("PRAGMA quick_check").fetchone()
        check = time.perf_counter() - started
        parts: dict[str, float] = {}
        try:
            for name, pages in db.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12"
            ):
                parts[str(name)] = round(int(pages) / 1e6, 1)
        except sqlite3.Error:
            pass
    finally:
        db.close()
    return {
        "store_mb": size / 1e6,
        "text_mb": text / 1e6,
        "corpus_mb": corpus_bytes / 1e6,
        "store_vs_text": size / text if text else 0.0,
        "quick_check_s": check,
        "largest_mb": parts,
    }


def query_figures(data_dir: Path) -> dict[str, Any]:
    """What the GUI asks the core for: the list, a filter, a sort, search."""
    from reader.core.context import open_context
    from reader.core.library.search import search_library

    context = open_context(data_dir)
    library = context.library
    try:
        figures: dict[str, Any] = {}
        started = time.perf_counter()
        library.count()
        figures["first_query_cold_ms"] = (time.perf_counter() - started) * 1000
        figures["entries_all"] = _ms(_time(library.entries))
        figures["entries_by_title"] = _ms(_time(lambda: library.entries("title")))
        list_ids = getattr(library, "list_ids", None)
        if list_ids is not None:  # the lazy list: ids in SQL order (off the GUI thread)
            from reader.core.library.documents import ListQuery

            figures["ids_default"] = _ms(_time(lambda: list_ids(ListQuery())))
            figures["ids_by_title"] = _ms(_time(lambda: list_ids(ListQuery("title"))))
            figures["ids_filtered"] = _ms(
                [t for f in FILTERS for t in _time(lambda f=f: list_ids(ListQuery(contains=f)), 1)]
            )
            some = list_ids(ListQuery())
            figures["rows_200"] = _ms(_time(lambda: library.entries_for(some[5000:5200]), 5))
        figures["filter_contains"] = _ms(
            [t for f in FILTERS for t in _time(lambda f=f: library.entries(contains=f), 1)]
        )
        search: list[tuple[float, float]] = []
        per_query = {}
        for query in SEARCHES:
            samples = _time(lambda q=query: search_library(context.db, q), 3)
            per_query[query] = round(statistics.median(c for _, c in samples) * 1000, 1)
            search += samples
        figures["search"] = _ms(search)
        figures["search_per_query_ms"] = per_query
        return figures
    finally:
        context.close()


def corpus_bytes(folders: list[Path]) -> tuple[list[Path], int]:
    files = sorted(p for folder in folders for p in folder.iterdir() if p.suffix == ".txt")
    return files, sum(p.stat().st_size for p in files)


def run_scale(n_docs: int, root: Path, work: Path, reuse: bool, batches: bool) -> dict[str, Any]:
    folders = corpus_folders(root, n_docs)
    files, size = corpus_bytes(folders)
    files = files[:n_docs]
    library_dir = work / f"library-{n_docs}"
    result: dict[str, Any] = {"docs": len(files), "corpus_mb": size / 1e6}
    if not (reuse and (library_dir / "library.sqlite3").exists()):
        shutil.rmtree(library_dir, ignore_errors=True)
        imported = timed_import(library_dir, files)
        imported["cpu_ms_per_doc"] = imported["cpu_s"] / max(1, len(files)) * 1000
        result["import"] = imported
    if batches:
        batch = batch_folder(root)
        empty_dir = work / "batch-into-empty"
        shutil.rmtree(empty_dir, ignore_errors=True)
        into_empty = timed_import(empty_dir, [batch])
        shutil.rmtree(empty_dir, ignore_errors=True)
        copy = work / f"library-{n_docs}-plus-batch"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(library_dir, copy)
        into_full = timed_import(copy, [batch])
        shutil.rmtree(copy, ignore_errors=True)
        result["batch_into_empty"] = into_empty
        result["batch_into_library"] = into_full
        result["batch_cpu_ratio"] = into_full["cpu_s"] / into_empty["cpu_s"]
        result["batch_wall_ratio"] = into_full["wall_s"] / into_empty["wall_s"]
    result["store"] = store_figures(library_dir, size)
    result["queries"] = query_figures(library_dir)
    result["load_avg"] = os.getloadavg()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--scale", type=int, default=10_000, metavar="N")
    parser.add_argument("--corpus-root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--work", type=Path, default=None, help="where libraries are kept")
    parser.add_argument("--reuse", action="store_true", help="measure the kept library as is")
    parser.add_argument("--no-batch", action="store_true", help="skip the 2,000-document batch")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    work = args.work or args.corpus_root / "work"
    work.mkdir(parents=True, exist_ok=True)
    result = run_scale(args.scale, args.corpus_root, work, args.reuse, not args.no_batch)
    print_result(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
