"""The reading pane: the document's text in a read-only, lightweight text view.

`QPlainTextEdit` lays out lazily per block, which keeps a 5 MB article near 90 MB of memory
where `QTextBrowser` needs several times that. It is plain text only: markup in a document
is shown as characters, never interpreted, and no resource is ever loaded.

Big documents are put in place in slices from a zero-delay timer (a million paragraphs
take seconds to insert; one `setPlainText` would freeze the window for all of them), and
very long lines get display-only line breaks (Qt lays out a whole paragraph at once, so a
10 MB line would stall every paint). Every character keeps its offset either way.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPaintEvent, QResizeEvent, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QWidget

from reader.core.document import Document

LAYER_ORDER = ("kinds", "highlights", "find", "current")
"""Extra-selection layers, bottom to top: passage kinds under personal highlights under find
matches under the flash of the current target. Each feature owns one layer."""

READING_MEASURE_CHARS = 72
"""Line length a reader's eye follows comfortably; wider panes get side margins."""

SYNC_CHARS = 200_000
"""Texts up to this size are set in one go; bigger ones are inserted in slices."""
SLICE_CHARS = 50_000
SLICE_BUDGET_S = 0.02
"""Time spent inserting per timer tick, so input and paints keep flowing."""
DISPLAY_LINE_CHARS = 4_000
"""Longer lines get a display-only break about this often (see `display_text`)."""


def display_text(text: str) -> str:
    """The text as shown: same length and offsets, long lines broken for layout's sake.

    In a line longer than `DISPLAY_LINE_CHARS`, a space near each step becomes a line
    break (only in the view; copying takes the original text). A run with no whitespace
    at all that long (not prose; e.g. an encoded blob) is broken at the step itself, and
    that one character is shown as the break.
    """
    # Hop from newline to newline a window at a time: about len/DISPLAY_LINE_CHARS steps,
    # where splitting into lines would cost a third of a second on a million of them.
    cuts: list[int] = []
    position, size = 0, len(text)
    while size - position > DISPLAY_LINE_CHARS:
        limit = position + DISPLAY_LINE_CHARS
        newline = text.rfind("\n", position, limit + 1)
        if newline >= 0:
            position = newline + 1
            continue
        floor = limit - DISPLAY_LINE_CHARS // 2
        cut = max(text.rfind(" ", floor, limit), text.rfind("\t", floor, limit))
        cut = limit if cut < 0 else cut
        cuts.append(cut)
        position = cut + 1
    if not cuts:
        return text
    pieces: list[str] = []
    last = 0
    for cut in cuts:
        pieces += [text[last:cut], "\n"]
        last = cut + 1
    pieces.append(text[last:])
    return "".join(pieces)


class ReadingView(QPlainTextEdit):
    first_painted = Signal()
    """Emitted once, the first time a document's text reaches the screen."""
    document_shown = Signal()
    """The current document's whole text is in place (big ones arrive in slices); set
    layers after this, since positions past the loaded text do not exist yet."""

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
        self._pending = ""
        self._inserted = 0
        self._display_differs = False
        self._slice_timer = QTimer(self)
        self._slice_timer.setSingleShot(True)
        self._slice_timer.setInterval(0)
        self._slice_timer.timeout.connect(self._insert_slices)
        self.setPlaceholderText("Select a document in the library.")

    @property
    def is_loading(self) -> bool:
        """Whether the current document's text is still being put in place."""
        return bool(self._pending)

    def show_document(self, document: Document) -> None:
        self.current = document
        self._layers.clear()
        self.setExtraSelections([])
        self._slice_timer.stop()
        shown = display_text(document.text)
        self._display_differs = shown is not document.text
        if len(shown) <= SYNC_CHARS and not self._display_differs:
            self._pending = ""
            self.setPlainText(shown)
            self.moveCursor(QTextCursor.MoveOperation.Start)
            self.document_shown.emit()
            return
        self.setPlainText("")
        self._pending, self._inserted = shown, 0
        self._insert_slices()  # the first slice now, so the top of the text shows at once
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _insert_slices(self) -> None:
        started = time.perf_counter()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        while self._inserted < len(self._pending):
            piece = self._pending[self._inserted : self._inserted + SLICE_CHARS]
            cursor.insertText(piece)
            self._inserted += len(piece)
            if time.perf_counter() - started > SLICE_BUDGET_S:
                break
        if self._inserted < len(self._pending):
            self._slice_timer.start()
            return
        self._pending = ""
        self.document_shown.emit()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802
        """Copy the document's own characters, not the display-only line breaks."""
        text = self.current.text if self.current is not None else ""
        if self._display_differs and len(text) == self.document().characterCount() - 1:
            cursor = self.textCursor()
            data = QMimeData()  # Qt's own fills itself from the display text lazily
            data.setText(text[cursor.selectionStart() : cursor.selectionEnd()])
            return data
        return super().createMimeDataFromSelection()

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
