"""The reading pane: the document's text in a read-only, lightweight text view.

`QPlainTextEdit` lays out lazily per block, which keeps a 5 MB article near 90 MB of memory
where `QTextBrowser` needs several times that.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QPaintEvent, QResizeEvent, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QWidget

from reader.core.document import Document

LAYER_ORDER = ("kinds", "highlights", "find", "current")
"""Extra-selection layers, bottom to top: passage kinds under personal highlights under find
matches under the flash of the current target. Each feature owns one layer."""

READING_MEASURE_CHARS = 72
"""Line length a reader's eye follows comfortably; wider panes get side margins."""

DEFAULT_FAMILIES = ["Noto Serif", "DejaVu Serif", "Georgia", "serif"]
DEFAULT_POINT_SIZE = 12.5


class ReadingView(QPlainTextEdit):
    first_painted = Signal()
    """Emitted once, the first time a document's text reaches the screen."""
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
        self.note_spans: list[tuple[int, int]] = []
        """[start, end) of the current document's highlights and notes, in text offsets."""
        self._painted_once = False
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.setPlaceholderText("Select a document in the library.")
        self.verticalScrollBar().valueChanged.connect(self.scrolled)

    def show_document(self, document: Document) -> None:
        self.current = document
        self.segments = []
        self.note_spans = []
        self._layers.clear()
        self.setExtraSelections([])
        self.setPlainText(document.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one feature's decorations, keeping the others."""
        if name not in LAYER_ORDER:
            raise ValueError(f"unknown layer {name!r}")
        self._layers[name] = selections
        self.setExtraSelections([s for layer in LAYER_ORDER for s in self._layers.get(layer, [])])

    def layer(self, name: str) -> list[QTextEdit.ExtraSelection]:
        return list(self._layers.get(name, []))

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
        self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._update_margins()
        super().resizeEvent(event)
        self.scrolled.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted_once and self.current is not None:
            self._painted_once = True
            self.first_painted.emit()
