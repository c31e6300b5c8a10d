"""The reading pane: legend and view filter above the text, and the 'why' of each passage."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Slot
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
        self.view.explain_requested.connect(self.explain_at)
        self.view.cursorPositionChanged.connect(self.on_cursor_moved)
        self._announced: Span | None = None
        self.explainers: list[Callable[[int], str]] = []
        """Other features' plain-text additions to "Why this kind?" at an offset ("" if none)."""

    def set_segments(self, segments: Sequence[Span], shares: dict[str, float]) -> None:
        self.view.set_segments(segments)
        self.legend.set_summary(summarize(shares))

    def clear_segments(self) -> None:
        self.legend.set_summary("Classifying…")

    def explanation(self, offset: int) -> str:
        segment = self.view.segment_at(offset)
        if segment is None:
            return "Not classified yet." if not self.view.segments else "Blank space."
        text = describe_segment(segment)
        reason = getattr(segment, "reason", "")
        head, quoted, wording = reason.partition(": “")
        if head.startswith("reworded from") and quoted:
            # The original's own words on a line of their own, so the reader can compare.
            text = text.replace(reason, head) + f"\nIn its words: “{wording}"
        confidence = getattr(segment, "confidence", None)
        if confidence is not None and confidence < 1.0:
            text += f"\nConfidence: {confidence:.0%}"
        title = getattr(segment, "source_title", None)
        source = getattr(segment, "source", None)
        if source:
            text += f"\nOriginal: {title or source}  (Ctrl+Enter opens it at this passage)"
        for explain in self.explainers:
            more = explain(offset)
            if more:
                text += f"\n{more}"
        return text

    @Slot(int)
    def explain_at(self, offset: int) -> None:
        """Show why the passage at `offset` has its kind, next to the text."""
        cursor = self.view.cursor_for(offset)
        where = self.view.viewport().mapToGlobal(self.view.cursorRect(cursor).bottomLeft())
        QToolTip.showText(where, tooltip(self.explanation(offset)), self.view.viewport())

    def explain_current(self) -> None:
        self.explain_at(self.view.caret_offset())

    @Slot()
    def on_cursor_moved(self) -> None:
        """Announce the kind of passage the caret entered (screen readers and status bar)."""
        segment = self.view.segment_at(self.view.caret_offset())
        if segment is self._announced:
            return
        self._announced = segment
        self.view.setAccessibleDescription(describe_segment(segment) if segment else "")
