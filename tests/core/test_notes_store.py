from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.context import open_context
from reader.core.notes.storage import NoteStore, reanchor_document, stale_documents
from reader.core.store.database import StoreError, open_store

ARTICLE = (
    "Officials said on Monday that the bridge would reopen next week.\n\n"
    "Residents said the closure had cut the town in two for a month.\n\n"
    "An engineer said the repairs cost more than expected, without giving a figure.\n\n"
    "Opinion: the council should have acted sooner.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _highlight(store: NoteStore, doc_id: int, text: str, passage: str, **kw):  # type: ignore[no-untyped-def]
    start = text.index(passage)
    return store.highlight(doc_id, text, start, start + len(passage), **kw)


def test_crud_and_reading_order(core, article: Path) -> None:  # type: ignore[no-untyped-def]
    doc_id = core.library.add_files([article]).added[0]
    store = NoteStore(core.db)
    late = _highlight(store, doc_id, ARTICLE, "the council should", color="pink")
    early = _highlight(store, doc_id, ARTICLE, "the bridge would reopen", body="*when?*")
    general = store.document_note(doc_id, "General")
    assert [n.uuid for n in store.for_document(doc_id)] == [general.uuid, early.uuid, late.uuid]
    assert general.is_document_note and not early.is_document_note
    edited = store.set_body(early.uuid, "**when exactly?**")
    assert edited.body == "**when exactly?**" and edited.updated >= early.updated
    assert store.recolor(late.uuid, "green").color == "green"
    removed = store.delete(late.uuid)
    assert store.get(late.uuid) is None
    store.insert(removed)  # undo
    assert store.get(late.uuid) == removed
    with pytest.raises(ValueError):
        store.highlight(doc_id, ARTICLE, 5, 5)


def test_editing_the_file_reanchors_or_orphans_every_note(core, article: Path) -> None:  # type: ignore[no-untyped-def]
    doc_id = core.library.add_files([article]).added[0]
    store = NoteStore(core.db)
    same = _highlight(store, doc_id, ARTICLE, "the closure had cut the town in two")
    edited = _highlight(store, doc_id, ARTICLE, "the repairs cost more than expected")
    gone = _highlight(store, doc_id, ARTICLE, "the council should have acted sooner")
    general = store.document_note(doc_id, "about it all")

    new_text = ("UPDATED: this story has been corrected.\n\n"
                + ARTICLE.replace("repairs cost more", "repairs had cost far more")
                .replace("Opinion: the council should have acted sooner.\n", ""))
    article.write_text(new_text, encoding="utf-8")
    result = core.library.add_files([article])  # like `reader add` or the folder watcher
    assert result.refreshed == [doc_id]

    notes = {n.uuid: n for n in store.for_document(doc_id)}
    assert len(notes) == 4  # nothing dropped
    moved = notes[same.uuid]
    assert not moved.orphaned
    assert new_text[moved.start : moved.end] == "the closure had cut the town in two"
    fuzzy = notes[edited.uuid]
    assert not fuzzy.orphaned
    assert new_text[fuzzy.start : fuzzy.end] == fuzzy.exact
    assert "had cost far more than expected" in fuzzy.exact
    assert notes[gone.uuid].orphaned
    assert notes[gone.uuid].exact == "the council should have acted sooner"
    assert notes[general.uuid].body == "about it all"
    assert stale_documents(core.db) == []

    # the passage comes back: the orphan finds its place again
    article.write_text(ARTICLE, encoding="utf-8")
    core.library.add_files([article])
    back = store.get(gone.uuid)
    assert back is not None and not back.orphaned
    assert ARTICLE[back.start : back.end] == "the council should have acted sooner"


def test_moved_file_keeps_its_notes(core, article: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc_id = core.library.add_files([article]).added[0]
    store = NoteStore(core.db)
    note = _highlight(store, doc_id, ARTICLE, "the bridge would reopen")
    moved = tmp_path / "moved" / "bridge.txt"
    moved.parent.mkdir()
    shutil.move(article, moved)
    new_id = core.library.add_files([moved]).added[0]
    assert new_id != doc_id
    adopted = store.get(note.uuid)
    assert adopted is not None and adopted.doc_id == new_id
    assert adopted.doc_path == str(moved.resolve())


def test_reanchor_is_one_transaction(core, article: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc_id = core.library.add_files([article]).added[0]
    store = NoteStore(core.db)
    for passage in ("Officials said", "Residents said", "An engineer said"):
        _highlight(store, doc_id, ARTICLE, passage)
    before = [(n.start, n.end) for n in store.for_document(doc_id)]
    import reader.core.notes.storage as notes_module

    calls = {"n": 0}
    real = notes_module.reanchor_note

    def failing(note, text):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk gone")
        return real(note, text)

    monkeypatch.setattr(notes_module, "reanchor_note", failing)
    with pytest.raises(RuntimeError):
        reanchor_document(core.db, doc_id, "xx " + ARTICLE)
    assert [(n.start, n.end) for n in store.for_document(doc_id)] == before


def test_locked_store_gets_a_clear_message(data_dir: Path) -> None:
    context = open_context(data_dir)
    path = context.opened.path
    context.close()
    blocker = sqlite3.connect(path)
    blocker.execute("PRAGMA journal_mode = DELETE")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        import reader.core.store.database as store_module

        original = store_module._connect

        def quick(path, readonly=False):  # type: ignore[no-untyped-def]
            db = original(path, readonly)
            db.execute("PRAGMA busy_timeout = 50")
            return db

        store_module._connect = quick
        try:
            with pytest.raises(StoreError, match="locked"):
                open_store(path)
        finally:
            store_module._connect = original
    finally:
        blocker.rollback()
        blocker.close()
    assert path.exists()


def test_damaged_store_with_notes_is_kept_aside(data_dir: Path, article: Path) -> None:
    context = open_context(data_dir)
    doc_id = context.library.add_files([article]).added[0]
    NoteStore(context.db).document_note(doc_id, "precious")
    path = context.opened.path
    context.close()
    data = bytearray(path.read_bytes())
    data[100:4000] = b"\xff" * 3900  # trash the header and first pages
    path.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    again = open_context(data_dir)
    assert again.opened.recovered_from is not None
    assert again.opened.recovered_from.read_bytes() == bytes(data)
    assert NoteStore(again.db).count() == 0
    again.close()
