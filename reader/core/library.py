"""The library: documents in the store, added from files, listed cheaply, read on demand."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.core.document import Document, DocumentError, load_document
from reader.core.notes import note_document_stored
from reader.core.seeds import SEED_COLLECTION, seed_paths
from reader.core.store import transaction


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One row of the library list: everything but the text."""

    id: int
    path: str
    title: str
    word_count: int
    added_at: float
    collection: str
    commentary_share: float | None

    @property
    def source_name(self) -> str:
        return Path(self.path).name

    @property
    def folder(self) -> str:
        return str(Path(self.path).parent)


@dataclass
class AddResult:
    added: list[int]
    refreshed: list[int]
    unchanged: list[int]
    failed: list[DocumentError]


_ENTRY_COLUMNS = "id, path, title, word_count, added_at, collection, commentary_share"


def _entry(row: sqlite3.Row) -> LibraryEntry:
    return LibraryEntry(
        id=row["id"],
        path=row["path"],
        title=row["title"],
        word_count=row["word_count"],
        added_at=row["added_at"],
        collection=row["collection"],
        commentary_share=row["commentary_share"],
    )


class Library:
    """Documents in the store. Holds no Qt; the GUI, CLI and benchmarks share it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def entries(self) -> list[LibraryEntry]:
        rows = self.db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM documents ORDER BY collection = 'seeds' DESC, id"
        )
        return [_entry(row) for row in rows]

    def entry(self, doc_id: int) -> LibraryEntry | None:
        row = self.db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return _entry(row) if row else None

    def id_for_path(self, path: str | Path) -> int | None:
        row = self.db.execute(
            "SELECT id FROM documents WHERE path = ?", (str(Path(path).resolve()),)
        ).fetchone()
        return int(row[0]) if row else None

    def document(self, doc_id: int) -> Document:
        """The stored document; its text is the text that offsets refer to."""
        from reader.core.document import split_paragraphs

        row = self.db.execute(
            "SELECT path, title, content_hash, text FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return Document(
            text=row["text"],
            path=row["path"],
            title=row["title"],
            content_hash=row["content_hash"],
            paragraphs=split_paragraphs(row["text"]),
        )

    def store_document(self, document: Document, collection: str = "library") -> tuple[int, str]:
        """Insert or refresh one document; returns its id and 'added'/'refreshed'/'unchanged'."""
        path = str(Path(document.path).resolve())
        try:
            stat = Path(path).stat()
            size, mtime = stat.st_size, stat.st_mtime
        except OSError:
            size, mtime = len(document.text.encode("utf-8")), 0.0
        row = self.db.execute(
            "SELECT id, content_hash FROM documents WHERE path = ?", (path,)
        ).fetchone()
        with transaction(self.db):
            if row is None:
                cursor = self.db.execute(
                    "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
                    " added_at, collection, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        path,
                        document.content_hash,
                        document.title,
                        document.word_count,
                        size,
                        mtime,
                        time.time(),
                        collection,
                        document.text,
                    ),
                )
                doc_id = int(cursor.lastrowid or 0)
                # notes hook: a moved file's notes follow its content (reader/core/notes.py)
                note_document_stored(self.db, doc_id, "added", document.text,
                                     document.content_hash, path)
                return doc_id, "added"
            doc_id = int(row["id"])
            if row["content_hash"] == document.content_hash:
                return doc_id, "unchanged"
            self.db.execute(
                "UPDATE documents SET content_hash = ?, title = ?, word_count = ?, size = ?,"
                " mtime = ?, text = ?, segments = NULL, commentary_share = NULL WHERE id = ?",
                (
                    document.content_hash,
                    document.title,
                    document.word_count,
                    size,
                    mtime,
                    document.text,
                    doc_id,
                ),
            )
            # notes hook: re-anchor this document's notes in the same transaction
            note_document_stored(self.db, doc_id, "refreshed", document.text,
                                 document.content_hash, path)
            return doc_id, "refreshed"

    def add_files(self, paths: Iterable[str | Path], collection: str = "library") -> AddResult:
        result = AddResult([], [], [], [])
        for path in paths:
            try:
                document = load_document(path)
            except DocumentError as error:
                result.failed.append(error)
                continue
            doc_id, outcome = self.store_document(document, collection)
            getattr(result, outcome).append(doc_id)
        return result

    def ensure_seeds(self) -> AddResult | None:
        """A fresh library opens the bundled corpus."""
        if self.count():
            return None
        return self.add_files(seed_paths(), SEED_COLLECTION)

    def remove(self, doc_ids: Iterable[int]) -> int:
        ids = list(doc_ids)
        with transaction(self.db):
            for doc_id in ids:
                self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return len(ids)
