"""Notes in a document's earlier versions: each keeps its place in every text it sat in.

A re-fetch or a changed file replaces a document's text and re-anchors its notes on the new
one (`storage.reanchor_document`). Just before, `keep_places` records where each note sat in
the text being replaced: offsets into a text that never changes again, so they stay exact
however the newer texts move the note. Viewing an earlier version places each note by that
record, else (a note made after that version was replaced) by its quote and context in that
version's text; a note whose passage is not in that text is listed apart, not guessed.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from reader.core.notes.anchoring import anchor
from reader.core.notes.storage import Note, NoteStore


class PlacedNote(NamedTuple):
    note: Note
    start: int
    end: int
    recorded: bool
    """True when the place was recorded as the version was replaced; False when it was
    found by the note's quote and context in that version's text."""


class VersionNotes(NamedTuple):
    """One version's text with the document's notes placed in it."""

    number: int
    text: str
    placed: list[PlacedNote]
    """In text order."""
    absent: list[Note]
    """Notes whose passage that version does not have (document notes are left out)."""


def keep_places(db: sqlite3.Connection, doc_id: int) -> None:
    """Record where the document's notes sit in its current text (about to be replaced):
    only notes anchored on that very text, not stale or orphaned ones."""
    db.execute(
        "INSERT OR REPLACE INTO note_version_places (note_id, content_hash, start, end)"
        " SELECT notes.id, documents.content_hash, notes.start, notes.end"
        " FROM notes JOIN documents ON documents.id = notes.doc_id"
        " WHERE notes.doc_id = ? AND notes.doc_hash = documents.content_hash"
        " AND notes.start IS NOT NULL AND notes.end IS NOT NULL AND notes.orphaned = 0",
        (doc_id,),
    )


def _version(db: sqlite3.Connection, doc_id: int, number: int) -> tuple[str, str, bool] | None:
    """(text, content hash, is current) of version `number` (1 = oldest)."""
    rows = db.execute(
        "SELECT text, content_hash FROM document_versions WHERE doc_id = ? ORDER BY id",
        (doc_id,),
    ).fetchall()
    if 1 <= number <= len(rows):
        return str(rows[number - 1][0]), str(rows[number - 1][1]), False
    if number == len(rows) + 1:
        row = db.execute(
            "SELECT text, content_hash FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return (str(row[0]), str(row[1]), True) if row else None
    return None


def notes_in_version(db: sqlite3.Connection, doc_id: int, number: int) -> VersionNotes | None:
    """Version `number` of a document with its notes placed; None for no such version."""
    found = _version(db, doc_id, number)
    if found is None:
        return None
    text, content_hash, current = found
    recorded = {
        str(row[0]): (int(row[1]), int(row[2]))
        for row in db.execute(
            "SELECT notes.uuid, note_version_places.start,"
            " note_version_places.end FROM note_version_places"
            " JOIN notes ON notes.id = note_version_places.note_id"
            " WHERE notes.doc_id = ? AND note_version_places.content_hash = ?",
            (doc_id, content_hash),
        )
    }
    notes = [n for n in NoteStore(db).for_document(doc_id) if not n.is_document_note]
    placed: list[PlacedNote] = []
    absent: list[Note] = []
    for note in notes:
        place = recorded.get(note.uuid)
        if place is not None and 0 <= place[0] < place[1] <= len(text):
            placed.append(PlacedNote(note, place[0], place[1], True))
            continue
        if current and note.anchored and note.doc_hash == content_hash:
            assert note.start is not None and note.end is not None
            placed.append(PlacedNote(note, note.start, note.end, True))
            continue
        where = anchor(text, note.selectors())
        if where is None:
            absent.append(note)
        else:
            placed.append(PlacedNote(note, where[0], where[1], False))
    placed.sort(key=lambda p: (p.start, p.end))
    return VersionNotes(number, text, placed, absent)
