"""Classifying an import's documents on every core while the next batch is being stored.

Classification is pure Python, so threads cannot share it out (the GIL); worker processes
can. Each worker opens the store read-only and classifies committed documents against the
whole library (the shingle index); the importing process writes the verdicts back in short
transactions. Started with "spawn", never "fork": the GUI process has Qt threads running.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import sqlite3
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIN_DOCUMENTS = 400
"""Below this, starting the worker processes costs more than it saves."""

_worker_db: sqlite3.Connection | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    doc_id: int
    content_hash: str
    segments_json: str
    share: float
    related: tuple[str, ...]
    """Paths of documents whose cached verdicts may depend on this one."""


def _init_worker(store: str) -> None:
    global _worker_db  # one connection per worker process, opened once
    with contextlib.suppress(OSError, AttributeError):
        os.nice(5)  # background work: an interactive process (the GUI) goes first
    _worker_db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
    _worker_db.execute("PRAGMA busy_timeout = 30000")


def _classify_ids(doc_ids: list[int]) -> list[Verdict]:
    engine: Any = importlib.import_module("reader.core.classify")

    db = _worker_db
    assert db is not None
    corpus = engine.StoreCorpus(db)
    verdicts: list[Verdict] = []
    for doc_id in doc_ids:
        row = db.execute(
            "SELECT path, text, content_hash FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            continue  # removed meanwhile
        path, text, digest = row
        related = tuple(doc.key for doc in corpus.related(text, exclude_key=path))
        segments = engine.classify(text, corpus, key=path)
        verdicts.append(
            Verdict(
                doc_id,
                digest,
                engine.segments_to_json(segments),
                float(engine.commentary_share(text, segments)),
                related,
            )
        )
    return verdicts


def store_file(db: sqlite3.Connection) -> Path | None:
    """The main database's file, or None for an in-memory store."""
    for row in db.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


class ParallelClassifier:
    """A pool of classifier processes fed with committed batches of document ids."""

    def __init__(self, store: Path, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(str(store),),
        )
        self.chunk = 25

    @staticmethod
    def workers_for(count: int) -> int:
        """How many processes an import of `count` new or changed documents deserves.

        None in a frozen build: a spawned child there re-runs the app (no freeze_support).
        Scripts that import reader must guard their main code (`if __name__ == "__main__"`),
        as for any multiprocessing user; `reader` and `python -m reader` do.
        """
        if count < MIN_DOCUMENTS or getattr(sys, "frozen", False):
            return 0
        return max(0, min(os.cpu_count() or 1, 4))

    def submit(self, doc_ids: list[int]) -> list[Future[list[Verdict]]]:
        return [
            self.pool.submit(_classify_ids, doc_ids[start : start + self.chunk])
            for start in range(0, len(doc_ids), self.chunk)
        ]

    def close(self, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


def write_verdicts(db: sqlite3.Connection, verdicts: list[Verdict], batch_ids: set[int]) -> None:
    """Cache verdicts (unless the text changed meanwhile); drop those they may invalidate.

    Related documents classified in the same batch saw each other already and keep theirs.
    """
    for verdict in verdicts:
        db.execute(
            "UPDATE documents SET segments = ?, commentary_share = ?"
            " WHERE id = ? AND content_hash = ?",
            (verdict.segments_json, verdict.share, verdict.doc_id, verdict.content_hash),
        )
    for verdict in verdicts:
        for path in verdict.related:
            row: Any = db.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
            if row is not None and row[0] not in batch_ids:
                db.execute("UPDATE documents SET segments = NULL WHERE id = ?", (row[0],))
