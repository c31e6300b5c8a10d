"""What happens to a document after its text is stored: provenance index, classification,
notes re-anchored.

A thin adapter so the library does not depend on how classification and notes are built
(they are imported on first use, keeping start-up light).
"""

from __future__ import annotations

import sqlite3
from importlib import import_module
from types import ModuleType
from typing import Any


def _classifier() -> ModuleType:
    return import_module("reader.core.classify")


def _notes() -> ModuleType:
    return import_module("reader.core.notes")


def index_text(db: sqlite3.Connection, doc_id: int, text: str) -> None:
    """(Re)write the document's shingles so later imports can find it as an original."""
    _classifier().index_document(db, doc_id, text)


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


def classify_stored(db: sqlite3.Connection, doc_id: int, text: str) -> None:
    """Classify against the whole library and cache the result on the document row."""
    classify = _classifier()
    row = db.execute("SELECT path FROM documents WHERE id = ?", (doc_id,)).fetchone()
    key = row[0] if row else None
    segments: Any = classify.classify(text, classify.StoreCorpus(db), key=key)
    share = float(classify.commentary_share(text, segments))
    db.execute(
        "UPDATE documents SET segments = ?, commentary_share = ? WHERE id = ?",
        (classify.segments_to_json(segments), share, doc_id),
    )


def index_and_classify(db: sqlite3.Connection, doc_id: int, text: str) -> None:
    index_text(db, doc_id, text)
    invalidate_related(db, doc_id, text)
    classify_stored(db, doc_id, text)


def reanchor(db: sqlite3.Connection, doc_id: int, new_text: str) -> None:
    """Move the document's notes onto its changed text (or mark them orphaned)."""
    _notes().reanchor_document(db, doc_id, new_text)


def document_stored(
    db: sqlite3.Connection, doc_id: int, outcome: str, text: str, content_hash: str, path: str
) -> None:
    """Keep notes attached after a store: re-anchor on 'refreshed'; on 'added', the notes
    package may adopt notes left by a moved file (its `note_document_stored` hook)."""
    _notes().note_document_stored(db, doc_id, outcome, text, content_hash, path)
