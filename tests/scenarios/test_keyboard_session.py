"""A whole reading session from key events only, on the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import REPUBLISHED
from tests.keyboard_helpers import active_window, paragraph_segments

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """Send a key to whatever has focus, like a user would."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    qtbot.keyClick(target, key, modifier)


def test_reading_session_by_keyboard_only(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    view = window.reading_view
    library = window.library_panel.view

    # the library has focus on start; Down opens the second document
    assert library.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert Path(view.current.path).name == REPUBLISHED.name

    # the classifier is another feature: give the pane hand-made segments (commentary =
    # the paragraphs the republisher marked "Comment:")
    marked = {
        i
        for i, p in enumerate(view.current.paragraphs)
        if view.current.text[p.start : p.end].startswith("Comment:")
    }
    assert marked
    view.segments = paragraph_segments(view.current, marked)

    # to the reading pane, and on to the next commentary passage
    press(qtbot, Qt.Key.Key_2, ALT)
    assert view.hasFocus()
    press(qtbot, Qt.Key.Key_C)
    first = view.current.paragraphs[min(marked)]
    cursor = view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (first.start, first.end)
    assert "Commentary" in window.position_label.text()
    assert "Commentary" in view.accessibleDescription()

    # highlight it
    with qtbot.waitSignal(window.navigator.highlight_requested) as highlighted:
        press(qtbot, Qt.Key.Key_H)
    assert highlighted.args == [first.start, first.end]

    # j moves on by paragraph, k back
    press(qtbot, Qt.Key.Key_J)
    after = view.current.paragraphs[min(marked) + 1]
    assert view.textCursor().position() == after.start
    press(qtbot, Qt.Key.Key_K)
    assert view.textCursor().position() == first.start

    # the notes pane is reachable (writing the note is the notes feature's)
    press(qtbot, Qt.Key.Key_3, ALT)
    assert window.panes.current() == 2
    press(qtbot, Qt.Key.Key_F6)
    assert window.panes.current() == 0
    press(qtbot, Qt.Key.Key_2, ALT)

    # find a word: all matches counted, Enter steps, Escape closes back to the text
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert window.find_bar.edit.hasFocus()
    with qtbot.waitSignal(window.find_bar.matches_changed) as found:
        qtbot.keyClicks(window.find_bar.edit, "nato")
    total = found.args[0]
    expected = view.current.text.lower().count("nato")
    assert total == expected > 3
    label = window.find_bar.count_label.text()
    index = int(label.split(" of ")[0])
    press(qtbot, Qt.Key.Key_Return)
    assert window.find_bar.count_label.text() == f"{index % total + 1} of {total}"
    press(qtbot, Qt.Key.Key_Return, SHIFT)
    assert window.find_bar.count_label.text() == f"{index} of {total}"
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert view.hasFocus()
    assert view.textCursor().selectedText().lower() == "nato"
    assert view.layer("find") == []

    # search the library and open a hit with Enter: the caret lands on the match
    press(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = window.search_dialog
    qtbot.waitUntil(lambda: dialog.edit.hasFocus())
    with qtbot.waitSignal(dialog.results_changed) as results:
        qtbot.keyClicks(dialog.edit, "Crimean")
    assert results.args[0] >= 2
    press(qtbot, Qt.Key.Key_Down)
    chosen = dialog.model.hits[dialog.results.currentIndex().row()]
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert view.current.path == chosen.path
    assert view.textCursor().selectedText() == "Crimean"
    qtbot.waitUntil(view.hasFocus)

    # ? opens the shortcut sheet, generated from the table
    press(qtbot, Qt.Key.Key_Question)
    sheet = window.shortcut_sheet
    assert sheet is not None and sheet.isVisible()
    assert sheet.proxy.rowCount() == len(window.action_table.actions)
    qtbot.waitUntil(sheet.isActiveWindow)
    press(qtbot, Qt.Key.Key_Escape)
    assert not sheet.isVisible()


def test_tab_leaves_the_reading_pane(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    window.reading_view.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert not window.reading_view.hasFocus()
    assert window.panes.current() == 2  # the notes pane comes next in reading order


def test_typing_in_the_library_filters_it(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "zebra.txt"
    other.write_text("Zebras of the Serengeti\n\nStriped horses graze.\n", encoding="utf-8")
    window = active_window(qtbot, core, [str(other)])
    panel = window.library_panel
    panel.view.setFocus()
    assert panel.proxy.rowCount() == 3
    qtbot.keyClicks(panel.view, "zeb")
    assert panel.filter_edit.text() == "zeb"
    assert panel.proxy.rowCount() == 1
    press(qtbot, Qt.Key.Key_Down)
    assert panel.view.hasFocus()
    assert window.reading_view.current.title.startswith("Zebras")
    press(qtbot, Qt.Key.Key_Z)
    press(qtbot, Qt.Key.Key_Escape)
    assert panel.filter_edit.text() == ""
    assert panel.view.hasFocus()
    press(qtbot, Qt.Key.Key_End)
    assert panel.view.currentIndex().row() == 2
    press(qtbot, Qt.Key.Key_Home)
    assert panel.view.currentIndex().row() == 0
