"""Issue 19 item 1: nothing destructive without a way back. Driven by keys, as a user does:
Ctrl+PgDown moves one selection that follows the open document; Delete of several asks;
Ctrl+Z brings removed documents back with their notes and the document that was open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.keyboard_helpers import active_window

CTRL = Qt.KeyboardModifier.ControlModifier


def _window(qtbot, core, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "stories"
    folder.mkdir()
    for n in range(4):
        (folder / f"story{n}.txt").write_text(
            f"Story {n} about the ferry\n\nThe ferry ran late on day {n}, officials said.\n",
            encoding="utf-8")
    core.library.ensure_seeds()
    core.library.add_files([folder])
    window = active_window(qtbot, core)
    window.library_panel.select_first()
    return window


def _selected(window) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(i.row() for i in window.library_panel.view.selectionModel().selectedRows())


def _open_id(window) -> int:  # type: ignore[no-untyped-def]
    return window.context.core.library.id_for_path(window.reading_view.current.path)


def test_next_document_moves_one_selection_with_the_open_document(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, core, tmp_path)
    view = window.library_panel.view
    view.setFocus()
    for expected in (1, 2, 3):
        qtbot.keyClick(view, Qt.Key.Key_PageDown, CTRL)
        assert _selected(window) == [expected]
        assert window.library_panel.current_id() == _open_id(window)
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_PageUp, CTRL)
    assert _selected(window) == [2]
    qtbot.keyClick(window.reading_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _selected(window) == [3]
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # one document: no question, one removed
    assert window.library_panel.proxy.rowCount() == 5
    assert window.findChild(QMessageBox, "remove_confirm") is None


def test_delete_of_several_asks_and_ctrl_z_restores_notes_and_place(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, core, tmp_path)
    panel, view = window.library_panel, window.library_panel.view
    library = window.context.core.library
    panel.select_row(4)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(window) == [2, 3, 4]
    opened = _open_id(window)
    text = window.reading_view.current.text
    start = text.index("officials said")
    note = window.notes.controller.store.highlight(opened, text, start, start + 14,
                                                   body="who *exactly*?")
    chosen = panel.selected_ids()
    before = panel.proxy.rowCount()

    qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = window.findChild(QMessageBox, "remove_confirm")
    assert box is not None and box.isVisible() and "3 documents" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # the default answer keeps everything
    qtbot.waitUntil(lambda: window.library_feature.confirm_box is None)
    assert panel.proxy.rowCount() == before and all(library.entry(i) for i in chosen)

    with qtbot.waitActive(window):  # the offscreen platform does not hand activation back
        window.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = window.library_feature.confirm_box
    remove = next(b for b in box.buttons() if b.text() == "&Remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    with qtbot.waitActive(window):
        window.activateWindow()
    view.setFocus()
    assert panel.proxy.rowCount() == before - 3
    assert all(library.entry(i) is None for i in chosen)
    assert "Ctrl+Z to undo" in window.statusBar().currentMessage()
    assert window.notes.controller.store.get(note.uuid).doc_id is None

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert panel.proxy.rowCount() == before
    assert all(library.entry(i) for i in chosen)
    assert window.notes.controller.store.get(note.uuid).doc_id == opened
    assert _open_id(window) == opened and panel.current_id() == opened
    assert _selected(window) == [panel.proxy.mapFromSource(
        panel.model.index(panel.model.row_of(opened), 0)).row()]
    assert window.notes_panel.model.rowCount() == 1  # its note is back in the sidebar

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert all(library.entry(i) is None for i in chosen)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert all(library.entry(i) for i in chosen)
