"""Moving through the reading pane by keys: paragraphs, commentary passages, notes, pages.

Works on the view's plain data (`current.paragraphs`, `segments`, `note_spans`), so it does
not care who classified the text or stored the notes. Every position here is a document
offset; the view converts to and from Qt's positions. It also announces the kind of the
paragraph under the caret, in words, for screen readers and the status bar.
"""

from __future__ import annotations

import bisect
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAccessible, QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QAbstractSlider

from reader.ui.reading.view import ReadingView

KIND_LABELS = {"reporting": "Reporting", "commentary": "Commentary", "furniture": "Furniture"}

Span = tuple[int, int]


def merge_passages(segments: list[Any], kind: str, text: str) -> list[Span]:
    """Adjacent segments of one kind (only whitespace between) read as one passage."""
    spans: list[Span] = []
    for segment in sorted(segments, key=lambda s: s.start):
        if segment.kind != kind:
            continue
        if spans and not text[spans[-1][1] : segment.start].strip():
            spans[-1] = (spans[-1][0], max(spans[-1][1], segment.end))
        else:
            spans.append((segment.start, segment.end))
    return spans


def next_span(spans: list[Span], position: int, step: int) -> Span | None:
    """The first span starting after `position` (step 1) or before it (step -1)."""
    if step > 0:
        return next((span for span in spans if span[0] > position), None)
    return next((span for span in reversed(spans) if span[0] < position), None)


ANNOUNCE_LIMIT_CHARS = 2_000_000
"""Above this size the caret's position is announced by line, not by paragraph number."""


