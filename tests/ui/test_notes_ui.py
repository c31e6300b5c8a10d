"""The notes feature driven the way a user reaches it: keys, clicks, menus, the sidebar."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip

from reader.core.notes.storage import Note, NoteStore
from reader.ui.notes.model import NOTE_ROLE
from tests.keyboard_helpers import active_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

ARTICLE = ("Officials said on Monday that the bridge would reopen next week.\n\n"
           "Residents said the closure had cut the town in two for a month.\n\n"
           "Opinion: the council should have acted sooner.\n")


def select(window, passage: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    view = window.reading_view
    start = view.current.text.index(passage)
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(passage), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()
    return start, start + len(passage)


def store_of(window) -> NoteStore:  # type: ignore[no-untyped-def]
    return window.notes.controller.store


@pytest.fixture
def article_window(qtbot, core, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    window = active_window(qtbot, core, [str(path)])
    assert window.reading_view.current.path == str(path.resolve())
    return window


def test_highlight_type_undo_redo_delete_by_keyboard(qtbot, article_window) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    start, end = select(window, "the bridge would reopen")
    qtbot.keyClick(window.reading_view, Qt.Key.Key_N, CTRL_SHIFT)  # highlight + note
    notes = store_of(window).for_document(window.notes.controller.doc_id)
    assert len(notes) == 1 and (notes[0].start, notes[0].end) == (start, end)
    editor = window.notes_panel.editor
    assert editor.uuid == notes[0].uuid and editor.source.hasFocus()
    assert len(window.reading_view.layer("highlights")) == 1
    assert window.notes_panel.model.rowCount() == 1

    qtbot.keyClicks(editor.source, "When **exactly**?")
    assert store_of(window).get(notes[0].uuid).body == "When **exactly**?"  # saved as typed
    assert "Saved" in editor.status.text()

    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store_of(window).get(notes[0].uuid).body == ""  # the typing was one undo step
    assert editor.source.toPlainText() == ""
    qtbot.keyClick(window.reading_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store_of(window).get(notes[0].uuid) is None
    assert window.reading_view.layer("highlights") == []
    window.notes.redo()
    window.notes.redo()
    assert store_of(window).get(notes[0].uuid).body == "When **exactly**?"

    window.notes_panel.select_note(notes[0].uuid)
    window.action_table.actions["note.delete"].trigger()
    assert store_of(window).get(notes[0].uuid) is None
    assert window.notes_panel.model.rowCount() == 0
    window.action_table.actions["edit.undo"].trigger()
    assert store_of(window).get(notes[0].uuid).body == "When **exactly**?"


def test_context_menu_highlights_in_a_colour(qtbot, article_window) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    select(window, "the council should have acted sooner")
    menu = window.notes.build_context_menu(QPoint(20, 20))
    texts = [action.text() for action in menu.actions()]
    assert "&Highlight Selection" in texts and "Highlight in Colour" in texts
    colours = next(a.menu() for a in menu.actions() if a.text() == "Highlight in Colour")
    next(a for a in colours.actions() if a.text() == "Pink").trigger()
    menu.deleteLater()
    [note] = store_of(window).for_document(window.notes.controller.doc_id)
    assert note.color == "pink" and note.exact == "the council should have acted sooner"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltip
def test_card_click_scrolls_and_flashes_and_hover_shows_note(qtbot, article_window) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    start, end = select(window, "Residents said the closure")
    note = window.notes.highlight("green")
    window.notes.controller.set_body(note.uuid, "Who *are* they?")
    window.reading_view.moveCursor(QTextCursor.MoveOperation.Start)
    view = window.notes_panel.view
    index = window.notes_panel.model.index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    flash = window.reading_view.layer("current")
    assert len(flash) == 1
    assert flash[0].cursor.selectionStart() == start and flash[0].cursor.selectionEnd() == end
    qtbot.waitUntil(lambda: window.reading_view.layer("current") == [], timeout=3000)
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on a card goes there too
    assert len(window.reading_view.layer("current")) == 1
    qtbot.waitUntil(lambda: window.reading_view.layer("current") == [], timeout=3000)

    viewport = window.reading_view.viewport()
    cursor = window.reading_view.textCursor()
    cursor.setPosition(start + 3)
    pos = window.reading_view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)  # the hover as Qt delivers it
    assert "<em>are</em>" in QToolTip.text()


def test_filters_all_notes_and_model(qtbot, qtmodeltester, article_window) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    select(window, "Officials said")
    window.notes.highlight("yellow")
    select(window, "Residents said")
    note = window.notes.highlight("blue")
    window.notes.controller.set_body(note.uuid, "about the town")
    panel = window.notes_panel
    qtmodeltester.check(panel.model)
    assert panel.model.rowCount() == 2
    panel.color_filters["yellow"].click()
    assert panel.model.rowCount() == 1
    panel.color_filters["yellow"].click()
    qtbot.keyClicks(panel.filter_edit, "town")
    assert panel.model.rowCount() == 1
    panel.filter_edit.clear()
    window.library_panel.select_first()  # another document: its own (empty) notes
    assert panel.model.rowCount() == 0
    window.action_table.actions["notes.all"].trigger()
    assert panel.model.rowCount() == 2 and panel.all_button.isChecked()
    # going to a note of another document opens that document
    index = panel.model.index(1, 0)
    panel.view.activated.emit(index)
    assert window.reading_view.current.text == ARTICLE
    assert len(window.reading_view.layer("current")) == 1


def test_failed_save_keeps_text_and_blocks_close_until_saved(
    qtbot, article_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    select(window, "the bridge would reopen")
    note = window.notes.highlight("yellow", edit=True)
    editor = window.notes_panel.editor
    real = NoteStore.set_body

    def broken(self, uuid, body):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(NoteStore, "set_body", broken)
    monkeypatch.setattr(window, "show_warning_dialog", lambda message: None)
    qtbot.keyClicks(editor.source, "keep me")
    assert editor.dirty and "Not saved" in editor.status.text()
    assert editor.source.toPlainText() == "keep me"
    window.close()
    assert window.isVisible()  # refused: the note is not saved
    monkeypatch.setattr(NoteStore, "set_body", real)
    window.close()
    assert not window.isVisible()
    assert store_of(window).get(note.uuid).body == "keep me"


def test_export_and_import_through_the_menu(qtbot, article_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    select(window, "the council should")
    note = window.notes.highlight("purple")
    window.notes.controller.set_body(note.uuid, "Opinion, not news")
    target = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.action_table.actions["notes.export"].trigger()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["first"]["items"][0]["body"]["value"] == "Opinion, not news"
    md = tmp_path / "out.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(md), ""))
    window.action_table.actions["notes.export"].trigger()
    assert "> the council should" in md.read_text(encoding="utf-8")

    window.notes.controller.delete(note.uuid)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    window.action_table.actions["notes.import"].trigger()
    assert "1 added" in window.statusBar().currentMessage()
    assert store_of(window).get(note.uuid).body == "Opinion, not news"
    assert window.notes_panel.model.rowCount() == 1


def test_document_edited_on_disk_reanchors_on_open(qtbot, article_window) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    path = Path(window.reading_view.current.path)
    select(window, "the closure had cut the town")
    kept = window.notes.highlight("green")
    select(window, "the council should have acted sooner")
    lost = window.notes.highlight("pink")
    window.library_panel.select_first()
    path.write_text("Correction appended above.\n\n"
                    + ARTICLE.replace("Opinion: the council should have acted sooner.\n", ""),
                    encoding="utf-8")
    window.library_panel.select_document(window.notes.controller.store.get(kept.uuid).doc_id)
    text = window.reading_view.current.text
    assert text.startswith("Correction appended")
    moved = store_of(window).get(kept.uuid)
    assert text[moved.start : moved.end] == "the closure had cut the town"
    assert store_of(window).get(lost.uuid).orphaned
    panel = window.notes_panel
    assert panel.orphan_model.rowCount() == 1 and panel.orphan_view.isVisible()
    assert len(window.reading_view.layer("highlights")) == 1
    # re-attach the orphan to a new selection
    panel.select_note(lost.uuid)
    select(window, "Officials said on Monday")
    window.action_table.actions["note.reattach"].trigger()
    again = store_of(window).get(lost.uuid)
    assert not again.orphaned and again.exact == "Officials said on Monday"
    assert panel.orphan_model.rowCount() == 0


def test_screenshot_of_sidebar_with_notes(qtbot, article_window) -> None:  # type: ignore[no-untyped-def]
    """A picture to look at (tests/artifacts/notes_sidebar.png): cards, colours, Orphaned."""
    from tests.xvfb import ARTIFACTS

    window = article_window
    select(window, "the bridge would reopen")
    note = window.notes.highlight("yellow")
    window.notes.controller.set_body(note.uuid, "When **exactly**? See [the notice](https://example.org).")
    select(window, "the council should have acted sooner")
    window.notes.highlight("pink")
    window.notes.controller.add_document_note("Overall: a *short* local story.")
    window.resize(1280, 800)
    window.reading_view.moveCursor(QTextCursor.MoveOperation.Start)
    QApplication.processEvents()  # let the batched card layout finish before the picture
    top = window.notes_panel.view.visualRect(window.notes_panel.model.index(0, 0)).top()
    assert top <= 8  # the first card starts at the top of the list
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image = window.grab().toImage()
    assert image.save(str(ARTIFACTS / "notes_sidebar.png"))
    sidebar = window.notes_panel.view
    assert sidebar.visualRect(window.notes_panel.model.index(2, 0)).height() > 40


def test_offsets_survive_crlf_and_emoji(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Qt counts UTF-16 units and folds CRLF; notes store offsets into the file's text."""
    from reader.ui.app.launch import create_window

    path = tmp_path / "crlf.txt"
    path.write_bytes("Emoji 😀 first 🇺🇦 line\r\nThen the target words here\r\n".encode())
    window = create_window(core, [str(path)])
    qtbot.addWidget(window)
    view = window.reading_view
    shown = view.toPlainText()
    qt_start = shown.encode("utf-16-le").find("the target words".encode("utf-16-le")) // 2
    cursor = view.textCursor()
    cursor.setPosition(qt_start)
    cursor.setPosition(qt_start + len("the target words"), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    note = window.notes.highlight("blue")
    text = view.current.text
    assert note.exact == "the target words" == text[note.start : note.end]
    [painted] = view.layer("highlights")
    assert painted.cursor.selectedText() == "the target words"


def test_a_keystroke_save_is_one_write_and_listeners_read_nothing(
    qtbot, article_window
) -> None:  # type: ignore[no-untyped-def]
    """note_changed carries the note as stored: the sidebar, editor and highlights use it
    instead of reading the row that was just written."""
    window = article_window
    select(window, "the bridge would reopen")
    qtbot.keyClick(window.reading_view, Qt.Key.Key_N, CTRL_SHIFT)  # highlight + note
    editor = window.notes_panel.editor
    qtbot.keyClicks(editor.source, "a")
    assert editor.flush()
    received: list[Note] = []
    window.notes.controller.note_changed.connect(received.append)
    statements: list[str] = []
    db = window.context.core.db
    db.set_trace_callback(statements.append)
    try:
        qtbot.keyClicks(editor.source, "b")
        assert editor.flush()
    finally:
        db.set_trace_callback(None)
    assert [note.body for note in received] == ["ab"]
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    writes = [s for s in statements if s.lstrip().upper().startswith("UPDATE NOTES")]
    assert len(set(writes)) == 1, statements  # (SQLite traces it again per FTS trigger step)
    assert len(reads) == 2, statements  # the note before the edit, and as stored after it


def test_a_note_nested_250_deep_keeps_its_card_and_the_later_ones(qtbot, article_window) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 14: such a note raised RecursionError on every paint, and its card and
    every later card on the document vanished from the sidebar."""
    window = article_window
    select(window, "the bridge would reopen")
    deep = window.notes.highlight("yellow")
    window.notes.controller.set_body(deep.uuid, "\n".join("    " * i + "- x" for i in range(250)))
    select(window, "the council should have acted sooner")
    later = window.notes.highlight("pink")
    window.notes.controller.set_body(later.uuid, "Still **here**")
    window.resize(1280, 800)
    QApplication.processEvents()
    panel = window.notes_panel
    assert panel.model.rowCount() == 2
    delegate = panel.view.itemDelegate()
    painted = delegate.painted
    panel.view.viewport().grab()  # paint every visible card now
    for row in range(2):
        rect = panel.view.visualRect(panel.model.index(row, 0))
        assert rect.height() > 20, row
    assert delegate.painted >= painted + 2


def test_import_notes_of_hostile_files_says_why_and_exports_still_work(  # type: ignore[no-untyped-def]
        qtbot, article_window, tmp_path, monkeypatch) -> None:
    """Issue 21 item 9 through the menu: a broken file is a message box naming the problem;
    one bad annotation among good ones is named while the good ones import; Export Notes…
    works afterwards (item 2: an out-of-range date used to break every later export)."""
    window = article_window
    warnings: list[str] = []
    monkeypatch.setattr("reader.ui.notes.feature.warn",
                        lambda _parent, _title, text: warnings.append(text))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(deep), ""))
    window.action_table.actions["notes.import"].trigger()
    assert len(warnings) == 1 and "nested deeper" in warnings[0]

    good = {"type": "Annotation", "id": "urn:x:good", "bodyValue": "kept",
            "target": {"source": "https://e.org/", "selector": {
                "type": "TextQuoteSelector", "exact": "the bridge would reopen"}}}
    bad = {**good, "id": "urn:x:bad", "created": "0001-01-01T00:00:00+14:00"}
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([bad, good]), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(mixed), ""))
    window.action_table.actions["notes.import"].trigger()
    assert "1 skipped" in warnings[1] and "urn:x:bad" in warnings[1] and "created" in warnings[1]
    assert "1 added" in window.statusBar().currentMessage()
    placed = store_of(window).get("urn:x:good")
    assert placed is not None and not placed.orphaned  # found by its quote in this article

    target = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.action_table.actions["notes.export"].trigger()
    assert len(warnings) == 2
    assert json.loads(target.read_text(encoding="utf-8"))["total"] >= 1


def test_tags_are_edited_undone_and_filter_the_sidebar_and_all_notes(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, article_window, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = article_window
    panel = window.notes_panel
    select(window, "Officials said")
    first = window.notes.highlight("yellow")
    select(window, "Residents said")
    second = window.notes.highlight("blue")
    assert not panel.tag_filter.isVisible()  # no tags in the library yet: no menu
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: ("Bridge, to check,  bridge ", True))
    panel.edit_tags(first.uuid)
    assert store_of(window).get(first.uuid).tags == ("Bridge", "to check")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("town", True))
    panel.edit_tags(second.uuid)
    qtmodeltester.check(panel.model)
    assert [panel.tag_filter.itemText(i) for i in range(panel.tag_filter.count())] == [
        "All tags", "Bridge", "to check", "town"]
    panel.tag_filter.setCurrentText("to check")
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data(NOTE_ROLE).uuid == first.uuid
    panel.color_filters["yellow"].click()  # tag and colour filters combine
    assert panel.model.rowCount() == 0
    panel.color_filters["yellow"].click()
    # All notes keeps the tag filter, across documents
    window.library_panel.select_first()
    window.action_table.actions["notes.all"].trigger()
    assert panel.model.rowCount() == 1 and panel.tag_filter.currentText() == "to check"
    panel.tag_filter.setCurrentIndex(0)
    assert panel.model.rowCount() == 2
    # undo takes the last tag edit back
    window.notes.controller.undo()
    assert store_of(window).get(second.uuid).tags == ()
