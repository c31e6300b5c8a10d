"""Issue 19 items 11-12: labels, tooltips and feedback a desktop reader is judged by, each
reached the way a user reaches it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip

from reader.core.store.paths import settings_path
from tests.keyboard_helpers import active_window, window_on_republished_seed

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, core):  # type: ignore[no-untyped-def]
    return window_on_republished_seed(qtbot, core)


def test_the_text_menu_offers_why_and_the_original(window) -> None:  # type: ignore[no-untyped-def]
    menu = window.notes.build_context_menu(QPoint(20, 20))
    texts = [action.text().replace("&", "") for action in menu.actions()]
    assert "Why This Kind?" in texts and "Open Original at Passage" in texts
    menu.deleteLater()


def test_deleting_a_note_says_how_to_undo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.reading_view
    view.select_offsets(0, 10)
    note = window.notes.highlight("blue")
    window.notes_panel.select_note(note.uuid)
    window.notes_panel.view.setFocus()
    qtbot.keyClick(window.notes_panel.view, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert window.notes.controller.get(note.uuid) is None
    assert window.statusBar().currentMessage() == "Note deleted \u2014 Ctrl+Z to undo."


def test_next_theme_changes_what_is_seen_at_the_first_press(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    look = window.appearance
    look.set_theme("system")
    before = look.effective
    qtbot.keyClick(window.reading_view, Qt.Key.Key_T, CTRL_SHIFT)
    assert look.effective != before  # from system (light here) straight to a new look
    assert window.statusBar().currentMessage().startswith("Theme: ")


def test_wider_lines_at_the_limit_say_so(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.reading_view
    for _ in range(20):
        qtbot.keyClick(view, Qt.Key.Key_BracketRight, CTRL)
    assert "the limit" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_BracketLeft, CTRL)
    assert "Lines of up to" in window.statusBar().currentMessage()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_margin_labels_have_tooltips(window) -> None:  # type: ignore[no-untyped-def]
    view = window.reading_view
    offset = view.current.text.index("Comment: Crimea voted")
    view.go_to_offset(offset)
    QApplication.processEvents()
    y = view.cursorRect().center().y()
    gutter = view.gutter
    pos = QPoint(gutter.width() - 6, y)
    QApplication.sendEvent(gutter, QHelpEvent(QEvent.Type.ToolTip, pos, gutter.mapToGlobal(pos)))
    assert QToolTip.text().startswith("Commentary: "), QToolTip.text()


def test_library_headings_are_not_cut(window) -> None:  # type: ignore[no-untyped-def]
    header = window.library_panel.view.horizontalHeader()
    model = window.library_panel.model
    for column in range(1, model.columnCount()):
        if header.isSectionHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        # the heading's text, its padding (6 px a side) and the sort arrow (~16 px)
        need = header.fontMetrics().horizontalAdvance(title) + 12 + 16
        assert header.sectionSize(column) >= need, (title, header.sectionSize(column), need)


def test_search_says_a_full_page_is_a_cap(qtbot, core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):
        (folder / f"s{n}.txt").write_text(f"Lighthouse {n}\n\nThe lighthouse keeper {n}.\n",
                                          encoding="utf-8")
    core.library.add_files([folder])
    window = active_window(qtbot, core)
    window.open_search()
    dialog = window.search_dialog
    qtbot.keyClicks(dialog.edit, "lighthouse")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("The best 50 results"), timeout=10000)


def test_export_remembers_its_folder(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    target = tmp_path / "exports"
    target.mkdir()

    def save(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(start)
        return (str(target / "mine.md"), "") if target.is_dir() else ("", "")  # else: Cancel

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    window.action_table.actions["notes.export"].trigger()
    window.action_table.actions["notes.export"].trigger()
    assert asked[0] == "notes.md" and asked[1] == str(target / "notes.md")
    # ... and across sessions: a new window on the same data dir starts there too
    window.close()
    again = active_window(qtbot, window.context.core)
    again.action_table.actions["notes.export"].trigger()
    assert asked[2] == str(target / "notes.md")
    again.context.settings.sync()
    assert str(target) in settings_path(window.context.core.data_dir).read_text("utf-8")
    target.rename(tmp_path / "moved")  # a folder that is gone is not offered
    again.action_table.actions["notes.export"].trigger()
    assert asked[3] == "notes.md"


def test_panes_keep_their_width_and_the_window_fits_its_screen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The legend's and status bar's labels held the window at 1,270 px or more, and a note
    card's editor pushed the sidebar past the window's edge, moving the library pane."""
    window.resize(1280, 800)
    QApplication.processEvents()
    before = window.splitter.sizes()
    view = window.reading_view
    view.select_offsets(0, 30)
    window.notes.highlight("yellow", edit=True)
    window.statusBar().showMessage("x" * 400)
    view.go_to_offset(view.current.text.index("Comment: Crimea voted"))
    QApplication.processEvents()
    assert window.splitter.sizes()[0] == before[0]
    assert window.minimumSizeHint().width() <= 1200, window.minimumSizeHint().width()
    notes = window.notes_panel
    assert notes.minimumSizeHint().width() <= window.splitter.sizes()[2]


