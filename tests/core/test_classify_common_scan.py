"""A corpus asked about a big share of the library learns its common hashes by one scan of
the index (`StoreCorpus._scan`): it must leave out exactly the hashes the per-document SQL
leaves out, for the samples' cap and the names' (hash < 0) alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.classify.shingles import MAX_POSTINGS, StoreCorpus, name_posting_cap
from reader.core.store.database import open_store

DOCUMENTS = 150
"""Small enough that the names' cap (`name_posting_cap`, 20) is below the samples' (100)."""
HELD_BY = {
    # sampled hashes (>= 0): rare, at and just over both caps, in every document
    11: 1, 12: 2, 13: 20, 14: 21, 15: 100, 16: 101, 17: DOCUMENTS,
    # names (< 0)
    -11: 1, -12: 19, -13: 20, -14: 21, -15: 100, -16: 101, -17: DOCUMENTS,
}


def _library(path: Path) -> sqlite3.Connection:
    db = open_store(path).db
    for doc_id in range(1, DOCUMENTS + 1):
        db.execute(
            "INSERT INTO documents(id, path, content_hash, title, word_count, added_at,"
            " packed_text) VALUES (?, ?, '', 't', 0, 0, '')",
            (doc_id, f"/lib/{doc_id}.txt"),
        )
    db.executemany(
        "INSERT INTO shingles(hash, doc_id) VALUES (?, ?)",
        [(h, doc_id) for h, count in HELD_BY.items() for doc_id in range(1, count + 1)],
    )
    db.commit()
    return db


def _asked_sql(corpus: StoreCorpus, hashes: set[int], cap: int) -> tuple[set[int], bool]:
    """What `_kept` answers, and whether it asked the per-document SQL (`_COMMON_SQL`, as
    traced: its parameters spliced in)."""
    statements: list[str] = []
    corpus.db.set_trace_callback(statements.append)
    try:
        kept = corpus._kept(hashes, cap)
    finally:
        corpus.db.set_trace_callback(None)
    return kept, any("WHERE hash = value LIMIT" in s for s in statements)


def test_the_scanned_corpus_keeps_exactly_what_the_sql_keeps(tmp_path: Path) -> None:
    db = _library(tmp_path / "s.sqlite3")
    names_cap = name_posting_cap(DOCUMENTS)
    assert names_cap < MAX_POSTINGS  # the scan's floor must be the names' cap, not 100
    samples = {h for h in HELD_BY if h >= 0} | {999}  # 999: in no document
    names = {h for h in HELD_BY if h < 0} | {-999}
    expected_samples = {h for h in samples if HELD_BY.get(h, 0) <= MAX_POSTINGS}
    expected_names = {h for h in names if HELD_BY.get(h, 0) <= names_cap}
    asking = StoreCorpus(db)
    scanned = StoreCorpus(db, asked=DOCUMENTS)
    for corpus in (asking, scanned):
        assert corpus.library_size() == DOCUMENTS
    for _ in range(2):  # again: once the common hashes are remembered
        for corpus in (asking, scanned):
            sql = corpus is asking  # the rare hashes, asked about again each time
            assert _asked_sql(corpus, samples, MAX_POSTINGS) == (expected_samples, sql)
            assert _asked_sql(corpus, names, names_cap) == (expected_names, sql)
            mixed = {11, 16, -12, -14}  # either range under either cap, as the SQL does
            assert _asked_sql(corpus, mixed, MAX_POSTINGS)[0] == {11, -12, -14}
            assert _asked_sql(corpus, mixed, names_cap)[0] == {11, -12}


def test_a_corpus_asked_about_few_documents_does_not_scan(tmp_path: Path) -> None:
    """One document in a library of 150: the scan would cost more than it saves."""
    db = _library(tmp_path / "s.sqlite3")
    corpus = StoreCorpus(db, asked=1)
    kept, asked = _asked_sql(corpus, {11, 16}, MAX_POSTINGS)
    assert (kept, asked) == ({11}, True)
    assert corpus._scan() is None
