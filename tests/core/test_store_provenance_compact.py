"""The provenance index kept once (issue 20: the store at most twice its text): each
document's own hashes packed in one row, its entries leaving the index by trigger."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from reader.core.classify.shingles import (
    MemoryCorpus,
    StoreCorpus,
    index_document,
    index_sample,
    stored_hashes,
)
from reader.core.library.documents import Library
from reader.core.library.indexing import invalidate_neighbours
from reader.core.library.removal import remove_documents, restore_documents
from reader.core.store import database
from reader.core.store.database import (
    SCHEMA_VERSION,
    open_store,
)
from reader.core.store.samples import pack_sample, unpack_sample
from tests.stores import store_before

_WORDS = [f"w{i}" for i in range(3000)]
_NAMES = ["Paris", "Lagos", "Oslo", "Quito", "Hanoi", "Accra", "Lima", "Riga", "Baku", "Doha"]


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(
        rng.choice(_NAMES) if rng.random() < 0.1 else rng.choice(_WORDS) for _ in range(words)
    ) + f" In {rng.randrange(1900, 2100)} figures rose {rng.randrange(10, 99)}%."


def _entries(db: sqlite3.Connection) -> set[tuple[int, int]]:
    return {(int(h), int(d)) for h, d in db.execute("SELECT hash, doc_id FROM shingles")}


def test_packing_keeps_every_value() -> None:
    values = {0, 5, 2**31 - 1, -1, -(2**32)}
    assert sorted(unpack_sample(*pack_sample(values))) == sorted(values)


def test_the_migration_keeps_the_index_once_and_removal_follows_it(tmp_path: Path) -> None:
    rng = random.Random(8)
    texts = [_prose(rng, 300) for _ in range(6)]
    texts.append(texts[0] + " " + _prose(rng, 40))  # a copy of the first
    path = tmp_path / "old.sqlite3"
    old = store_before(path, database._COMPACT_PROVENANCE_INDEX, functions=True)
    old.execute("PRAGMA foreign_keys = ON")
    for number, text in enumerate(texts, start=1):
        old.execute(
            "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
            " added_at, collection, text) VALUES (?, ?, ?, 1, 1, 0, 0, 'library', ?)",
            (f"/d{number}.txt", f"h{number}", f"D{number}", text),
        )
        old.executemany(  # the old layout: each entry in both B-trees
            "INSERT INTO shingles(hash, doc_id) VALUES (?, ?)",
            [(h, number) for h in stored_hashes(index_sample(text))],
        )
    old.commit()
    expected = _entries(old)
    assert any(h < 0 for h, _ in expected)  # names too
    old.close()

    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _entries(db) == expected
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                        " AND tbl_name = 'shingles'")}
    assert "shingles_doc" not in indexes
    rows = db.execute("SELECT doc_id, shingle_hashes, name_codes FROM document_samples")
    assert {(h, d) for d, s, n in rows for h in unpack_sample(s, n)} == expected
    memory = MemoryCorpus()  # the same answers as the classifier's corpus in memory
    for number, text in enumerate(texts, start=1):
        memory.add(f"/d{number}.txt", f"D{number}", text)
    store = StoreCorpus(db)
    assert [d.key for d in store.related(texts[6], exclude_key="/d7.txt")][0] == "/d1.txt"
    for way in ("related_by_words", "related_by_sample"):  # names counted from the rows
        asked = texts[6] if way == "related_by_words" else index_sample(texts[6])
        found = [d.key for d in getattr(store, way)(asked, exclude_key="/d7.txt")]
        assert found and found == [
            d.key for d in getattr(memory, way)(asked, exclude_key="/d7.txt")]

    # a removal by any program takes the entries out; undoing it puts them back
    library = Library(db)
    removed = remove_documents(library, [1])
    assert not {e for e in _entries(db) if e[1] == 1}
    restore_documents(library, removed)
    assert _entries(db) == expected
    db.execute("DELETE FROM documents WHERE id = 2")  # as the sqlite3 shell would
    assert _entries(db) == {e for e in expected if e[1] != 2}

    # re-indexing a changed text replaces its entries; neighbours are found from the row
    new_text = _prose(rng, 300)
    index_document(db, 3, new_text)
    mine = {e for e in _entries(db) if e[1] == 3}
    assert {h for h, _ in mine} == stored_hashes(index_sample(new_text))
    db.execute("UPDATE documents SET segments = 'x'")
    assert invalidate_neighbours(db, [7], keep=[7]) == 1  # the original it copies
    assert [r[0] for r in db.execute("SELECT id FROM documents WHERE segments IS NULL")] == [1]