class ReadingNavigator(QObject):
    announced = Signal(str)
    """A sentence describing where the caret now is (kind of passage, position)."""
    highlight_requested = Signal(int, int)
    """The reader asked to highlight [start, end); the notes feature stores it."""

    def __init__(self, view: ReadingView) -> None:
        super().__init__(view)
        self.view = view
        self._spans: list[Span] = []
        self._starts: list[int] = []
        self._spans_for: object = None
        self._segment_starts: list[int] = []
        self._segments_for: object = None
        self._band: Span | None = None
        self._announced_paragraph = -1
        view.cursorPositionChanged.connect(self.on_cursor_moved)

    # -- data -------------------------------------------------------------------------
    def paragraphs(self) -> list[Span]:
        """The current document's paragraphs as spans (cached: a 5 MB text has 50,000)."""
        document = self.view.current
        if document is None:
            return []
        if self._spans_for is not document:
            self._spans = [(p.start, p.end) for p in document.paragraphs]
            self._starts = [span[0] for span in self._spans]
            self._spans_for = document
        return self._spans

    def paragraph_index(self, position: int) -> int:
        """Index of the paragraph holding `position`, or the last one before it (-1: none)."""
        if not self.paragraphs():
            return -1
        return bisect.bisect_right(self._starts, position) - 1

    def current_paragraph(self) -> Span | None:
        paragraphs = self.paragraphs()
        index = self.paragraph_index(self.view.caret_offset())
        return paragraphs[index] if 0 <= index < len(paragraphs) else None

    def kind_at(self, position: int) -> Any | None:
        """The segment covering `position` (segments are sorted and do not overlap)."""
        segments = self.view.segments
        if self._segments_for is not segments:
            self._segment_starts = [segment.start for segment in segments]
            self._segments_for = segments
        index = bisect.bisect_right(self._segment_starts, position) - 1
        if 0 <= index < len(segments) and position < segments[index].end:
            return segments[index]
        return None

    # -- moving -----------------------------------------------------------------------
    def paragraph(self, step: int) -> None:
        position = self.view.caret_offset()
        target = next_span(self.paragraphs(), position, step)
        if target is not None:
            self._go(target, select=False)

    def commentary(self, step: int) -> None:
        text = self.view.current.text if self.view.current else ""
        spans = merge_passages(self.view.segments, "commentary", text)
        self._jump(
            spans,
            step,
            "No more commentary in this direction",
            "No commentary passages found in this document",
        )

    def note(self, step: int) -> None:
        self._jump(
            sorted(self.view.note_spans),
            step,
            "No more notes in this direction",
            "No highlights or notes in this document",
        )

    def _jump(self, spans: list[Span], step: int, none_left: str, none_at_all: str) -> None:
        selection = self.view.selection_offsets()
        position = selection[0] if selection is not None else self.view.caret_offset()
        target = next_span(spans, position, step)
        if target is not None:
            self._go(target, select=True)
        else:
            self.announced.emit(none_left if spans else none_at_all)

    def extend(self, step: int) -> None:
        """Grow the selection by whole paragraphs, keeping its anchor."""
        cursor = self.view.textCursor()
        paragraphs = self.paragraphs()
        if not paragraphs:
            return
        position = self.view.to_doc(cursor.position())
        if step > 0:
            target = next((p[1] for p in paragraphs if p[1] > position), None)
        else:
            target = next((p[0] for p in reversed(paragraphs) if p[0] < position), None)
        if target is None:
            return
        cursor.setPosition(self.view.to_qt(target), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def page(self, step: int) -> None:
        bar = self.view.verticalScrollBar()
        bar.triggerAction(
            QAbstractSlider.SliderAction.SliderPageStepAdd
            if step > 0
            else QAbstractSlider.SliderAction.SliderPageStepSub
        )
        self.view.select_offsets(self.view.first_visible_offset())

    def edge(self, end: bool) -> None:
        self.view.moveCursor(
            QTextCursor.MoveOperation.End if end else QTextCursor.MoveOperation.Start
        )
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum() if end else 0)

    def highlight(self) -> None:
        """Highlight the selection, else the paragraph under the caret."""
        span = self.view.selection_offsets() or self.current_paragraph()
        if span is None:
            return
        self._go(span, select=True)
        self.highlight_requested.emit(*span)

    def _go(self, span: Span, select: bool) -> None:
        self.view.select_offsets(span[0], span[1] if select else None)
        if self._off_screen(span[0]):
            self.view.centerCursor()
        else:
            self.view.ensureCursorVisible()
        self.mark_current(span)

    def _off_screen(self, position: int) -> bool:
        first, last = self.view.visible_range()
        return not first <= position <= last

    def mark_current(self, span: Span) -> None:
        """A soft band over the target, so the eye finds where the keys moved to."""
        tint = QColor(self.view.palette().color(QPalette.ColorRole.Highlight))
        tint.setAlpha(45)
        band = QTextCharFormat()
        band.setBackground(tint)
        self.view.set_spans("current", [(span[0], span[1], band)])
        self._band = span

    # -- announcing -------------------------------------------------------------------
    def describe(self, position: int) -> str:
        paragraphs = self.paragraphs()
        index = self.paragraph_index(position)
        if not paragraphs or index < 0:
            return "Start of document"
        where = f"Paragraph {index + 1} of {len(paragraphs)}"
        segment = self.kind_at(paragraphs[index][0])
        if segment is None:
            return where
        label = KIND_LABELS.get(segment.kind, str(segment.kind).title())
        reason = getattr(segment, "reason", "")
        return f"{where} · {label}" + (f" — {reason}" if reason else "")

    @Slot()
    def on_cursor_moved(self) -> None:
        position = self.view.caret_offset()
        if self._band is not None and not self._band[0] <= position <= self._band[1]:
            self._band = None  # the caret left the target: its band would only mislead
            self.view.set_spans("current", [])
        document = self.view.current
        if document is not None and len(document.text) > ANNOUNCE_LIMIT_CHARS:
            # Numbering a huge document's paragraphs stalls the window (0.2 s for a million),
            # so announce its line instead; paragraph keys still build the list when used.
            self._announce_line(position)
            return
        index = self.paragraph_index(position)
        if index == self._announced_paragraph:
            return
        self._announced_paragraph = index
        message = self.describe(position)
        self.view.setAccessibleDescription(message)
        self.announced.emit(message)
        announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)  # Qt 6.8+
        if announcement is not None and self.view.hasFocus():
            # Screen readers speak this at once; the description stays for later queries.
            QAccessible.updateAccessibility(announcement(self.view, message))

    def _announce_line(self, position: int) -> None:
        block = self.view.document().findBlock(self.view.to_qt(position))
        if block.blockNumber() == self._announced_paragraph:
            return
        self._announced_paragraph = block.blockNumber()
        message = f"Line {block.blockNumber() + 1} of {self.view.document().blockCount()}"
        segment = self.kind_at(position)
        if segment is not None:
            label = KIND_LABELS.get(segment.kind, str(segment.kind).title())
            message += f" · {label}"
        self.view.setAccessibleDescription(message)
        self.announced.emit(message)

    def reset(self) -> None:
        """A new document is shown: announce afresh and drop the old target band."""
        self._announced_paragraph = -2
        self._band = None
        self.view.set_spans("current", [])
        self.on_cursor_moved()
