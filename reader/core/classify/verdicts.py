"""Classifying library documents against the rest of the library, with a cached verdict.

The verdict is stored with the document (`documents.segments`, `commentary_share`) and
dropped whenever the document's text changes or a related document arrives or leaves,
because provenance depends on which originals the library holds.

One path computes and caches every verdict, whoever asks: the GUI (`LibraryClassifier`,
through `reader.core.background.classify_document`), a document stored alone
(`library_indexing.index_and_classify`), a huge one in a child process
(`classify_in_child`) and the import's worker
processes (which compute with `compute_verdict` and hand the result to the one writer,
which caches it with `write_verdict`). `classify_and_cache` is the two together.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

from reader.core import classify as engine  # its heavy parts load on first use
from reader.core.classify import Segment, commentary_share, segments_from_json, segments_to_json
from reader.core.classify.structure import hints_from_json
from reader.core.store.database import transaction


class Verdict(NamedTuple):
    """One document's classification, ready to cache (picklable, for worker processes)."""

    doc_id: int
    content_hash: str
    """The text it was computed for: a verdict for a text changed meanwhile is never cached."""
    segments_json: str
    share: float
    related: tuple[str, ...]
    """Paths of the documents the classifier compared it with (its corpus neighbours)."""


class _Recording:
    """A corpus that remembers which documents it returned, so the caller learns the
    neighbours without asking the index a second time."""

    def __init__(self, corpus: engine.StoreCorpus) -> None:
        self.corpus = corpus
        self.keys: list[str] = []

    def related(self, text: str, exclude_key: str | None = None) -> list[engine.CorpusDoc]:
        found = self.corpus.related(text, exclude_key)
        self.keys += [doc.key for doc in found]
        return found

    def related_by_words(
        self, text: str, exclude_key: str | None = None
    ) -> list[engine.CorpusDoc]:
        found = self.corpus.related_by_words(text, exclude_key)
        self.keys += [doc.key for doc in found]
        return found

    def related_by_sample(
        self, hashes: set[int], exclude_key: str | None = None
    ) -> list[engine.CorpusDoc]:
        found = self.corpus.related_by_sample(hashes, exclude_key)
        self.keys += [doc.key for doc in found]
        return found


def compute_verdict(db: sqlite3.Connection, doc_id: int) -> tuple[Verdict, list[Segment]] | None:
    """Classify a stored document against the library; None if it is gone. Reads only."""
    row = db.execute(
        "SELECT path, text, content_hash, structure FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        return None
    path, text, digest = str(row[0]), str(row[1]), str(row[2])
    corpus = _Recording(engine.StoreCorpus(db))
    structure = hints_from_json(row[3])  # a web page's markup as evidence
    segments = engine.classify(text, corpus, key=path, structure=structure)
    verdict = Verdict(
        doc_id,
        digest,
        segments_to_json(segments),
        float(commentary_share(text, segments)),
        tuple(dict.fromkeys(corpus.keys)),
    )
    return verdict, segments


def write_verdict(db: sqlite3.Connection, verdict: Verdict) -> bool:
    """Cache a verdict, only if the text did not change meanwhile (a stale verdict is never
    cached). Joins the caller's transaction when one is open. True when written."""
    with transaction(db):
        return (
            db.execute(
                "UPDATE documents SET segments = ?, commentary_share = ? "
                "WHERE id = ? AND content_hash = ?",
                (verdict.segments_json, verdict.share, verdict.doc_id, verdict.content_hash),
            ).rowcount
            > 0
        )


def classify_and_cache(db: sqlite3.Connection, doc_id: int) -> list[Segment]:
    """Classify now (with the library as corpus) and cache the result; raises KeyError."""
    computed = compute_verdict(db, doc_id)
    if computed is None:
        raise KeyError(doc_id)
    verdict, segments = computed
    write_verdict(db, verdict)
    return segments


class LibraryClassifier:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def cached(self, doc_id: int) -> list[Segment] | None:
        row = self.db.execute("SELECT segments FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        return segments_from_json(row[0])

    def text(self, doc_id: int) -> str:
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return str(row[0])

    def classify(self, doc_id: int) -> list[Segment]:
        """Classify now (with the library as corpus) and cache the result."""
        return classify_and_cache(self.db, doc_id)

    def segments(self, doc_id: int) -> list[Segment]:
        cached = self.cached(doc_id)
        return cached if cached is not None else self.classify(doc_id)

    def unclassified_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE segments IS NULL")]


def _classify_in_this_process(store: str, doc_id: int) -> None:
    """The child process's whole job: classify one stored document and cache the verdict."""
    from reader.core.store.database import connect_worker

    db = connect_worker(Path(store), busy_ms=30000)
    db.row_factory = None  # plain tuples: classifying reads many rows
    try:
        classify_and_cache(db, doc_id)
    finally:
        db.close()


def classify_in_child(store: Path, doc_id: int) -> None:
    """Classify one huge stored document in a child process and cache the verdict, so the
    GUI's interpreter never waits on long regex scans that hold the GIL."""
    import multiprocessing  # only for the rare huge document: not on the start-up path
    import os
    from concurrent.futures import ProcessPoolExecutor

    from reader.core.orphan_guard import exit_with_parent

    context = multiprocessing.get_context("spawn")  # never fork a process with Qt threads
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=exit_with_parent,
                             initargs=(os.getpid(),)) as pool:
        pool.submit(_classify_in_this_process, str(store), doc_id).result()
