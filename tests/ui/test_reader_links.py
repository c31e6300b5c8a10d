"""reader:// links open the app at the passage: on the command line of a new window, and
handed to the running one (issue 18)."""

from __future__ import annotations

from pathlib import Path

from reader.core.notes.links import document_link, note_link
from reader.core.notes.storage import NoteStore
from reader.ui.app.handoff import HandoffReceiver

ARTICLE = ("Officials said on Monday that the bridge would reopen next week.\n\n"
           "Residents said the closure had cut the town in two for a month.\n\n"
           "Opinion: the council should have acted sooner.\n")


def _library(core, tmp_path: Path) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc_id = core.library.add_files([path]).added[0]
    start = ARTICLE.index("cut the town in two")
    note = NoteStore(core.db).highlight(doc_id, ARTICLE, start, start + 19, body="why two?")
    return doc_id, start, note.uuid


def test_a_link_on_the_command_line_lands_on_the_notes_passage(  # type: ignore[no-untyped-def]
        qtbot, core, tmp_path) -> None:
    from reader.ui.app.launch import create_window

    doc_id, start, uuid = _library(core, tmp_path)
    window = create_window(core, [note_link(uuid)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.notes.controller.doc_id == doc_id)
    assert window.reading_view.selection_offsets() == (start, start + 19)


def test_a_link_handed_to_the_running_window_lands_on_its_passage(  # type: ignore[no-untyped-def]
        qtbot, core, tmp_path) -> None:
    from reader.ui.app.launch import create_window

    doc_id, _start, _uuid = _library(core, tmp_path)
    window = create_window(core, [])
    qtbot.addWidget(window)
    window.show()
    content_hash = core.db.execute("SELECT content_hash FROM documents WHERE id = ?",
                                   (doc_id,)).fetchone()[0]
    passage = ARTICLE.index("the council should")
    receiver = HandoffReceiver(window, core, window.library_model, window.library_panel,
                               window.show_problem, window.notes.open_link)
    receiver.on_paths_received([document_link(content_hash, "", passage, passage + 18)])
    qtbot.waitUntil(lambda: window.notes.controller.doc_id == doc_id)
    assert window.reading_view.selection_offsets() == (passage, passage + 18)

    receiver.on_paths_received(["reader://note/no-such-note"])
    assert "Could not open the link: that note is not in this library" in (
        window.statusBar().currentMessage())
