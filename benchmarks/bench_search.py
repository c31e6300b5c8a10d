"""Library search over 10,000 documents (median < 30 ms) and find in a 5 MB document (first
results < 100 ms), each against a floor measured in the same run.

    python -m benchmarks.bench_search [--quick]

`run(quick)` returns rows of name, median_s, min_s, max_s, floor_s, ratio, target (seconds);
the `python -m benchmarks` harness imports it.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from reader.core.library.search import fts_query, search_library  # noqa: E402
from reader.core.store.database import open_store, transaction  # noqa: E402
from reader.core.text.find import TextFinder  # noqa: E402

SEARCH_TARGET_S = 0.030
FIND_TARGET_S = 0.100
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "for",
    "on",
    "with",
    "as",
    "by",
    "said",
    "it",
    "at",
    "from",
    "he",
    "his",
    "be",
    "has",
    "have",
    "an",
    "are",
    "not",
    "but",
    "who",
    "were",
    "this",
    "its",
    "they",
    "their",
    "had",
    "which",
    "after",
    "been",
    "would",
    "more",
    "about",
    "also",
    "will",
    "than",
    "over",
    "into",
    "when",
    "one",
    "two",
    "new",
    "could",
    "there",
    "them",
    "other",
    "some",
    "what",
    "all",
    "last",
    "year",
]
TOPICS = 400
"""A news library spans many subjects: each document draws its content words from one or
two of these topics (as a NATO story repeats 'NATO', and a budget story 'council')."""


def _topics() -> list[list[str]]:
    """Content words: the seeds' own words plus made-up names, dealt out into topics."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "seeds").glob("*.txt"))
    seen = {w.lower() for w in _WORD.findall(text)} - set(FUNCTION_WORDS)
    rng = random.Random(7)
    syllables = ["ka", "lo", "mer", "vin", "dor", "sa", "tri", "bel", "gon", "ru", "pe", "zan"]
    words = sorted(seen) + sorted(
        {"".join(rng.choice(syllables) for _ in range(3)) for _ in range(30_000)}
    )
    rng.shuffle(words)
    # every seed word lands in a few topics, so real words like 'nato' have realistic spread
    topics: list[list[str]] = [[] for _ in range(TOPICS)]
    for index, word in enumerate(words):
        for copy in range(3 if word in seen else 1):
            topics[(index * 7 + copy * 131) % TOPICS].append(word)
    return topics


def _documents(count: int, words_per_doc: int) -> list[tuple[str, str]]:
    topics = _topics()
    rng = random.Random(42)
    zipf = [1.0 / (rank + 1) for rank in range(2 * max(len(t) for t in topics))]
    docs = []
    for i in range(count):
        vocabulary = [w for t in rng.sample(topics, rng.choice((1, 2))) for w in t]
        content = rng.choices(vocabulary, weights=zipf[: len(vocabulary)], k=words_per_doc // 2)
        function = rng.choices(FUNCTION_WORDS, k=words_per_doc - len(content))
        body = [w for pair in zip(function, content, strict=False) for w in pair]
        paragraphs = [
            " ".join(body[j : j + 60]).capitalize() + "." for j in range(0, len(body), 60)
        ]
        title = " ".join(content[:8]).capitalize()
        docs.append((title, f"{title}\n\n" + "\n\n".join(paragraphs) + f"\n\nStory {i}.\n"))
    return docs


def build_library(path: Path, count: int, words_per_doc: int) -> None:
    """Insert rows directly (the FTS triggers index them), as `Library.store_document` would."""
    opened = open_store(path)
    db = opened.db
    now = time.time()
    with transaction(db):
        db.executemany(
            "INSERT INTO documents (path, content_hash, title, word_count, added_at, packed_text)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                (f"/bench/doc{i:05}.txt", f"h{i}", title, words_per_doc, now, text)
                for i, (title, text) in enumerate(_documents(count, words_per_doc))
            ),
        )
    db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
    db.close()


def _timings(function: Callable[[], object], repeats: int) -> list[float]:
    function()  # warm caches, as a user's second keystroke would
    found = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        found.append(time.perf_counter() - started)
    return found


def _row(name: str, samples: list[float], floor: float, target: float) -> dict[str, object]:
    median = statistics.median(samples)
    return {
        "name": name,
        "median_s": median,
        "min_s": min(samples),
        "max_s": max(samples),
        "floor_s": floor,
        "ratio": median / floor if floor > 0 else float("inf"),
        "target": target,
    }


