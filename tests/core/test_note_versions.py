"""Notes keep their place in a document's earlier versions (issue 16): the place recorded as
a version is replaced, else the note's quote and context in that version's text."""

from __future__ import annotations

from pathlib import Path

from reader.core.notes.storage import NoteStore
from reader.core.notes.versions import notes_in_version
from reader.core.store.database import _NOTE_VERSION_PLACES, SCHEMA_VERSION, open_store
from tests.stores import add_one_document, store_before

FIRST = (
    "Bridge vote\n\nThe council met on Tuesday and voted, after a long debate, to repair the "
    "old bridge.\n\nThe mayor said the repair would take a year and cost the town dearly.\n"
)
SECOND = (
    "Bridge vote\n\nUpdate: the vote was close, and a recount was asked for.\n\n"
    "The council met on Tuesday and voted, after a long debate, to replace the old bridge "
    "outright.\n\nThe mayor said the work would take two years and cost the town dearly.\n"
)
THIRD = "Bridge vote\n\nCorrection: an earlier text gave the wrong day.\n\n" + SECOND[13:]


def _mark(notes: NoteStore, doc_id: int, text: str, quote: str, body: str) -> str:
    start = text.index(quote)
    return notes.highlight(doc_id, text, start, start + len(quote), body=body).uuid


def _places(core, doc_id: int, number: int) -> dict[str, tuple[str, bool]]:  # type: ignore[no-untyped-def]
    version = notes_in_version(core.db, doc_id, number)
    assert version is not None
    return {p.note.body: (version.text[p.start : p.end], p.recorded) for p in version.placed}


def test_notes_keep_their_place_in_every_earlier_version(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.txt"
    path.write_text(FIRST, encoding="utf-8")
    library, notes = core.library, NoteStore(core.db)
    doc_id = library.add_files([path]).added[0]
    _mark(notes, doc_id, FIRST, "after a long debate", "debate")
    _mark(notes, doc_id, FIRST, "repair would take a year", "repair")

    path.write_text(SECOND, encoding="utf-8")
    assert library.add_files([path]).refreshed == [doc_id]
    second = library.document(doc_id).text
    _mark(notes, doc_id, second, "a recount was asked for", "recount")
    _mark(notes, doc_id, second, "cost the town dearly", "cost")

    path.write_text(THIRD, encoding="utf-8")
    assert library.add_files([path]).refreshed == [doc_id]

    # Version 1: the places the notes had in it, though later texts moved or reworded them.
    one = _places(core, doc_id, 1)
    assert one["debate"] == ("after a long debate", True)
    assert one["repair"] == ("repair would take a year", True)
    # A note made later finds its passage by quote and context; one whose passage the old
    # text lacks is listed apart, not put somewhere.
    assert one["cost"] == ("cost the town dearly", False)
    version_one = notes_in_version(core.db, doc_id, 1)
    assert version_one is not None and version_one.text == FIRST
    assert [n.body for n in version_one.absent] == ["recount"]
    assert [p.start for p in version_one.placed] == sorted(p.start for p in version_one.placed)

    two = _places(core, doc_id, 2)
    assert two["recount"] == ("a recount was asked for", True)
    assert two["debate"] == ("after a long debate", True)
    assert two["cost"] == ("cost the town dearly", True)

    current = _places(core, doc_id, 3)
    assert current["debate"] == ("after a long debate", True)
    assert current["recount"] == ("a recount was asked for", True)
    assert notes_in_version(core.db, doc_id, 4) is None

    # A deleted note leaves no place behind.
    debate = next(n for n in notes.for_document(doc_id) if n.body == "debate")
    notes.delete(debate.uuid)
    assert "debate" not in _places(core, doc_id, 1)
    kept = core.db.execute(
        "SELECT notes.body FROM note_version_places JOIN notes ON notes.id = note_id"
    ).fetchall()
    assert "debate" not in {row[0] for row in kept} and len(kept) >= 3


def test_migration_adds_the_places_table_to_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = store_before(path, _NOTE_VERSION_PLACES)
    add_one_document(old, 5)
    old.commit()
    old.close()
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM note_version_places").fetchone()[0] == 0
    assert db.execute("SELECT text FROM documents").fetchone()[0] == "one two."
