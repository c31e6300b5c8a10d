"""The reading pane: legend and view filter above the text, and the 'why' of each passage."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QApplication, QToolTip, QVBoxLayout, QWidget

from reader.core.classify.segment_index import Span
from reader.core.text.document import Document
from reader.ui.plain_text import tooltip
from reader.ui.reading.legend_bar import LegendBar
from reader.ui.reading.page_info import PageInfoBar
from reader.ui.reading.view import ReadingView, describe_segment


def summarize(shares: dict[str, float]) -> str:
    """'12% commentary · 8% furniture' of the non-whitespace characters."""
    return " · ".join(f"{shares.get(kind, 0.0):.0%} {kind}" for kind in ("commentary", "furniture"))


def shown_tooltip() -> QWidget | None:
    """The tooltip on screen now: Qt offers no size before showing one, so a tip is placed
    by moving it once shown (its label is a top-level widget Qt names "qtooltip_label")."""
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "qtooltip_label" and widget.isVisible():
            return widget
    return None


class ReadingPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reading_pane")
        self.legend = LegendBar(self)
        self.view = ReadingView(self)
        self.page_info = PageInfoBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.legend)
        layout.addWidget(self.page_info)
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
        self.explainers: list[Callable[[int], str]] = []
        """Other features' plain-text additions to "Why this kind?" at an offset ("" if none)."""

    def show_headline(self, document: Document) -> None:
        """A web page opens at its headline, its menus scrolled away above (still there)."""
        start = document.headline_start()
        if start:
            self.view.select_offsets(start)
            self.view.scroll_to_offset(start)

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
    def explain_at(self, offset: int, below: int | None = None) -> None:
        """Show why the passage at `offset` has its kind, next to the text (under the line
        at `below`, when given: the end of a selected passage, so the tip covers none of it)."""
        viewport = self.view.viewport()
        line = self.view.cursorRect(self.view.cursor_for(offset if below is None else below))
        QToolTip.showText(viewport.mapToGlobal(line.bottomLeft()),
                          tooltip(self.explanation(offset)), viewport)
        tip = shown_tooltip()
        bottom = viewport.mapToGlobal(viewport.rect().bottomLeft()).y()
        if tip is not None and tip.geometry().bottom() > bottom:
            # It would cover the status bar: above the line instead, when it fits there.
            above = viewport.mapToGlobal(line.topLeft()).y() - tip.height() - 2
            if above >= viewport.mapToGlobal(viewport.rect().topLeft()).y():
                tip.move(tip.x(), above)

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
