"""The reading pane: the document's text in a read-only, lightweight text view.

`QPlainTextEdit` lays out lazily per block, which keeps a 5 MB article near 90 MB of memory
where `QTextBrowser` needs several times that. Passage kinds, highlights and find matches
are extra-selection layers over the unchanged text, so every offset stays the file's offset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from reader.core.document import Document
from reader.core.segment_index import SegmentIndex, Span
from reader.ui.kind_gutter import GUTTER_WIDTH, KindGutter
from reader.ui.passage_style import STYLES, kind_selections

LAYER_ORDER = ("kinds", "highlights", "find", "current")
"""Extra-selection layers, bottom to top: passage kinds under personal highlights under find
matches under the flash of the current target. Each feature owns one layer."""

READING_MEASURE_CHARS = 72
"""Line length a reader's eye follows comfortably; wider panes get side margins."""

VIEW_FILTERS: dict[str, frozenset[str]] = {
    "all": frozenset(),
    "no-furniture": frozenset({"furniture"}),
    "reporting": frozenset({"furniture", "commentary"}),
    "commentary": frozenset({"furniture", "reporting"}),
}
"""View filter name -> kinds it hides."""


def describe_segment(segment: Span) -> str:
    """The plain-language 'why' of a passage, for tooltips, the status bar and screen readers."""
    style = STYLES.get(segment.kind)
    label = style.label if style else segment.kind
    reason = getattr(segment, "reason", "")
    return f"{label} — {reason}" if reason else label
DEFAULT_FAMILIES = ["Noto Serif", "DejaVu Serif", "Georgia", "serif"]
DEFAULT_POINT_SIZE = 12.5


