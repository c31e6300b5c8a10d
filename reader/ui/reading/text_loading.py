"""Putting a document's text into the reading view: display-only line breaks, and slices.

Big documents are put in place in slices from a zero-delay timer (a million paragraphs
take seconds to insert; one `setPlainText` would freeze the window for all of them), and
very long lines get display-only line breaks (Qt lays out a whole paragraph at once, so a
10 MB line would stall every paint). Every character keeps its offset either way.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

SYNC_CHARS = 200_000
"""Texts up to this size are set in one go; bigger ones are inserted in slices."""
SLICE_CHARS = 50_000
SLICE_BUDGET_S = 0.02
"""Time spent inserting per timer tick, so input and paints keep flowing."""
DISPLAY_LINE_CHARS = 4_000
"""Longer lines (between CR or LF) get a display-only break about this often."""


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
        newline = max(text.rfind("\n", position, limit + 1), text.rfind("\r", position, limit + 1))
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


class TextLoader(QObject):
    """Sets a small text at once and inserts a big one in slices, each tick within a budget."""

    finished = Signal()
    """The whole text is in the document."""

    def __init__(self, view: QPlainTextEdit) -> None:
        super().__init__(view)
        self.view = view
        self._pending = ""
        self._inserted = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._insert_slices)

    @property
    def loading(self) -> bool:
        return bool(self._pending)

    def load(self, shown: str, in_slices: bool) -> None:
        """Replace the view's text with `shown`; `finished` follows (at once when small)."""
        self._timer.stop()
        if not in_slices and len(shown) <= SYNC_CHARS:
            self._pending = ""
            self.view.setPlainText(shown)
            self.view.moveCursor(QTextCursor.MoveOperation.Start)
            self.finished.emit()
            return
        self.view.setPlainText("")
        self._pending, self._inserted = shown, 0
        self._insert_slices()  # the first slices now, so the top of the text shows at once
        self.view.moveCursor(QTextCursor.MoveOperation.Start)

    def stop(self) -> None:
        """No more slices and no `finished`: the window is closing, and what listens to
        `finished` reads a store that is being closed."""
        self._timer.stop()
        self._pending = ""

    def _insert_slices(self) -> None:
        started = time.perf_counter()
        cursor = QTextCursor(self.view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        pending = self._pending
        while self._inserted < len(pending):
            piece = pending[self._inserted : self._inserted + SLICE_CHARS]
            if piece.endswith("\r") and pending.startswith("\n", self._inserted + len(piece)):
                piece += "\n"  # Qt merges a CRLF into one separator only within one insert
            cursor.insertText(piece)
            self._inserted += len(piece)
            if time.perf_counter() - started > SLICE_BUDGET_S:
                break
        if self._inserted < len(pending):
            self._timer.start()
            return
        self._pending = ""
        self.finished.emit()
