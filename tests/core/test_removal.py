"""Removing documents keeps everything needed to put them back (the GUI's Ctrl+Z)."""

from __future__ import annotations

from pathlib import Path

from reader.core.library.removal import remove_documents, restore_documents
from reader.core.library.search import search_library
from reader.core.notes.storage import NoteStore

TEXT = ("The harbour board voted on Tuesday to dredge the eastern channel.\n\n"
        "Fishermen said the silt had closed two berths since spring.\n")


def _count(core, sql: str, *args: object) -> int:  # type: ignore[no-untyped-def]
    return int(core.db.execute(sql, args).fetchone()[0])


def test_removed_documents_come_back_with_notes_index_and_verdicts(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = []
    for i in range(3):
        path = tmp_path / f"harbour{i}.txt"
        path.write_text(TEXT.replace("Tuesday", f"day {i} dredgingword{i}"), encoding="utf-8")
        paths.append(path)
    ids = core.library.add_files(paths).added
    notes = NoteStore(core.db)
    text = core.library.document(ids[0]).text
    start = text.index("the eastern channel")
    note = notes.highlight(ids[0], text, start, start + 19, body="which *channel*?")
    document_note = notes.document_note(ids[1], "second")
    before = {e.id: e for e in core.library.entries()}
    shingles = _count(core, "SELECT count(*) FROM shingles WHERE doc_id IN (?, ?)", ids[0], ids[1])
    assert shingles > 0

    removed = remove_documents(core.library, [ids[0], ids[1], 999])
    assert sorted(removed.ids) == sorted(ids[:2]) and len(removed) == 2
    assert {e.id for e in core.library.entries()} == {ids[2]}
    assert notes.get(note.uuid).doc_id is None  # detached, not lost
    assert not search_library(core.db, "dredgingword0")

    assert restore_documents(core.library, removed) == {ids[0]: ids[0], ids[1]: ids[1]}
    assert {e.id: e for e in core.library.entries()} == before
    assert notes.get(note.uuid) == note and notes.get(document_note.uuid).doc_id == ids[1]
    assert _count(core, "SELECT count(*) FROM shingles WHERE doc_id IN (?, ?)",
                  ids[0], ids[1]) == shingles
    assert [h.doc_id for h in search_library(core.db, "dredgingword0") if h.doc_id] == [ids[0]]
    assert core.library.document(ids[0]).text == text


def test_restore_skips_a_path_added_again_and_moves_off_a_taken_id(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Alpha story.\n\nIt rained.\n", encoding="utf-8")
    second.write_text("Beta story.\n\nIt snowed.\n", encoding="utf-8")
    a, b = core.library.add_files([first, second]).added
    removed = remove_documents(core.library, [a, b])
    again = core.library.add_files([first]).added[0]  # re-imported meanwhile (a watcher)
    assert list(restore_documents(core.library, removed)) == [b]
    paths = {e.path: e.id for e in core.library.entries()}
    assert paths[str(first.resolve())] == again and str(second.resolve()) in paths
    assert len(paths) == 2


def test_restore_moves_off_an_id_taken_meanwhile(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = [tmp_path / f"{name}.txt" for name in ("a", "b", "c")]
    for path in paths:
        path.write_text(f"{path.stem} story.\n\nIt rained on {path.stem}.\n", encoding="utf-8")
    a, b = core.library.add_files(paths[:2]).added
    notes = NoteStore(core.db)
    note = notes.document_note(b, "on b")
    removed = remove_documents(core.library, [b])
    c = core.library.add_files(paths[2:]).added[0]
    assert c == b  # SQLite hands the freed largest id to the next document
    [back] = restore_documents(core.library, removed).values()
    assert back not in (a, c)
    assert core.library.entry(back).path == str(paths[1].resolve())
    assert notes.get(note.uuid).doc_id == back
    assert notes.for_document(c) == []
