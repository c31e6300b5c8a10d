"""Notes out and in: Markdown for reading, W3C Web Annotation JSON for round trips.

Export as W3C lives in `w3c`; every annotation coming in is validated by `incoming` first.
Import merges by annotation id: never a duplicate, and two imports of one file at once
cannot both insert (each batch is one write transaction that re-reads before it inserts).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.core.library.search import fts_query, query_words
from reader.core.notes.incoming import ImportFormatError, Incoming, parse
from reader.core.notes.markdown_export import export_markdown, export_markdown_files
from reader.core.notes.storage import Note, NoteStore, reanchor_note
from reader.core.notes.w3c import CSS, DocInfo, document_infos, dumps, to_collection
from reader.core.store.database import StoreError, transaction

__all__ = ["CSS", "DocInfo", "ImportFormatError", "ImportResult", "document_infos", "dumps",
           "export_markdown", "export_markdown_files", "import_annotations", "to_collection",
           "write_atomically", "write_folder"]
BATCH = 200
"""Annotations stored per write transaction (short enough not to hold up the GUI)."""


# -- import --------------------------------------------------------------------------------


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    skipped: list[str] = field(default_factory=list)
    format: str = ""


def _find_document(db: sqlite3.Connection, item: Incoming) -> tuple[int, str] | None:
    """Match by source path (or URL) first, then by content hash, then by the quote across
    the library; returns (id, text)."""
    for path in dict.fromkeys(p for p in (item.path, item.source) if p):
        row = db.execute("SELECT id, text FROM documents WHERE path = ?", (path,)).fetchone()
        if row:
            return int(row[0]), str(row[1])
    if item.content_hash:
        row = db.execute("SELECT id, text FROM documents WHERE content_hash = ? ORDER BY id",
                         (item.content_hash,)).fetchone()
        if row:
            return int(row[0]), str(row[1])
    return _find_by_quote(db, item) if item.exact.strip() else None


def _find_by_quote(db: sqlite3.Connection, item: Incoming) -> tuple[int, str] | None:
    """The document holding the quote verbatim (its context breaking ties, then the oldest):
    full-text search narrows the library to a few candidates first."""
    words = query_words(item.exact)
    if len(words) >= 3:  # a quote may start or end inside a word: search its inner words
        words = words[1:-1]
    match = fts_query(" ".join(words[:16]), prefix_last=len(words) < 3)
    if not match:
        return None
    rows = db.execute(
        "SELECT documents.id, documents.text FROM documents_fts"
        " JOIN documents ON documents.id = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY documents.id LIMIT 50", (match,))
    best: tuple[int, int, str] | None = None
    for doc_id, text in rows:
        if item.exact not in text:
            continue
        score = (item.prefix + item.exact in text) + (item.exact + item.suffix in text)
        if best is None or score > best[0]:
            best = (score, int(doc_id), str(text))
    return (best[1], best[2]) if best else None


def _note(db: sqlite3.Connection, item: Incoming, fallback_time: float) -> Note:
    """The incoming annotation as a note placed in its document (or orphaned)."""
    created = item.created if item.created is not None else (
        item.modified if item.modified is not None else fallback_time)
    note = Note(
        uuid=item.uuid, doc_id=None, doc_hash=item.content_hash,
        doc_path=item.path or item.source, exact=item.exact, prefix=item.prefix,
        suffix=item.suffix, start=item.start, end=item.end, color=item.color,
        body=item.body, created=created,
        updated=item.modified if item.modified is not None else created,
        tags=item.tags, extra=json.dumps(item.extra, ensure_ascii=False) if item.extra else "",
    )
    found = _find_document(db, item)
    if found is None:
        return replace(note, orphaned=not note.is_document_note)
    doc_id, text = found
    if not note.exact and note.start is not None and note.end is not None:
        if note.end > len(text) or note.start == note.end:
            return replace(note, doc_id=doc_id, orphaned=True)
        note = replace(note, exact=text[note.start:note.end])
    placed = reanchor_note(replace(note, doc_id=doc_id), text)
    row = db.execute("SELECT path, content_hash FROM documents WHERE id = ?",
                     (doc_id,)).fetchone()
    return replace(placed, doc_path=row[0], doc_hash=row[1])


def _merge(store: NoteStore, placed: Note, result: ImportResult) -> None:
    existing = store.get(placed.uuid)
    if existing is None:
        store.insert(placed)
        result.added += 1
    elif placed.updated > existing.updated and (
        (placed.body, placed.color, placed.exact, placed.tags)
        != (existing.body, existing.color, existing.exact, existing.tags)
    ):
        store.update(placed.uuid, touch=False, body=placed.body, color=placed.color,
                     exact=placed.exact, prefix=placed.prefix, suffix=placed.suffix,
                     start=placed.start, end=placed.end, orphaned=placed.orphaned,
                     updated=placed.updated, tags=placed.tags, extra=placed.extra)
        result.updated += 1
    else:
        result.unchanged += 1
        return
    if placed.orphaned:
        result.orphaned += 1


def _not_newer(store: NoteStore, item: Incoming) -> bool:
    """Already stored, and the incoming copy is dated no later than the stored one."""
    stamp = item.modified if item.modified is not None else item.created
    if stamp is None:
        return False
    existing = store.get(item.uuid)
    return existing is not None and stamp <= existing.updated


def import_annotations(db: sqlite3.Connection, data: Any) -> ImportResult:
    """Merge annotations into the store: new ids added, newer edits applied, no duplicates.

    `data` is parsed JSON (see `incoming.load_json`) in any format `incoming` reads. Each
    note is re-anchored in its document's current text; one it cannot place (or whose
    document is not in the library) is kept as orphaned. Raises ImportFormatError when the
    input holds no annotations to read; a bad annotation is skipped and named in `skipped`.
    """
    parsed = parse(data)
    result = ImportResult(skipped=list(parsed.problems), format=parsed.format)
    fallback = parsed.generated if parsed.generated is not None else time.time()
    store = NoteStore(db)
    try:
        for first in range(0, len(parsed.items), BATCH):
            with transaction(db):
                for item in parsed.items[first:first + BATCH]:
                    if _not_newer(store, item):
                        result.unchanged += 1  # known, and not edited since: no re-anchoring
                        continue
                    _merge(store, _note(db, item, fallback), result)
    except sqlite3.Error as error:
        done = result.added + result.updated
        raise StoreError(f"the notes could not be stored ({error}); {done} were stored"
                         " before it stopped, the rest were not") from error
    return result


def write_atomically(path: Path, text: str) -> None:
    """Temp file, fsync, rename: a crash never leaves half an export."""
    path = path.resolve()
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_folder(folder: Path, files: dict[str, str]) -> int:
    """Write each file into `folder` (made if missing) atomically; a file whose text has
    not changed is left alone, so a synced vault sees only real changes. Returns how many
    were written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, text in files.items():
        path = folder / name
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        write_atomically(path, text)
        written += 1
    return written
