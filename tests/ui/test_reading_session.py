"""Issue 19: a reading session driven from the keyboard, as a new user would, with no traps
(why-this-kind after Next Commentary, tooltips that fit and go away, keys while typing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip

from tests.conftest import ORIGINAL
from tests.keyboard_helpers import active_window, window_on_republished_seed

CTRL = Qt.KeyboardModifier.ControlModifier


def _tip_text() -> str:
    """The tooltip's text as the user reads it (user text is shown through escaped HTML)."""
    document = QTextDocument()
    document.setHtml(QToolTip.text())
    return document.toPlainText()


def _tip_label():  # type: ignore[no-untyped-def]
    return next((w for w in QApplication.topLevelWidgets()
                 if w.metaObject().className() == "QTipLabel" and w.isVisible()), None)


@pytest.fixture
def republished(qtbot, core):  # type: ignore[no-untyped-def]
    return window_on_republished_seed(qtbot, core)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltip
def test_why_this_kind_after_next_commentary_explains_that_passage(qtbot, republished) -> None:  # type: ignore[no-untyped-def]
    window = republished
    view = window.reading_view
    qtbot.keyClick(view, Qt.Key.Key_C)  # Next Commentary selects the passage
    selection = view.selection_offsets()
    assert selection is not None and view.segment_at(selection[0]).kind == "commentary"
    qtbot.keyClick(view, Qt.Key.Key_I, CTRL)
    assert _tip_text().startswith("Commentary"), _tip_text()  # was "Blank space."


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_explanation_stays_over_the_text_and_goes_with_the_document(qtbot, republished) -> None:  # type: ignore[no-untyped-def]
    window = republished
    view = window.reading_view
    text = view.current.text
    body = text.index("Russia denies that it has fresh plans")
    window.setGeometry(0, 0, 790, 700)  # inside the offscreen screen (800 x 800), so Qt's
    # own move of a tip off the screen edge does not hide where the app put it
    view.go_to_offset(body)
    QApplication.processEvents()
    # the caret on the last visible line: the tip used to cover the status bar
    viewport = view.viewport()
    view.setTextCursor(view.cursorForPosition(QPoint(20, viewport.height() - 6)))
    assert view.cursorRect().bottom() > viewport.height() - 30
    qtbot.keyClick(view, Qt.Key.Key_I, CTRL)
    assert "Original:" in _tip_text()
    tip = _tip_label()
    assert tip is not None
    bottom = viewport.mapToGlobal(viewport.rect().bottomLeft()).y()
    assert tip.geometry().bottom() <= bottom, (tip.geometry(), bottom)

    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)  # to the original, at the passage
    assert Path(view.current.path).name == ORIGINAL.name
    # the copy's explanation does not stay behind (Qt hides a tip after a short fade)
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_hidden_passages_leave_no_gaps_and_are_counted(qtbot, republished) -> None:  # type: ignore[no-untyped-def]
    """Issue 19 item 6: Ctrl+2..4 hid paragraphs but kept their blank lines (a 430 px gap at
    the top of one page) and nothing said that anything was hidden."""
    window = republished
    view = window.reading_view
    legend = window.reading_pane.legend
    assert not legend.hidden_note.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_3, CTRL)  # Reporting Only
    block = view.document().begin()
    shown: list[str] = []
    while block.isValid():
        if block.isVisible():
            shown.append(block.text())
        block = block.next()
    assert shown and shown[0].strip(), "the page starts with blank lines"
    runs = "".join("b" if not text.strip() else "t" for text in shown)
    assert "bb" not in runs, "two blank lines in a row: a gap where passages were hidden"
    hidden = view.hidden_passages
    assert hidden > 0
    assert legend.hidden_note.isVisible()
    assert legend.hidden_note.text() == f"{hidden} hidden · Ctrl+1"
    assert legend.hidden_note.toolTip().startswith(f"{hidden} passages hidden")
    QApplication.processEvents()
    assert legend.hidden_note.width() >= legend.hidden_note.sizeHint().width()  # not cut
    qtbot.keyClick(view, Qt.Key.Key_1, CTRL)
    assert not legend.hidden_note.isVisible()


def test_highlight_and_note_without_a_selection_types_into_the_note(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 19 item 9: Ctrl+Shift+N with nothing selected left focus in the text, so the
    note typed next ran as commands ("h" of "watched" made a highlight)."""
    path = tmp_path / "dam.txt"
    path.write_text("Dam opens\n\nThe river authority opened the dam on Sunday.\n\n"
                    "Farmers watched the water rise.\n", encoding="utf-8")
    window = active_window(qtbot, core, [str(path)])
    view = window.reading_view
    view.setFocus()
    view.go_to_offset(view.current.text.index("river"))
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    editor = window.notes_panel.editor
    assert editor.source.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "watched closely")
    notes = window.notes.controller.store.for_document(window.notes.controller.doc_id)
    assert len(notes) == 1, [n.exact for n in notes]
    assert notes[0].exact == "The river authority opened the dam on Sunday."
    assert notes[0].body == "watched closely"
