"""What happens to a document after its text is stored: provenance index, classification,
notes re-anchored.

A thin adapter so the library does not depend on how classification and notes are built
(they are imported on first use, keeping start-up light).
"""

from __future__ import annotations

import json
import sqlite3
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.classify.shingles import StoredSample


def _classifier() -> ModuleType:
    return import_module("reader.core.classify")


def _notes() -> ModuleType:
    return import_module("reader.core.notes.storage")


def index_text(db: sqlite3.Connection, doc_id: int, text: str) -> None:
    """(Re)write the document's shingles so later imports can find it as an original."""
    _classifier().index_document(db, doc_id, text)


def index_samples(
    db: sqlite3.Connection,
    samples: list[tuple[int, StoredSample]],
    refreshed: set[int],
    *,
    defer: bool = False,
    sized: bool = False,
) -> None:
    """Write many documents' samples (worked out in worker processes) in a few statements:
    what `index_text` does per document, without hashing here. The rows are the
    classifier's `index_document` rows; refreshed documents lose their old ones first.
    `defer`: their index entries wait for `index_deferred` (a big import's batches);
    `sized`: their rows hold their sample sizes already (`Library.store_texts`)."""
    import_module("reader.core.classify.shingles").write_samples(
        db, samples, refreshed, defer=defer, sized=sized
    )


def index_deferred(db: sqlite3.Connection) -> int:
    """Put the entries of the batches stored with `defer` into the indexes, all at once."""
    return int(import_module("reader.core.classify.shingles").index_deferred(db))


def index_unindexed(db: sqlite3.Connection) -> int:
    """Index the documents an import stored but did not live to index (a crash)."""
    from reader.core.store.database import transaction
    from reader.core.store.samples import reindex_unindexed, unindexed

    waiting = unindexed(db)  # read before the write lock: nothing to take it for, usually
    if waiting:
        with transaction(db):
            reindex_unindexed(db, waiting)
    return len(waiting)


def invalidate_neighbours(db: sqlite3.Connection, doc_ids: list[int], keep: list[int]) -> int:
    """Drop the cached verdicts of documents (not in `keep`) that share sampled shingles
    with these ones, reading no text: a superset of `invalidate_related` for many documents
    at once, for an import cancelled before they were classified. A dropped verdict only
    costs a later re-classification; a stale one would be wrong.

    Free when no other document holds a verdict (a first import); otherwise a few seconds
    at worst (5,000 documents against 2,000 classified ones).
    """
    if not doc_ids:
        return 0
    db.execute("CREATE TEMP TABLE IF NOT EXISTS neighbour_candidates(id INTEGER PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS pending_hashes(hash INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM neighbour_candidates")
    db.execute("DELETE FROM pending_hashes")
    db.execute(
        "INSERT INTO neighbour_candidates SELECT id FROM documents WHERE segments IS NOT NULL"
        " AND id NOT IN (SELECT value FROM json_each(?))",
        (json.dumps(keep),),
    )
    if not db.execute("SELECT 1 FROM neighbour_candidates LIMIT 1").fetchone():
        return 0
    from reader.core.store.samples import unpack_sample

    for start in range(0, len(doc_ids), 500):  # their own hashes: their packed sample rows
        chunk = doc_ids[start : start + 500]
        rows = db.execute(
            "SELECT shingle_hashes FROM document_samples"
            f" WHERE doc_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        db.executemany(
            "INSERT OR IGNORE INTO pending_hashes VALUES (?)",
            [(value,) for row in rows for value in unpack_sample(row[0], b"")],
        )
    return db.execute(
        "UPDATE documents SET segments = NULL WHERE id IN ("
        " SELECT s.doc_id FROM pending_hashes AS p JOIN shingles AS s ON s.hash = p.hash"
        " WHERE s.doc_id IN neighbour_candidates GROUP BY s.doc_id HAVING count(*) >= 2)"
    ).rowcount


def invalidate_related(db: sqlite3.Connection, doc_id: int, text: str) -> int:
    """Drop cached verdicts of documents related to this new or changed one.

    Provenance depends on which originals the library holds: a copy classified before its
    original arrived must be classified again (the GUI re-classifies NULL verdicts lazily).
    """
    classify = _classifier()
    row = db.execute("SELECT path FROM documents WHERE id = ?", (doc_id,)).fetchone()
    related = classify.StoreCorpus(db).related(text, exclude_key=row[0] if row else None)
    dropped = 0
    for doc in related:
        dropped += db.execute(
            "UPDATE documents SET segments = NULL WHERE path = ? AND id != ?"
            " AND segments IS NOT NULL",
            (doc.key, doc_id),
        ).rowcount
    return dropped


def index_and_classify(db: sqlite3.Connection, doc_id: int, text: str) -> None:
    index_text(db, doc_id, text)
    invalidate_related(db, doc_id, text)
    # The stored text is what gets classified, against the whole library, inside the
    # caller's transaction (the same path as the GUI's classifier).
    import_module("reader.core.classify.verdicts").classify_and_cache(db, doc_id)


def document_stored(
    db: sqlite3.Connection, doc_id: int, outcome: str, text: str, content_hash: str, path: str
) -> None:
    """Keep notes attached after a store: re-anchor on 'refreshed'; on 'added', the notes
    package may adopt notes left by a moved file (its `note_document_stored` hook)."""
    _notes().note_document_stored(db, doc_id, outcome, text, content_hash, path)
