"""Issue 19 item 4: Tab reaches every control, in reading order, and each shows focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.keyboard_helpers import active_window


def _tab_walk(qtbot, start: QWidget, presses: int) -> list[QWidget]:  # type: ignore[no-untyped-def]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(presses):
        widget = QApplication.focusWidget()
        assert widget is not None
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def test_tab_reaches_every_control_and_each_shows_focus(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    core.library.ensure_seeds()
    window = active_window(qtbot, core)
    window.library_panel.select_first()
    library, notes = window.library_panel, window.notes_panel
    editor = notes.editor
    view = window.reading_view
    view.select_offsets(0, 8)
    window.notes.highlight("yellow")  # a note is selected: the editor's controls are on
    wanted = {
        "library filter": library.filter_edit, "collection": library.collection_combo,
        "sort": library.sort_button, "library list": library.view, "reading pane": view,
        "+ Note": notes.add_button, "All notes": notes.all_button,
        "notes filter": notes.filter_edit, "notes list": notes.view,
        **{f"chip {n}": chip for n, chip in notes.color_filters.items()},
        **{f"colour {n}": button for n, button in editor.color_buttons.items()},
        "preview": editor.preview_button, "note text": editor.source,
    }
    seen = _tab_walk(qtbot, library.filter_edit, 40)
    missing = [name for name, widget in wanted.items() if widget not in seen]
    assert not missing, missing
    order = [seen.index(wanted[name]) for name in
             ("library filter", "sort", "library list", "reading pane", "+ Note", "notes filter",
              "notes list", "colour yellow", "note text")]
    assert order == sorted(order)  # reading order: library, text, sidebar, editor

    # every stop looks different with focus than without (a ring, a frame, a caret)
    for name in ("sort", "+ Note", "All notes", "chip yellow", "colour green", "collection"):
        widget = wanted[name]
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        focused = widget.grab().toImage()
        view.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert widget.grab().toImage() != focused, f"{name} shows no focus"


def test_notes_filter_has_a_key_and_escape_clears_it(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    core.library.ensure_seeds()
    window = active_window(qtbot, core)
    window.library_panel.select_first()
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    box = window.notes_panel.filter_edit
    assert box.hasFocus()
    qtbot.keyClicks(box, "zzz")
    assert window.notes_panel.model.rowCount() == 0
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "" and box.hasFocus()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert window.notes_panel.view.hasFocus()
