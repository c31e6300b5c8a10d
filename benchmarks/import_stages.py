"""An import of the first N benchmark-corpus documents, timed by stage and by process, and
optionally compared, stored value by stored value, with a library another checkout made.

    python -m benchmarks.import_stages 10000 /tmp/after                      # figures only
    python -m benchmarks.import_stages 10000 /tmp/after --same-as /tmp/before/lib

For a speed change that must not change behaviour: import with the old code (a detached
`git worktree` of it, `PYTHONPATH` set to it), then with the new, and read the `same …` lines.
The figures are CPU per document of each stage and process (the main process is the one
writer; the workers read, then classify): on a shared machine CPU is what to compare, the wall
time also counts other programs. The corpus is `benchmarks/scale.py`'s (written once, kept).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

COMPARED_TABLES = ("shingles", "relations", "document_samples", "line_index", "list_keys")
"""Every table an import fills besides `documents` (compared row by row, ids as paths)."""
DOCUMENT_COLUMNS = (
    "path, text, title, content_hash, word_count, segments, commentary_share, "
    "reporting_share, furniture_share"
)
ID_COLUMNS = ("id", "doc_id", "copy_id", "original_id")


def workers_cpu() -> float:
    """CPU seconds of this process's children, live ones included (the pool is still up
    when a stage ends, so `RUSAGE_CHILDREN` alone would miss them)."""
    tick = os.sysconf("SC_CLK_TCK")
    me, total = os.getpid(), 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            total += (int(fields[11]) + int(fields[12])) / tick
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return total + usage.ru_utime + usage.ru_stime


def timed_stages(n_docs: int, out: Path) -> dict[str, Any]:
    from benchmarks.scale import DEFAULT_ROOT, corpus_bytes, corpus_folders
    from reader.core.context import open_context
    from reader.core.library.importer import Importer, Progress

    files, _ = corpus_bytes(corpus_folders(DEFAULT_ROOT, n_docs))
    files = files[:n_docs]
    library = out / "lib"
    shutil.rmtree(library, ignore_errors=True)
    context = open_context(library)
    started, cpu = time.perf_counter(), time.process_time()
    marks: dict[str, tuple[float, float, float]] = {}

    def progress(report: Progress) -> None:
        if report.stage not in marks:
            marks[report.stage] = (
                time.perf_counter() - started, time.process_time() - cpu, workers_cpu()
            )

    try:
        items = Importer(context.library).run(files, progress)
        added = sum(1 for item in items if item.outcome == "added")
        end = (time.perf_counter() - started, time.process_time() - cpu, workers_cpu())
    finally:
        context.close()
    split = marks.get("classifying", end)

    def per_doc(seconds: float) -> float:
        return round(seconds / n_docs * 1000, 3)

    return {
        "docs": n_docs,
        "added": added,
        "load": round(os.getloadavg()[0], 1),
        "total_wall_s": round(end[0], 1),
        "total_cpu_s": round(end[1] + end[2], 1),
        "read_wall_s": round(split[0], 1),
        "read_main_ms_doc": per_doc(split[1]),
        "read_workers_ms_doc": per_doc(split[2]),
        "classify_wall_s": round(end[0] - split[0], 1),
        "classify_main_ms_doc": per_doc(end[1] - split[1]),
        "classify_workers_ms_doc": per_doc(end[2] - split[2]),
        "total_cpu_ms_doc": per_doc(end[1] + end[2]),
    }


def stored(library: Path) -> dict[str, Any]:
    """What an import left in a library, with ids written as paths (so two imports that
    numbered the same documents differently still compare)."""
    from reader.core.store.database import connect_worker

    db = connect_worker(library / "library.sqlite3", readonly=True)
    db.row_factory = None  # plain tuples, compared as they are
    try:
        documents = {
            row[0]: row[1:] for row in db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents")
        }
        paths = dict(db.execute("SELECT id, path FROM documents"))
        found: dict[str, Any] = {"documents": documents}
        for table in COMPARED_TABLES:
            columns = [info[1] for info in db.execute(f"PRAGMA table_info({table})")]
            rows = [
                repr(tuple(
                    paths.get(value, value) if columns[i] in ID_COLUMNS else value
                    for i, value in enumerate(row)
                ))
                for row in db.execute(f"SELECT * FROM {table}")
            ]
            found[table] = sorted(rows)
        return found
    finally:
        db.close()


def same_lines(mine: Path, theirs: Path) -> list[str]:
    a, b = stored(mine), stored(theirs)
    lines = []
    documents, others = a["documents"], b["documents"]
    differing = [path for path in documents if documents[path] != others.get(path)]
    lines.append(
        f"same documents: {not differing and len(documents) == len(others)} "
        f"({len(differing)} differ of {len(documents)}) {differing[:3]}"
    )
    for table in COMPARED_TABLES:
        lines.append(
            f"same {table}: {a[table] == b[table]} ({len(a[table])} vs {len(b[table])} rows)"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=int, help="how many corpus documents to import")
    parser.add_argument("out", type=Path, help="a folder for the library (replaced)")
    parser.add_argument("--same-as", type=Path, help="a library to compare every stored value with")
    args = parser.parse_args(argv)
    import reader

    print("code:", Path(reader.__file__).parent, flush=True)
    print(json.dumps(timed_stages(args.docs, args.out)), flush=True)
    if args.same_as is None:
        return 0
    lines = same_lines(args.out / "lib", args.same_as)
    print("\n".join(lines))
    return 0 if all(" True " in line for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
