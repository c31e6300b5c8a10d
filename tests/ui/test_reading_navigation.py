"""Reading-pane keys against hand-made segments and note spans (the interface the
classifier and notes features fill in)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.classify import Segment
from reader.core.text.document import document_from_text
from reader.ui.reading.navigation import merge_passages, next_span
from tests.keyboard_helpers import active_window, paragraph_segments

TEXT = "".join(f"Paragraph number {i} of the test article, with some words.\n\n" for i in range(60))


def _window(qtbot, core):  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    document = document_from_text(TEXT, "/tmp/nav.txt")
    window.reading_view.show_document(document)
    window.navigator.reset()
    window.reading_view.setFocus()
    return window, document


def test_merge_and_next_span() -> None:
    text = "aaa\n\nbbb\n\nccc ddd"
    segments = [
        Segment(0, 3, "commentary", ""),
        Segment(5, 8, "commentary", ""),
        Segment(10, 13, "reporting", ""),
        Segment(14, 17, "commentary", ""),
    ]
    spans = merge_passages(segments, "commentary", text)
    assert spans == [(0, 8), (14, 17)]
    assert next_span(spans, 0, 1) == (14, 17)
    assert next_span(spans, 14, -1) == (0, 8)
    assert next_span(spans, 0, -1) is None


def test_paragraph_keys_j_k_and_ctrl_arrows(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, document = _window(qtbot, core)
    view = window.reading_view
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert view.textCursor().position() == document.paragraphs[1].start
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.textCursor().position() == document.paragraphs[2].start
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert view.textCursor().position() == document.paragraphs[1].start
    assert "Paragraph 2 of 60" in window.position_label.text()
    # plain arrows are still the text view's own (move by line, not by paragraph)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.textCursor().position() == document.paragraphs[1].start + 1


def test_commentary_and_note_jumps_select_the_passage(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, document = _window(qtbot, core)
    view = window.reading_view
    view.segments = paragraph_segments(document, {10, 11, 40})
    view.note_spans = [(document.paragraphs[30].start, document.paragraphs[30].start + 9)]
    qtbot.keyClick(view, Qt.Key.Key_C)
    cursor = view.textCursor()
    # paragraphs 10 and 11 are one passage (only blank lines between them)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (
        document.paragraphs[10].start,
        document.paragraphs[11].end,
    )
    assert "Commentary — marker: Comment:" in view.accessibleDescription()
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert view.textCursor().selectionStart() == document.paragraphs[40].start
    qtbot.keyClick(view, Qt.Key.Key_C)
    assert "No more commentary" in window.position_label.text()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectionStart() == document.paragraphs[10].start
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.textCursor().selectedText() == TEXT[view.note_spans[0][0] : view.note_spans[0][1]]
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert "No more notes" in window.position_label.text()
    assert view.layer("current")  # the target is marked, not by colour of text alone


def test_no_commentary_is_said_plainly(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, _document = _window(qtbot, core)
    qtbot.keyClick(window.reading_view, Qt.Key.Key_C)
    assert window.position_label.text() == "No commentary passages found in this document"


def test_extend_selection_and_highlight(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, document = _window(qtbot, core)
    view = window.reading_view
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(
        view,
        Qt.Key.Key_Down,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    cursor = view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (
        document.paragraphs[1].start,
        document.paragraphs[2].end,
    )
    # Shift+Right (native) extends by a character
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectionEnd() == document.paragraphs[2].end + 1
    with qtbot.waitSignal(window.navigator.highlight_requested) as signal:
        qtbot.keyClick(view, Qt.Key.Key_H)
    assert signal.args == [document.paragraphs[1].start, document.paragraphs[2].end + 1]
    # with no selection, h highlights the paragraph under the caret
    qtbot.keyClick(view, Qt.Key.Key_J)
    with qtbot.waitSignal(window.navigator.highlight_requested) as signal:
        qtbot.keyClick(view, Qt.Key.Key_H)
    paragraph = next(
        p for p in document.paragraphs if p.start == view.textCursor().selectionStart()
    )
    assert signal.args == [paragraph.start, paragraph.end]


def test_page_top_bottom(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, document = _window(qtbot, core)
    view = window.reading_view
    bar = view.verticalScrollBar()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert bar.value() > 0
    assert view.textCursor().position() == view.first_visible_offset()
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.textCursor().position() == len(TEXT)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.textCursor().position() == 0
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().position() == len(TEXT)


def test_letter_keys_do_not_fire_outside_the_reading_pane(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, _document = _window(qtbot, core)
    before = window.reading_view.textCursor().position()
    window.library_panel.filter_edit.setFocus()
    qtbot.keyClicks(window.library_panel.filter_edit, "jkc")
    assert window.library_panel.filter_edit.text() == "jkc"
    assert window.reading_view.textCursor().position() == before


def test_caret_is_visible_and_every_widget_is_named(main_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

    assert main_window.reading_view.cursorWidth() >= 2
    assert main_window.reading_view.tabChangesFocus()
    for widget in main_window.findChildren(QWidget):
        focusable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        if widget.isVisible() and (focusable or isinstance(widget, QAbstractButton | QLineEdit)):
            if widget.objectName().startswith("qt_") or widget.parent() is None:
                continue
            named = widget.accessibleName() or (
                isinstance(widget, QAbstractButton) and widget.text()
            )
            assert named, f"{type(widget).__name__} {widget.objectName()!r} has no accessible name"
