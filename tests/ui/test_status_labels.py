"""The status bar's labels give way to each other with an ellipsis, never mid-letter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication

from reader.ui.plain_text import StatusLabel


def test_a_long_status_text_is_elided_and_kept_whole_in_the_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = StatusLabel("Document")
    qtbot.addWidget(label)
    text = "/home/reader/articles/<img src=x> a very long folder name/" + "deep/" * 20 + "a.txt"
    label.setText(text)
    label.resize(160, 24)
    label.show()
    shown = label.shown_text()
    assert shown.endswith("…") and len(shown) < len(text)
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    QApplication.sendEvent(label, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5),
                                             label.mapToGlobal(QPoint(5, 5))))
    assert "&lt;img src=x&gt;" in label.toolTip()  # whole, and shown as typed
    label.resize(4000, 24)
    assert label.shown_text() == text  # nothing cut when it fits


def test_the_window_status_bar_uses_eliding_labels(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    window = create_window(core)
    qtbot.addWidget(window)
    assert isinstance(window.status_label, StatusLabel)
    assert isinstance(window.position_label, StatusLabel)
    assert isinstance(window.compare.provenance, StatusLabel)


def test_a_status_message_gets_the_bar_and_never_shares_it_with_the_path(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    """A message ("Theme: Dark") was drawn over the document's path (shown before the window,
    Qt left the path visible), or hidden under the position label's stretch. While a message
    shows, both labels step aside; when it goes, they come back."""
    from reader.ui.app.launch import create_window

    window = create_window(core)
    qtbot.addWidget(window)
    bar = window.statusBar()
    bar.showMessage("Adding a.txt to the library…")  # before the window is shown
    window.show()
    qtbot.waitExposed(window)
    assert not window.status_label.isVisible() and not window.position_label.isVisible()
    bar.showMessage("Theme: Dark", 50)
    assert not window.status_label.isVisible() and not window.position_label.isVisible()
    qtbot.waitUntil(lambda: bar.currentMessage() == "")
    assert window.status_label.isVisible() and window.position_label.isVisible()


def test_the_copy_label_fits_in_the_status_bar_and_goes_with_nothing_to_say(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    """"Copy of …" sat half outside the window ("Cop" at its right edge): it had no stretch
    beside two labels that had. It shares the width, and is hidden when there is no copy."""
    from tests.conftest import REPUBLISHED
    from tests.keyboard_helpers import window_on_republished_seed

    window = window_on_republished_seed(qtbot, core)
    window.resize(1280, 800)
    label, bar = window.compare.provenance, window.statusBar()
    qtbot.waitUntil(lambda: label.text().startswith("Copy of"), timeout=20000)
    assert label.isVisible()
    qtbot.waitUntil(lambda: label.geometry().right() < bar.width())
    assert label.width() >= 120 and label.shown_text().startswith("Copy of")
    original = next(e.id for e in core.library.entries()
                    if e.path != str(REPUBLISHED.resolve()) and e.is_seed)
    window.library_panel.select_document(original)
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=20000)
    assert label.text() == ""
