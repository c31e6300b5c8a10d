"""The reading pane: the document's text in a read-only, lightweight text view.

`QPlainTextEdit` lays out lazily per block, which keeps a 5 MB article near 90 MB of memory
where `QTextBrowser` needs several times that.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPaintEvent, QResizeEvent, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QWidget

from reader.core.document import Document

LAYER_ORDER = ("kinds", "highlights", "find", "current")
"""Extra-selection layers, bottom to top: passage kinds under personal highlights under find
matches under the flash of the current target. Each feature owns one layer."""

READING_MEASURE_CHARS = 72
"""Line length a reader's eye follows comfortably; wider panes get side margins."""


class ReadingView(QPlainTextEdit):
    first_painted = Signal()
    """Emitted once, the first time a document's text reaches the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reading_view")
        self.setAccessibleName("Reading pane")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setUndoRedoEnabled(False)
        font = QFont()
        font.setFamilies(["Noto Serif", "DejaVu Serif", "Georgia", "serif"])
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(12.5)
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self.current: Document | None = None
        self._painted_once = False
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.setPlaceholderText("Select a document in the library.")

    def show_document(self, document: Document) -> None:
        self.current = document
        self._layers.clear()
        self.setExtraSelections([])
        self.setPlainText(document.text)
        self.moveCursor(self.textCursor().MoveOperation.Start)

    def set_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one feature's decorations, keeping the others."""
        if name not in LAYER_ORDER:
            raise ValueError(f"unknown layer {name!r}")
        self._layers[name] = selections
        self.setExtraSelections([s for layer in LAYER_ORDER for s in self._layers.get(layer, [])])

    def layer(self, name: str) -> list[QTextEdit.ExtraSelection]:
        return list(self._layers.get(name, []))

    def _update_margins(self) -> None:
        measure = self.fontMetrics().horizontalAdvance("n") * READING_MEASURE_CHARS
        spare = max(0, self.width() - measure - 40)
        side = spare // 2
        self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._update_margins()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted_once and self.current is not None:
            self._painted_once = True
            self.first_painted.emit()