class ReadingView(QPlainTextEdit):
    first_painted = Signal()
    """Emitted once, the first time a document's text reaches the screen."""
    explain_requested = Signal(int)
    """The user asked why the passage at this offset has its kind."""
    original_requested = Signal(str, int)
    """Ctrl+click on a provenance passage: open this original path at this offset."""
    scrolled = Signal()
    """The visible part of the text changed (scroll or resize): viewport-bound layers redo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reading_view")
        self.setAccessibleName("Reading pane")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setTabChangesFocus(True)  # no key trap: Tab leaves the pane
        self.setCursorWidth(2)  # a caret you can see, so keyboard selection is discoverable
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.measure_chars = READING_MEASURE_CHARS
        self.base_point_size = DEFAULT_POINT_SIZE
        self.zoom_steps = 0
        font = QFont()
        font.setFamilies(DEFAULT_FAMILIES)
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(DEFAULT_POINT_SIZE)
        self.reading_font = font
        """The chosen font at 100 % zoom (a style sheet change may reset the widget's font)."""
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self.current: Document | None = None
        self.segments: list[Any] = []
        """Classified passages of the current document (objects with .start/.end/.kind)."""
        self.segment_index: SegmentIndex | None = None
        self.view_filter = "all"
        self.note_spans: list[tuple[int, int]] = []
        """[start, end) of the current document's highlights and notes, in text offsets."""
        self._painted_once = False
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.gutter = KindGutter(self)
        self.updateRequest.connect(self._on_update_request)
        self.viewport().installEventFilter(self)
        self.setPlaceholderText("Select a document in the library.")
        self.verticalScrollBar().valueChanged.connect(self.scrolled)

    # -- content -----------------------------------------------------------------------

    def show_document(self, document: Document) -> None:
        self.current = document
        self.segments = []
        self.segment_index = None
        self.note_spans = []
        self._layers.clear()
        self.setExtraSelections([])
        self.setPlainText(document.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_segments(self, segments: Sequence[Span]) -> None:
        """Show the classifier's verdict for the current document."""
        self.segments = list(segments)
        self.segment_index = SegmentIndex(self.segments)
        self._apply_filter()

    def set_view_filter(self, name: str) -> None:
        if name not in VIEW_FILTERS:
            raise ValueError(f"unknown view filter {name!r}")
        self.view_filter = name
        self._apply_filter()

    def _apply_filter(self) -> None:
        """Hide lines made only of hidden kinds; dim hidden spans inside mixed lines."""
        hidden = VIEW_FILTERS[self.view_filter]
        index = self.segment_index
        document = self.document()
        block = document.begin()
        changed = False
        while block.isValid():
            visible = True
            if hidden and index is not None and block.length() > 1:
                kinds = {s.kind for s in index.overlapping(block.position(),
                                                           block.position() + block.length() - 1)}
                visible = not kinds or not kinds <= hidden
            if block.isVisible() != visible:
                block.setVisible(visible)
                changed = True
            block = block.next()
        if changed:
            document.markContentsDirty(0, document.characterCount())
            self.viewport().update()
        self.set_layer("kinds", kind_selections(document, self.segments, hidden))
        self.gutter.update()

    def set_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one feature's decorations, keeping the others."""
        if name not in LAYER_ORDER:
            raise ValueError(f"unknown layer {name!r}")
        self._layers[name] = selections
        self.setExtraSelections([s for layer in LAYER_ORDER for s in self._layers.get(layer, [])])

    def layer(self, name: str) -> list[QTextEdit.ExtraSelection]:
        return list(self._layers.get(name, []))

    # -- lookups -----------------------------------------------------------------------

    def segment_at(self, offset: int) -> Span | None:
        return self.segment_index.at(offset) if self.segment_index else None

    def kind_before(self, offset: int) -> str | None:
        """Kind of the last segment that ends before `offset` (for gutter labels)."""
        segment = self.segment_index.last_starting_before(offset) if self.segment_index else None
        return segment.kind if segment else None

    def go_to_offset(self, start: int, end: int | None = None) -> None:
        """Put the cursor at `start` (selecting to `end`) and bring it into view, centred."""
        cursor = self.textCursor()
        length = self.document().characterCount() - 1
        cursor.setPosition(min(start, length))
        if end is not None:
            cursor.setPosition(min(end, length), cursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    # -- geometry and painting ---------------------------------------------------------

    def visible_range(self) -> tuple[int, int]:
        """Offsets of the first and last characters on screen."""
        viewport = self.viewport().rect()
        first = self.cursorForPosition(QPoint(0, 0)).position()
        last = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return first, max(first, last)

    def first_visible_offset(self) -> int:
        return self.cursorForPosition(QPoint(0, 0)).position()

    def scroll_to_offset(self, offset: int) -> None:
        """Put the line holding this offset at the top of the pane."""
        # The scroll bar counts wrapped lines of the blocks laid out so far (others count 1).
        block = self.document().findBlock(max(0, offset))
        if not block.isValid():
            return
        line = 0
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            line = max(0, layout.lineForTextPosition(offset - block.position()).lineNumber())
        self.verticalScrollBar().setValue(max(0, block.firstLineNumber()) + line)

    def set_reading_font(self, font: QFont) -> None:
        self.base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else DEFAULT_POINT_SIZE
        self.reading_font = QFont(font)
        self.apply_font()

    def zoom(self, steps: int | None) -> None:
        """Change the zoom by `steps` (None resets it); one step is about 10 %."""
        self.zoom_steps = 0 if steps is None else max(-6, min(12, self.zoom_steps + steps))
        self.apply_font()

    def apply_font(self) -> None:
        font = self.zoomed_font()
        if font != self.font():
            self.setFont(font)
        self._update_margins()

    def zoomed_font(self) -> QFont:
        font = QFont(self.reading_font)
        font.setPointSizeF(round(self.base_point_size * 1.1**self.zoom_steps, 1))
        return font

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self.font() != self.zoomed_font():
            self.apply_font()  # a new application style sheet repolishes and drops our font

    def set_measure(self, chars: int) -> None:
        self.measure_chars = max(40, min(160, chars))
        self._update_margins()

    def _update_margins(self) -> None:
        measure = self.fontMetrics().horizontalAdvance("n") * self.measure_chars
        spare = max(0, self.width() - measure - 40)
        side = spare // 2
        left = max(side, GUTTER_WIDTH)
        right = max(0, side - (left - side))
        if self.viewportMargins().left() != left or self.viewportMargins().right() != right:
            self.setViewportMargins(left, 0, right, 0)
        rect = self.contentsRect()
        self.gutter.setGeometry(
            QRect(rect.left() + left - GUTTER_WIDTH, rect.top(), GUTTER_WIDTH, rect.height())
        )

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._update_margins()
        super().resizeEvent(event)
        self.scrolled.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted_once and self.current is not None:
            self._painted_once = True
            self.first_painted.emit()

    # -- hover and clicks ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            self._show_tooltip(event)
            return True
        return super().eventFilter(watched, event)

    def tooltip_text(self, offset: int) -> str:
        """Everything a hover says about this offset (other features may extend it)."""
        segment = self.segment_at(offset)
        if segment is None:
            return ""
        text = describe_segment(segment)
        if getattr(segment, "source", None):
            text += "\nCtrl+click to open the original at this passage."
        return text

    def _show_tooltip(self, event: QHelpEvent) -> None:
        offset = self.cursorForPosition(event.pos()).position()
        text = self.tooltip_text(offset)
        if text:
            QToolTip.showText(event.globalPos(), text, self.viewport())
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and not self.textCursor().hasSelection():
            segment = self.segment_at(self.cursorForPosition(event.position().toPoint()).position())
            source = getattr(segment, "source", None)
            if segment is not None and source:
                self.original_requested.emit(source, getattr(segment, "source_start", 0) or 0)
                return
        super().mouseReleaseEvent(event)
