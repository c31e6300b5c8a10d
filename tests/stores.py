"""Stores as an earlier version of reader wrote them, for migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.store.database import MIGRATIONS, add_migration_functions


def store_before(path: Path, migration: str, *, functions: bool = False) -> sqlite3.Connection:
    """A connection to a new store at `path` brought up to the version just before
    `migration`, one committed step at a time as reader does it. `functions`: the SQL
    functions reader's own connections provide, which some migrations call."""
    db = sqlite3.connect(path)
    if functions:
        add_migration_functions(db)
    for index, script in enumerate(MIGRATIONS[: MIGRATIONS.index(migration)]):
        db.executescript(f"BEGIN;{script}\nPRAGMA user_version = {index + 1};COMMIT;")
    return db


def add_one_document(db: sqlite3.Connection, added_at: float = 0) -> None:
    """The one document ('/a.txt', title 'A', text 'one two.') the migration tests carry
    across a migration, written with the columns every version has."""
    db.execute(
        "INSERT INTO documents (path, content_hash, title, word_count, size, mtime, added_at,"
        " collection, text) VALUES ('/a.txt', 'h', 'A', 2, 9, 0, ?, 'library', 'one two.')",
        (added_at,),
    )
