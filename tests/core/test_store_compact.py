"""The compact search index (issue 20: the store at most twice its text) and migrating a
store on a worker with progress: each migration tested from the version before it."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from reader.core.library.documents import Library
from reader.core.library.search import fts_query, search_library
from reader.core.store import database
from reader.core.store.database import (
    MIGRATIONS,
    SCHEMA_VERSION,
    migrate_store,
    open_store,
    pending_migrations,
)
from tests.stores import store_before

_WORDS = [f"w{i}" for i in range(500)]


def _store_before(path: Path, last: str, texts: list[tuple[str, str]]) -> None:
    """A store written by the version before migration `last`, holding these documents."""
    db = store_before(path, last)
    for number, (title, text) in enumerate(texts, start=1):
        db.execute(
            "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
            " added_at, collection, text) VALUES (?, ?, ?, 1, 1, 0, 0, 'library', ?)",
            (f"/doc{number}.txt", f"h{number}", title, text),
        )
    db.commit()
    db.close()


def _texts(count: int) -> list[tuple[str, str]]:
    rng = random.Random(4)
    return [
        (f"Report {n}", " ".join(rng.choice(_WORDS) for _ in range(300)) + " pipeline_gas.")
        for n in range(count)
    ]


def _fts_bytes(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT sum(length(block)) FROM documents_fts_data").fetchone()[0])


def test_the_search_index_keeps_no_positions_and_still_finds_ranks_and_snippets(
    tmp_path: Path,
) -> None:
    texts = _texts(60)
    path = tmp_path / "old.sqlite3"
    _store_before(path, database._COMPACT_SEARCH_INDEX, texts)
    old = sqlite3.connect(path)
    before = _fts_bytes(old)
    old.close()
    assert pending_migrations(path) == SCHEMA_VERSION - MIGRATIONS.index(
        database._COMPACT_SEARCH_INDEX)

    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()
    assert "detail='column'" in schema[0]
    db.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    assert _fts_bytes(db) < before * 0.6  # positions were most of it
    # every document is found by a word of its own, with a snippet marking it
    word = texts[17][1].split()[5]
    hits = [h for h in search_library(db, word) if h.kind == "document"]
    assert len(hits) == sum(1 for _, text in texts if word in text.split())
    assert all("\x02" in hit.snippet for hit in hits)
    assert [h.title for h in search_library(db, "report 17")][:1] == ["Report 17"]
    # a word the index splits (pipeline_gas) is searched as its parts, never as a phrase
    assert fts_query("pipeline_gas") == '"pipeline" "gas"*'
    assert len(search_library(db, "pipeline_gas")) == 50
    # the triggers keep it current: a new, a renamed and a removed document
    library = Library(db)
    new_id, _ = library.store_text("/new.txt", "zebra crossing", "Zebra", "hz", 2, 1, 0.0)
    assert [h.doc_id for h in search_library(db, "zebra")] == [new_id]
    library.rename(new_id, "Okapi")
    assert [h.doc_id for h in search_library(db, "okapi")] == [new_id]
    library.remove([new_id])
    assert search_library(db, "zebra") == []
    db.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")


def test_migrate_store_reports_each_step_and_leaves_the_store_current(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _store_before(path, database._COMPACT_SEARCH_INDEX, _texts(3))
    steps: list[tuple[int, int]] = []
    migrate_store(path, lambda done, total: steps.append((done, total)))
    assert pending_migrations(path) == 0
    total = SCHEMA_VERSION - MIGRATIONS.index(database._COMPACT_SEARCH_INDEX)
    assert steps == [(done, total) for done in range(total + 1)]
    assert (path.parent / (path.name + database.CLEAN_SUFFIX)).exists()  # closed cleanly
    assert len(search_library(open_store(path).db, "report")) == 3


def test_migrate_store_gives_back_the_space_a_migration_freed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    _store_before(path, database._COMPACT_SEARCH_INDEX, _texts(200))
    monkeypatch.setattr(database, "COMPACT_FREE_BYTES", 0)
    monkeypatch.setattr(database, "COMPACT_FREE_SHARE", 0.0)
    assert sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0] == 4096
    migrate_store(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # rewritten in the pages new stores have, and back in WAL mode
    assert db.execute("PRAGMA page_size").fetchone()[0] == database.PAGE_SIZE
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    opened = open_store(path)  # the old index's pages were given back, not left free
    assert pending_migrations(path) == 0 and len(search_library(opened.db, "report")) == 50


def test_a_store_another_program_reads_is_compacted_in_its_own_page_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    _store_before(path, database._COMPACT_SEARCH_INDEX, _texts(50))
    sqlite3.connect(path).execute("PRAGMA journal_mode = WAL")
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM documents").fetchone()  # holds a read snapshot
    monkeypatch.setattr(database, "COMPACT_FREE_BYTES", 0)
    monkeypatch.setattr(database, "COMPACT_FREE_SHARE", 0.0)
    migrate_store(path)
    reader.rollback()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert pending_migrations(path) == 0


def test_migrate_store_leaves_a_damaged_store_for_opening_to_report(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(database.SQLITE_HEADER + b"\x00" * 4000)
    assert pending_migrations(path) == 0
    migrate_store(path)  # nothing moved aside here: the real opening does that, and says so
    assert path.exists() and not list(tmp_path.glob("backups/*"))
    assert pending_migrations(tmp_path / "missing.sqlite3") == 0
