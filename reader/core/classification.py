"""Classifying library documents against the rest of the library, with a cached verdict.

The verdict is stored with the document (`documents.segments`, `commentary_share`) and
dropped whenever the document's text changes or a related document arrives or leaves,
because provenance depends on which originals the library holds.
"""

from __future__ import annotations

import sqlite3

from reader.core import classify as engine  # its heavy parts load on first use
from reader.core.classify import Segment, commentary_share, segments_from_json, segments_to_json
from reader.core.store import transaction


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

    def size_hint(self, doc_id: int) -> int:
        """The document's file size: a bound on its text length that costs no text read
        (SQLite's length(text) walks the whole value, 0.2 s for 18 MB)."""
        row = self.db.execute("SELECT size FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return int(row[0]) if row else 0

    def classify(self, doc_id: int) -> list[Segment]:
        """Classify now (with the library as corpus) and cache the result."""
        row = self.db.execute(
            "SELECT path, text, content_hash FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        path, text, digest = row[0], row[1], row[2]
        segments = engine.classify(text, engine.StoreCorpus(self.db), key=path)
        with transaction(self.db):
            # Only if the text did not change meanwhile: a stale verdict is never cached.
            self.db.execute(
                "UPDATE documents SET segments = ?, commentary_share = ? "
                "WHERE id = ? AND content_hash = ?",
                (segments_to_json(segments), commentary_share(text, segments), doc_id, digest),
            )
        return segments

    def segments(self, doc_id: int) -> list[Segment]:
        cached = self.cached(doc_id)
        return cached if cached is not None else self.classify(doc_id)

    def unclassified_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE segments IS NULL")]


def classify_stored(store: str, doc_id: int) -> None:
    """Classify one stored document and cache the verdict: the entry point of the child
    process that big documents are classified in, so the GUI's interpreter never waits on
    long regex scans that hold the GIL."""
    db = sqlite3.connect(store, timeout=30, isolation_level=None)
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        LibraryClassifier(db).classify(doc_id)
    finally:
        db.close()
