"""The notes-with-a-body index (issue 18: noted highlights are marked in the reading pane)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.notes.storage import NoteStore
from reader.core.store.database import _NOTE_BODIES, MIGRATIONS, open_store
from tests.stores import store_before


def _plan(db: sqlite3.Connection, sql: str) -> str:
    return " ".join(str(tuple(row)[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", (1,)))


def test_migration_from_the_previous_version_adds_the_index_and_keeps_notes(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = store_before(path, _NOTE_BODIES)
    db.executemany(
        "INSERT INTO notes (uuid, body, start, end, created, updated) VALUES (?, ?, 0, 1, 0, 0)",
        [("noted", "a note"), ("bare", ""), ("blank", " \n ")])
    db.execute("UPDATE notes SET doc_id = NULL")
    db.commit()
    db.close()

    opened = open_store(path)
    db = opened.db
    store = NoteStore(db)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert {store.get(u) is not None for u in ("noted", "bare", "blank")} == {True}
    # doc_id NULL rows are never "a document's notes": the query is per document
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("UPDATE notes SET doc_id = 1")
    assert store.noted_ids(1) == {store.id_of("noted")}
    # the new query reads the partial index; the sidebar's place query keeps its covering one
    assert "notes_with_body" in _plan(db, "SELECT id FROM notes WHERE doc_id = ? AND"
                                          " trim(body, char(32, 9, 10, 13)) <> ''")
    assert "COVERING INDEX notes_places" in _plan(
        db, "SELECT id, start, end, color, orphaned FROM notes WHERE doc_id = ?"
            " ORDER BY orphaned, start IS NOT NULL, start, created")
    db.rollback()
    db.close()
