from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from reader.core.context import open_context
from reader.core.store.database import SCHEMA_VERSION, StoreError, open_store
from reader.core.store.paths import store_path
from tests.stores import add_one_document, store_before


def test_new_store_is_migrated_wal_and_owner_only(data_dir: Path) -> None:
    context = open_context(data_dir)
    db = context.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    mode = stat.S_IMODE(store_path(data_dir).stat().st_mode)
    assert mode & 0o077 == 0
    assert stat.S_IMODE(data_dir.stat().st_mode) & 0o077 == 0
    context.close()


def test_garbage_store_is_kept_aside_and_replaced(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    garbage = b"this is not a database" * 100
    store_path(data_dir).write_bytes(garbage)
    context = open_context(data_dir)
    assert context.opened.recovered_from is not None
    assert context.opened.recovered_from.read_bytes() == garbage
    assert any("damaged" in warning for warning in context.warnings)
    assert context.library.ensure_seeds() is not None
    context.close()


def test_newer_schema_is_refused_and_left_untouched(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = store_path(data_dir)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_version_1_store_migrates_keeping_its_notes_and_lists_them_through_the_index(
    tmp_path: Path,
) -> None:
    """Migration 2 (the sidebar's covering index) on a store written by the first version."""

    from reader.core.notes.storage import NoteStore
    from reader.core.store.database import MIGRATIONS

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    add_one_document(old)
    old.commit()
    old.close()
    store = NoteStore(open_store(path).db)
    db = store.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
    note = store.highlight(1, "one two.", 4, 7, "blue", "kept")
    assert [row[0] for row in store.places(1)] == [store.id_of(note.uuid)]
    plan = " ".join(str(row[-1]) for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT id, start, end, color, orphaned FROM notes WHERE doc_id = 1"
        " ORDER BY orphaned, start IS NOT NULL, start, created"))
    assert "COVERING INDEX notes_places" in plan and "TEMP B-TREE" not in plan
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_one_transaction_helper_joins_an_open_transaction(data_dir: Path) -> None:
    from reader.core.store.database import transaction

    context = open_context(data_dir)
    db = context.db
    db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        with transaction(db):  # joins: no nested BEGIN, no commit of its own
            db.execute("INSERT INTO t VALUES (2)")
        assert db.in_transaction
        raise RuntimeError("the outer change fails")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0  # all or nothing
    with transaction(db), transaction(db):
        db.execute("INSERT INTO t VALUES (3)")
    assert not db.in_transaction
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    context.close()


def test_every_worker_connection_has_the_store_settings(data_dir: Path) -> None:
    from reader.core.store.database import connect_worker

    context = open_context(data_dir)
    for readonly in (False, True):
        worker = context.connect_worker(readonly=readonly)
        try:
            assert worker.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert worker.execute("PRAGMA busy_timeout").fetchone()[0] >= 10000
            assert worker.row_factory is sqlite3.Row
        finally:
            worker.close()
    slow = connect_worker(store_path(data_dir), readonly=True, busy_ms=30000)
    assert slow.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    slow.close()
    context.close()


def test_the_note_tags_migration_keeps_notes_and_adds_empty_tags(tmp_path: Path) -> None:
    """Migration "note tags" (issue 18) on a store written just before it: the notes stay,
    with no tags and nothing extra, and tags can then be set, read and filtered."""
    from reader.core.notes.storage import NoteStore
    from reader.core.store.database import _V5_NOTE_TAGS

    path = tmp_path / "old.db"
    old = store_before(path, _V5_NOTE_TAGS)
    add_one_document(old)
    old.execute("INSERT INTO notes (uuid, doc_id, exact, start, end, body, created, updated)"
                " VALUES ('u1', 1, 'two', 4, 7, 'old note', 1, 1)")
    old.commit()
    old.close()
    store = NoteStore(open_store(path).db)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    note = store.get("u1")
    assert note is not None and (note.body, note.tags, note.extra) == ("old note", (), "")
    store.set_tags("u1", ["Budget", "to check"])
    assert store.get("u1").tags == ("Budget", "to check")  # type: ignore[union-attr]
    assert [n.uuid for n in store.with_tag("budget")] == ["u1"]
    assert store.all_tags() == ["Budget", "to check"]


def test_an_old_sqlite_is_named_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below 3.35 a migration used to stop half-way on RETURNING or the trigram tokenizer."""
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    path = tmp_path / "library.sqlite3"
    needed = r"SQLite 3\.35\.0 or newer is needed.*has SQLite 3\.31\.1"
    with pytest.raises(StoreError, match=needed):
        open_store(path)
    assert not path.exists()