def test_shortcut_sheet_filters_as_typed_and_escape_only_cancels(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    qtbot.keyClick(window.library_panel.view, Qt.Key.Key_F1)
    sheet = window.shortcut_sheet
    qtbot.waitUntil(sheet.isActiveWindow)
    qtbot.keyClicks(sheet.view, "theme")  # typed in the table: it filters
    assert sheet.filter_edit.text() == "theme"
    assert 0 < sheet.proxy.rowCount() < 10
    qtbot.keyClick(sheet.filter_edit, Qt.Key.Key_Down)
    assert sheet.view.hasFocus()
    qtbot.keyClick(sheet.view, Qt.Key.Key_Return)  # capture keys for the row
    assert sheet.key_edit.hasFocus()
    qtbot.keyClick(sheet.key_edit, Qt.Key.Key_Escape)
    assert sheet.isVisible() and sheet.view.hasFocus()  # Escape cancelled, kept the sheet
    sheet.select("reading.paragraph_previous")
    qtbot.keyClick(sheet.view, Qt.Key.Key_Return)
    qtbot.keyClick(sheet.key_edit, Qt.Key.Key_J)  # Next Paragraph's key: a conflict
    qtbot.waitUntil(lambda: "already used" in sheet.message.text())
    sheet.close()
    window.open_shortcut_sheet()
    assert sheet.message.text() == ""  # not last time's conflict
    help_column = sheet.view.horizontalHeader().sectionSize(3)
    longest = max(sheet.proxy.index(r, 3).data() for r in range(sheet.proxy.rowCount()))
    assert sheet.view.wordWrap() or sheet.fontMetrics().horizontalAdvance(longest) <= help_column


def test_italic_titles_are_explained(window) -> None:  # type: ignore[no-untyped-def]
    combo = window.library_panel.collection_combo
    assert "italics" in combo.toolTip()
    assert any("italics" in combo.itemText(i) for i in range(combo.count()))


def test_all_notes_with_a_long_count_keeps_the_panes_widths(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    """The pressed All Notes button and a count such as "11 of 50,000" held the sidebar
    46 px wider than the splitter gave it, narrowing the reading pane."""
    window = active_window(qtbot, core)
    window.resize(1280, 800)
    QApplication.processEvents()
    before = window.splitter.sizes()
    panel = window.notes_panel
    panel.all_button.click()
    panel.count_label.setText("11 of 50,000")
    QApplication.processEvents()
    assert window.splitter.sizes() == before
    label = panel.count_label  # drawn whole, or cut with "…" to the room it has
    assert label.fontMetrics().horizontalAdvance(label.shown_text()) <= label.contentsRect().width()

