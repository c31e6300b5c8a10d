"""The reading pane: legend and view filter above the text, and the 'why' of each passage."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from reader.core.classify.segment_index import Span
from reader.ui.plain_text import tooltip
from reader.ui.reading.legend_bar import LegendBar
from reader.ui.reading.view import ReadingView, describe_segment


def summarize(shares: dict[str, float]) -> str:
    """'12% commentary · 8% furniture' of the non-whitespace characters."""
    return " · ".join(f"{shares.get(kind, 0.0):.0%} {kind}" for kind in ("commentary", "furniture"))


class ReadingPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reading_pane")
        self.legend = LegendBar(self)
        self.view = ReadingView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.view)
        self.legend.filter_changed.connect(self.view.set_view_filter)
        self.legend.filter_changed.connect(self.show_hidden_count)
        self.view.explain_requested.connect(self.explain_at)
        self.view.cursorPositionChanged.connect(self.on_cursor_moved)
        # An explanation belongs to a passage of this document: another one (Ctrl+Enter to
        # the original, next document) takes it away.
        self.view.document_shown.connect(QToolTip.hideText)
        self._announced: Span | None = None

    def set_segments(self, segments: Sequence[Span], shares: dict[str, float]) -> None:
        self.view.set_segments(segments)
        self.legend.set_summary(summarize(shares))
        self.show_hidden_count()

    @Slot()
    def show_hidden_count(self) -> None:
        """Say how many passages the view filter hides, and how to show them."""
        self.legend.set_hidden(self.view.hidden_passages)

    def clear_segments(self) -> None:
        self.legend.set_summary("Classifying…")

    def explanation(self, offset: int) -> str:
        segment = self.view.segment_at(offset)
        if segment is None:
            return "Not classified yet." if not self.view.segments else "Blank space."
        text = describe_segment(segment)
        title = getattr(segment, "source_title", None)
        source = getattr(segment, "source", None)
        if source:
            text += f"\nOriginal: {title or source}  (Ctrl+Enter opens it at this passage)"
        return text

    @Slot(int)
    def explain_at(self, offset: int, below: int | None = None) -> None:
        """Show why the passage at `offset` has its kind, next to the text (under the line
        at `below`, when given: the end of a selected passage, so the tip covers none of it)."""
        text = self.explanation(offset)
        where = self.tip_position(offset if below is None else below, text)
        QToolTip.showText(where, tooltip(text), self.view.viewport())

    def tip_position(self, offset: int, text: str) -> QPoint:
        """Below the line at `offset`, or above it when the tip would not fit in the text
        pane (it was drawn over the status bar)."""
        viewport = self.view.viewport()
        line = self.view.cursorRect(self.view.cursor_for(offset))
        metrics = QFontMetrics(QToolTip.font())
        height = metrics.lineSpacing() * (text.count("\n") + 1) + 2 * metrics.height()
        if line.bottom() + height > viewport.height() and line.top() - height >= 0:
            return viewport.mapToGlobal(QPoint(line.left(), line.top() - height))
        return viewport.mapToGlobal(line.bottomLeft())

    def explain_current(self) -> None:
        """The passage the caret is in, or the selected one (Next Commentary selects a
        passage and leaves the caret just after it, in the next one)."""
        selection = self.view.selection_offsets()
        if selection:
            self.explain_at(selection[0], below=max(selection[0], selection[1] - 1))
        else:
            self.explain_at(self.view.caret_offset())

    @Slot()
    def on_cursor_moved(self) -> None:
        """Announce the kind of passage the caret entered (screen readers and status bar)."""
        segment = self.view.segment_at(self.view.caret_offset())
        if segment is self._announced:
            return
        self._announced = segment
        self.view.setAccessibleDescription(describe_segment(segment) if segment else "")
