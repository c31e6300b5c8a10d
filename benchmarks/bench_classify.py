"""Classifier speed: the seed pair, a 1 MB article against a 10,000-document library, and
indexing cost per document (2,500 vs 10,000 documents, to show it is linear).

Run: `python -m benchmarks.bench_classify [--quick]`; the harness calls `run(quick)`.
Synthetic documents are made here, deterministically: paragraphs of random sentences over
the words of the bundled seeds (plus made-up names), page furniture lines, and some
republished copies with 'Comment:' paragraphs, so the index sees realistic related pairs.
"""

from __future__ import annotations

import itertools
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.figures import time_calls  # noqa: E402
from reader.core.classify import (  # noqa: E402
    MemoryCorpus,
    StoreCorpus,
    classify,
    index_document,
)
from reader.core.store.database import open_store  # noqa: E402

SEEDS = ROOT / "seeds"
FURNITURE = [
    "Advertisement",
    "Share this article",
    "Tags: World, Europe",
    "5 min read",
    "© AP Photo/Jane Roe",
    "Read more: Related story",
]


class _Vocabulary:
    """Words with Zipf-like weights: the seeds' words as often as they occur there, plus
    4,000 made-up names (so that synthetic texts do not share long passages by chance)."""

    def __init__(self, rng: random.Random) -> None:
        counts: dict[str, int] = {}
        for path in sorted(SEEDS.glob("*.txt")):
            for word in re.findall(r"[A-Za-z’']+", path.read_text(encoding="utf-8")):
                counts[word] = counts.get(word, 0) + 100
        syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "shi", "der", "an", "ul", "bre", "st"]
        share = max(1, sum(counts.values()) // 16_000)  # made-up names: ~20% of the words
        for _ in range(4000):
            name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
            counts[name] = counts.get(name, 0) + share
        self.words = sorted(counts)
        weights = [counts[w] for w in self.words]
        self.cumulative = list(itertools.accumulate(weights))

    def choices(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def _vocabulary(rng: random.Random) -> _Vocabulary:
    return _Vocabulary(rng)


def _sentence(rng: random.Random, vocab: _Vocabulary) -> str:
    words = vocab.choices(rng, rng.randint(10, 28))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, vocab: _Vocabulary) -> str:
    return " ".join(_sentence(rng, vocab) for _ in range(rng.randint(2, 5)))


def _article(rng: random.Random, vocab: _Vocabulary, paragraphs: int) -> str:
    parts = [" ".join(vocab.choices(rng, 8)).capitalize()]
    for _ in range(paragraphs):
        parts.append(_paragraph(rng, vocab))
        if rng.random() < 0.15:
            parts.append(rng.choice(FURNITURE))
    return "\n\n".join(parts) + "\n"


def _republish(rng: random.Random, vocab: _Vocabulary, original: str) -> str:
    paragraphs = original.split("\n\n")
    out = []
    for paragraph in paragraphs:
        out.append(paragraph.replace("’", "'"))
        if rng.random() < 0.2:
            out.append("Comment: " + _paragraph(rng, vocab))
    return "\n\n".join(out)


def make_library(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(key, text) pairs; one in ten is a republished copy of an earlier one."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    docs: list[tuple[str, str]] = []
    for i in range(count):
        if docs and i % 10 == 9:
            docs.append((f"doc{i:05}.txt", _republish(rng, vocab, docs[-1][1])))
        else:
            docs.append((f"doc{i:05}.txt", _article(rng, vocab, rng.randint(6, 14))))
    return docs


def _megabyte_article(seed: int) -> str:
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    parts: list[str] = []
    size = 0
    while size < 1_000_000:
        paragraph = _paragraph(rng, vocab)
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)



def _figure(name: str, times: list[float], **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        **extra,
    }


def _memory_corpus(docs: list[tuple[str, str]]) -> tuple[MemoryCorpus, float]:
    corpus = MemoryCorpus()
    start = time.perf_counter()
    for key, text in docs:
        corpus.add(key, key, text)
    return corpus, time.perf_counter() - start


def run(quick: bool) -> list[dict[str, object]]:
    figures: list[dict[str, object]] = []
    repeat = 3 if quick else 7

    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    pair = MemoryCorpus()
    for key, text in seeds.items():
        pair.add(key, key, text)
    figures.append(
        _figure(
            "classify seed pair (both files)",
            time_calls(lambda: [classify(t, pair, key=k) for k, t in seeds.items()], repeat * 3),
            target="≤ 20 ms",
        )
    )

    small, large = (500, 2_000) if quick else (2_500, 10_000)
    library = make_library(large)
    for count in (small, large):
        _, seconds = _memory_corpus(library[:count])
        figures.append(
            _figure(
                f"index {count} documents (memory)",
                [seconds],
                per_doc_ms=1000 * seconds / count,
                documents=count,
            )
        )
    corpus, _ = _memory_corpus(library)

    article = _megabyte_article(11)
    figures.append(
        _figure(
            f"classify 1 MB article vs {large} documents (memory, no relative)",
            time_calls(lambda: classify(article, corpus, key="big.txt"), repeat),
            chars=len(article),
            target="≤ 250 ms",
        )
    )
    rng = random.Random(5)
    copy = _republish(rng, _vocabulary(rng), article)
    corpus.add("big-original.txt", "Big original", article)
    figures.append(
        _figure(
            f"classify 1 MB copy vs {large} documents + its 1 MB original (memory)",
            time_calls(lambda: classify(copy, corpus, key="big-copy.txt"), repeat),
            chars=len(copy),
        )
    )

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.sqlite3")
        db = store.db
        figures.extend(_store_figures(db, library, small, large, article, copy, repeat))
        db.close()
    return figures


def _store_figures(
    db: sqlite3.Connection,
    library: list[tuple[str, str]],
    small: int,
    large: int,
    article: str,
    copy: str,
    repeat: int,
) -> list[dict[str, object]]:
    figures: list[dict[str, object]] = []
    start = time.perf_counter()
    checkpoint = 0.0
    db.execute("BEGIN")
    for doc_id, (key, text) in enumerate(library, 1):
        db.execute(
            "INSERT INTO documents(id, path, content_hash, title, word_count, added_at,"
            " packed_text) "
            "VALUES (?, ?, '', ?, 0, 0, ?)",
            (doc_id, key, key, text),
        )
        index_document(db, doc_id, text)
        if doc_id == small:
            checkpoint = time.perf_counter() - start
    db.execute("COMMIT")
    total = time.perf_counter() - start
    figures.append(
        _figure(
            f"store + index {small} documents (SQLite)",
            [checkpoint],
            per_doc_ms=1000 * checkpoint / small,
            documents=small,
        )
    )
    figures.append(
        _figure(
            f"store + index {large} documents (SQLite)",
            [total],
            per_doc_ms=1000 * total / large,
            documents=large,
        )
    )
    corpus = StoreCorpus(db)
    figures.append(
        _figure(
            f"classify 1 MB article vs {large} documents (SQLite, no relative)",
            time_calls(lambda: classify(article, corpus, key="big.txt"), repeat),
            target="≤ 250 ms",
        )
    )
    db.execute(
        "INSERT INTO documents(id, path, content_hash, title, word_count, added_at,"
        " packed_text) "
        "VALUES (?, 'big-original.txt', '', 'Big original', 0, 0, ?)",
        (len(library) + 1, article),
    )
    index_document(db, len(library) + 1, article)
    figures.append(
        _figure(
            f"classify 1 MB copy vs {large} documents + its 1 MB original (SQLite)",
            time_calls(lambda: classify(copy, corpus, key="big-copy.txt"), repeat),
        )
    )
    return figures


def main() -> None:
    quick = "--quick" in sys.argv
    for figure in run(quick):
        extra = {k: v for k, v in figure.items() if k not in {"name", "median_s", "min_s", "max_s"}}
        notes = "  ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in extra.items()
        )
        keys = ("median_s", "min_s", "max_s")
        median, low, high = (1000 * float(str(figure[k])) for k in keys)
        print(
            f"{figure['name']:<72} median {median:8.1f} ms  "
            f"min {low:8.1f}  max {high:8.1f}  {notes}"
        )


if __name__ == "__main__":
    main()
