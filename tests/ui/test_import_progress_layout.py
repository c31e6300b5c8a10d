"""Issue 19: the import progress in the status bar (stage, count, the file's name, Cancel)
and the document's path and position beside it never overlap, and the file's name is cut
with "…" to the room it has, at any window width (a long import of long file names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget

LONG_NAME = ("a-very-long-file-name-from-a-newspaper-archive-about-the-harbour-budget-vote-"
             "in-the-city-council-0042.html")


@pytest.fixture
def window(qtbot, core, tmp_path: Path):  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    document = tmp_path / ("a-document-whose-name-fills-the-status-bar-" + "y" * 60 + ".txt")
    document.write_text("A title\n\n" + "Some text of the article. " * 40, encoding="utf-8")
    window = create_window(core, [str(document)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("stage", ["importing", "classifying", "cancelling"])
def test_status_bar_parts_never_overlap(qtbot, window, stage: str) -> None:  # type: ignore[no-untyped-def]
    progress = window.library_feature.progress
    progress.begin()
    progress.on_progressed(42, 3000, f"/home/someone/news/{LONG_NAME}")
    if stage == "classifying":
        progress.on_stage_changed("classifying")
    elif stage == "cancelling":
        progress.on_cancel_clicked()
    bar = window.statusBar()
    for width in (1400, 1280, window.minimumSizeHint().width()):
        window.resize(width, 800)
        qtbot.waitUntil(lambda w=width: window.width() == max(w, window.minimumWidth()))
        QApplication.processEvents()
        parts = [window.status_label, window.position_label, progress.stage, progress.bar,
                 progress.label, progress.cancel_button]
        rects = [_rect(part, window) for part in parts if part.isVisible()]
        assert len(rects) == 6
        area = _rect(bar, window)
        for i, rect in enumerate(rects):
            assert area.contains(rect), (width, parts[i].objectName(), rect, area)
            for other in rects[i + 1:]:
                assert not rect.intersects(other), (width, rect, other)
        label = progress.label
        shown = label.shown_text()
        if label.text():
            assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
            assert shown == label.text() or "…" in shown
        assert window.width() <= max(1400, window.minimumSizeHint().width())
