"""The SQLite store: schema, migrations, and opening it safely.

One file in the data dir holds the library (metadata, text, full-text and provenance
indexes) and the user's notes. WAL mode, `PRAGMA user_version` migrations, one
transaction per user change. A store that cannot be opened is moved aside as a backup
and never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core.paths import backups_dir

_V1 = """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            title TEXT NOT NULL,
            word_count INTEGER NOT NULL,
            size INTEGER NOT NULL DEFAULT 0,
            mtime REAL NOT NULL DEFAULT 0,
            added_at REAL NOT NULL,
            collection TEXT NOT NULL DEFAULT 'library',
            commentary_share REAL,
            segments TEXT,
            text TEXT NOT NULL
        );
        CREATE INDEX documents_hash ON documents(content_hash);

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='id', tokenize='unicode61'
        );
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;

        CREATE TABLE shingles (
            hash INTEGER NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
        );
        CREATE INDEX shingles_hash ON shingles(hash);
        CREATE INDEX shingles_doc ON shingles(doc_id);

        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            doc_hash TEXT NOT NULL DEFAULT '',
            doc_path TEXT NOT NULL DEFAULT '',
            exact TEXT NOT NULL DEFAULT '',
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start INTEGER,
            end INTEGER,
            color TEXT NOT NULL DEFAULT 'yellow',
            body TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            updated REAL NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX notes_doc ON notes(doc_id);

        CREATE VIRTUAL TABLE notes_fts USING fts5(
            body, exact, content='notes', content_rowid='id', tokenize='unicode61'
        );
        CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts(rowid, body, exact) VALUES (new.id, new.body, new.exact);
        END;
        CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, body, exact)
            VALUES ('delete', old.id, old.body, old.exact);
        END;
        CREATE TRIGGER notes_au AFTER UPDATE OF body, exact ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, body, exact)
            VALUES ('delete', old.id, old.body, old.exact);
            INSERT INTO notes_fts(rowid, body, exact) VALUES (new.id, new.body, new.exact);
        END;

        CREATE TABLE watched_folders (path TEXT PRIMARY KEY, added_at REAL NOT NULL);
"""

MIGRATIONS: list[str] = [_V1]
"""Migration i (SQL) takes the schema from version i to i + 1. Append; never edit a shipped one."""

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store cannot be used; `message` says what happened in plain words."""

    def __init__(self, message: str, backup: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.backup = backup


@dataclass
class OpenedStore:
    db: sqlite3.Connection
    path: Path
    recovered_from: Path | None = None
    """Set when a damaged store was moved here and a fresh one started."""


def _backup_aside(path: Path) -> Path:
    """Move the store (and its WAL files) into backups/; the original bytes are kept whole."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = backups_dir(path.parent) / f"{path.name}.{stamp}.bad"
    counter = 1
    while target.exists():
        target = target.with_name(f"{path.name}.{stamp}-{counter}.bad")
        counter += 1
    shutil.move(str(path), str(target))
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            shutil.move(str(side), str(target) + suffix)
    return target


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10, isolation_level=None)
    else:
        db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def _refuse_newer(db: sqlite3.Connection, path: Path) -> int:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        db.close()
        raise StoreError(
            f"The library at {path} was written by a newer version of reader (schema "
            f"{version}, this version knows {SCHEMA_VERSION}). It was left untouched; "
            "please update reader."
        )
    return version


def _migrate(db: sqlite3.Connection, version: int) -> None:
    for index in range(version, SCHEMA_VERSION):
        # executescript commits whatever is open, so the transaction lives inside the script.
        try:
            db.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[index]}\nPRAGMA user_version = {index + 1};\nCOMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def open_store(path: Path, *, recover: bool = True) -> OpenedStore:
    """Open (creating or migrating) the store; a corrupt one is set aside and replaced.

    Raises `StoreError` only when no usable store can be had (locked, read-only, newer).
    """
    existed = path.exists()
    try:
        db = _connect(path)
        if existed:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        version = _refuse_newer(db, path)  # before anything writes to the file
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, version)
        if not existed:
            os.chmod(path, 0o600)
        return OpenedStore(db, path)
    except StoreError:
        raise
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            raise StoreError(
                f"The library at {path} is locked by another program. Close it and try again."
            ) from error
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            raise StoreError(
                f"The library at {path} cannot be written (read-only or no permission). "
                "Your notes there were left untouched."
            ) from error
        if not recover:
            raise StoreError(f"The library at {path} cannot be opened: {error}") from error
        return _recover(path)
    except sqlite3.DatabaseError as error:
        if not recover:
            raise StoreError(f"The library at {path} cannot be opened: {error}") from error
        return _recover(path)


def _recover(path: Path) -> OpenedStore:
    backup = _backup_aside(path)
    opened = open_store(path, recover=False)
    opened.recovered_from = backup
    return opened


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user change, all or nothing."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")