SEARCH_QUERIES = (
    # as typed, letter by letter, then finished words and phrases
    "n",
    "na",
    "nat",
    "nato",
    "nato ",
    "stol",
    "stoltenberg",
    "crimea",
    "russia ukraine",
    "military buildup",
    "secretary general",
    "kalomer",
    "sanctions",
    "minist",
    "o",
)
WORST_QUERIES = ("the", "the ", "of and the")
"""Only the commonest words: every document matches and bm25 must score them all."""


def bench_library_search(quick: bool) -> list[dict[str, object]]:
    count, words = (2_000, 300) if quick else (10_000, 600)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        build_library(path, count, words)
        db = open_store(path).db
        samples: list[float] = []
        floors: list[float] = []
        worst: list[float] = []
        for query in WORST_QUERIES:
            worst += _timings(lambda q=query: search_library(db, q), 2 if quick else 5)
        for query in SEARCH_QUERIES:
            samples += _timings(lambda q=query: search_library(db, q), 3 if quick else 7)
            match = fts_query(query)
            floors += _timings(
                lambda m=match: db.execute(
                    "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT 50", (m,)
                ).fetchall(),
                3 if quick else 7,
            )
        db.close()
    name = f"library search, {count:,} documents (ranked, snippets)"
    floor = statistics.median(floors)
    return [
        _row(name, samples, floor, SEARCH_TARGET_S),
        _row(
            f"  worst case: only the commonest words, {count:,} docs", worst, floor, SEARCH_TARGET_S
        ),
    ]


def _five_megabytes() -> str:
    seeds = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))
    )
    return (seeds * (5_000_000 // len(seeds) + 1))[:5_000_000]


def bench_find(quick: bool) -> list[dict[str, object]]:
    text = _five_megabytes()
    query = "Stoltenberg"
    repeats = 3 if quick else 7
    # A fresh finder each time: the first search on a document pays for the folded copy.
    core = _timings(lambda: TextFinder(text).find_all(query), repeats)
    floor = statistics.median(_timings(lambda: text.count(query), repeats))
    rows = [_row("find in 5 MB text: all matches (core)", core, floor, FIND_TARGET_S)]
    rows += _find_in_widgets(text, query, repeats, floor)
    return rows


def _find_in_widgets(text: str, query: str, repeats: int, floor: float) -> list[dict[str, object]]:
    """Typing → matches found, counted, marked and painted, in the real widgets (offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reader.core.text.document import document_from_text
    from reader.ui.reading.find_bar import FindBar
    from reader.ui.reading.view import ReadingView

    app = QApplication.instance() or QApplication([])
    view = ReadingView()
    view.resize(900, 700)
    bar = FindBar(view)
    view.show()
    document = document_from_text(text, "/bench/five-megabytes.txt")
    samples = []
    totals = []
    for _ in range(repeats + 1):
        view.show_document(document._replace())  # a new document: the finder starts cold
        app.processEvents()
        bar.show()
        bar.edit.blockSignals(True)
        bar.edit.setText(query)
        bar.edit.blockSignals(False)
        started = time.perf_counter()
        bar.search()
        view.viewport().repaint()
        samples.append(time.perf_counter() - started)
        assert bar.starts and view.layer("find")
        while not bar.complete:
            app.processEvents()
        totals.append(time.perf_counter() - started)
        assert bar.count_label.text().endswith(f"of {len(bar.starts):,}")
    view.close()
    return [
        _row("find in 5 MB text: first marked paint", samples[1:], floor, FIND_TARGET_S),
        _row("find in 5 MB text: full count shown", totals[1:], floor, FIND_TARGET_S * 2),
    ]


def run(quick: bool) -> list[dict[str, object]]:
    return [*bench_library_search(quick), *bench_find(quick)]


def main(argv: list[str]) -> int:
    rows = run("--quick" in argv)
    print(
        f"{'benchmark':<52} {'median':>9} {'min':>9} {'max':>9} {'floor':>9} {'ratio':>7}"
        f" {'target':>8}"
    )
    for row in rows:
        print(
            f"{row['name']:<52} {row['median_s'] * 1000:>7.2f}ms {row['min_s'] * 1000:>7.2f}ms"
            f" {row['max_s'] * 1000:>7.2f}ms {row['floor_s'] * 1000:>7.2f}ms"
            f" {row['ratio']:>7.1f} {row['target'] * 1000:>6.0f}ms"
            f"  {'ok' if row['median_s'] < row['target'] else 'SLOW'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
