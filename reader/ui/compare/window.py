"""The side-by-side comparison window: the table, a header naming both sides, a status line
saying where you are, and the moves the keyboard makes through it.

It never opens a document itself: `open_requested(doc_id, offset)` asks the main window to,
and `closed` hands focus back so the reader is where they were.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QLabel, QTextEdit, QVBoxLayout, QWidget

from reader.core.compare.ops import Comparison, Op
from reader.ui.compare.pending import COMPARING, build_pending
from reader.ui.compare.table import (
    FILL_ROWS,
    CompareTable,
    Row,
    build_document,
    fill_a,
    screen_chars,
    summary,
)

STILL_COMPARING = "Still comparing the two documents: the keys work once the rows are in."


START_UNPAINTED_MS = 100
"""A comparison waiting for the view's paint starts anyway after this long (a window the
system does not paint, minimised or covered)."""


class CompareView(QTextEdit):
    """The table, read-only and selectable; keys come from the action table (scoped here)."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare_view")
        self.setAccessibleName("Comparison")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUndoRedoEnabled(False)
        # Always there: a scroll bar that appears once the first rows overflow narrows the
        # text and lays the whole table out a second time (half the open's layout).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        self.painted.emit()


class CompareWindow(QWidget):
    open_requested = Signal(int, int)
    """Open this document id at this offset (and close the comparison)."""
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compare_window")
        self.setWindowTitle("Comparison — reader")
        self.resize(1200, 800)
        self.header = QLabel()
        self.header.setObjectName("compare_header")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.view = CompareView(self)
        self.status = QLabel()
        self.status.setObjectName("compare_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Where you are in the comparison")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.comparison: Comparison | None = None
        self.doc_ids = (0, 0)
        self.rows: list[Row] = []
        self.expanded: set[int] = set()
        self.current = -1
        """Index into `rows` of the row the keys act on (-1: none yet)."""
        self.column = 2
        """0: the original's column, 2: the copy's."""
        self.table: CompareTable | None = None
        self.pending = False
        """True while the two texts are shown side by side unaligned ("Comparing…")."""
        self._filler = QTimer(self)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._fill_more)
        self._fill_waiting = False
        """Rows are to be filled in once the first screenful has painted."""
        self._after_paint: Callable[[], None] | None = None
        self.view.painted.connect(self._painted)

    def _fill_more(self) -> None:
        """The rows past the first screenfuls, a table at a time between events."""
        if self.table is None or self.table.complete:
            self._filler.stop()
            return
        self.table.fill_more(FILL_ROWS)

    # -- content ---------------------------------------------------------------------

    def show_pending(
        self, a: tuple[int, str, str], b: tuple[int, str, str], font: QFont
    ) -> None:
        """Both texts' first screenful side by side with "Comparing…" between them, painted
        at once while the alignment runs in a worker: (id, title, text) each."""
        self._filler.stop()
        self._fill_waiting = False
        self.comparison = None
        self.table = None
        self.rows = []
        self.expanded.clear()
        self.current = -1
        self.column = 2
        self.pending = True
        self.doc_ids = (a[0], b[0])
        self.header.setText(f"{a[1]}   ⟷   {b[1]}\n{COMPARING}")
        self.status.setText("Comparing the two documents…")
        build_pending((a[1], a[2]), (b[1], b[2]), font, self._view_size(), self.view.document())
        self.view.moveCursor(QTextCursor.MoveOperation.Start)

    def after_paint(self, start: Callable[[], None]) -> None:
        """Call `start` once the view has painted what it now shows: a worker started
        before would hold the interpreter while the first paint waits (two cores, one
        GIL), so the alignment begins only when "Comparing…" is on screen."""
        self._after_paint = start
        QTimer.singleShot(START_UNPAINTED_MS, self, self._start)

    @property
    def waiting_for_paint(self) -> bool:
        """A comparison is to start once the view has painted."""
        return self._after_paint is not None

    def _painted(self) -> None:
        """Start the comparison (or the filling of the rows) once back in the event loop:
        the paint event comes before the frame is put on screen, and a worker started
        inside it took the interpreter from the GUI thread (up to a 5 ms switch interval)
        with the frame not yet shown."""
        if self._after_paint is not None:
            QTimer.singleShot(0, self, self._start)
        if self._fill_waiting:
            QTimer.singleShot(0, self, self._start_filling)

    def _fill_after_paint(self) -> None:
        """Fill the rows past the first screenful once it is on screen: the filler's first
        pass (a zero-delay timer, due before the new window's paint events) held the first
        paint back by a pass of six rows."""
        self._fill_waiting = True
        QTimer.singleShot(START_UNPAINTED_MS, self, self._start_filling)

    def _start_filling(self) -> None:
        if self._fill_waiting and self.table is not None and not self.table.complete:
            self._filler.start()
        self._fill_waiting = False

    def _start(self) -> None:
        start, self._after_paint = self._after_paint, None
        if start is not None:
            start()

    def show_failure(self, message: str) -> None:
        """The comparison could not be made: say so where the rows would have been."""
        self.pending = False
        self.header.setText(self.header.text().replace(COMPARING, "Not compared"))
        self.status.setText(message)

    def _still_comparing(self) -> bool:
        if self.comparison is None:
            self.status.setText(STILL_COMPARING if self.pending else "Nothing is compared.")
            return True
        return False

    def show_comparison(
        self,
        comparison: Comparison,
        a: tuple[int, str],
        b: tuple[int, str],
        font: QFont,
    ) -> None:
        """Show a comparison of document a (left) with b (right): (id, title) each."""
        self.comparison = comparison
        self.pending = False
        self.doc_ids = (a[0], b[0])
        labels = {
            "a-original": ("Original", "Copy"),
            "b-original": ("Copy", "Original"),
            "siblings": ("Version", "Other version"),
            "unrelated": ("Document", "Other document"),
        }[comparison.relation]
        self.expanded.clear()
        self.current = -1
        self.column = 2
        counts = {kind: 0 for kind in ("added", "left-out", "changed", "moved")}
        for op in comparison.ops:
            if op.op in counts:
                counts[op.op] += 1
        self.header.setText(
            f"{labels[0]}: {a[1]}   ⟷   {labels[1]}: {b[1]}\n"
            f"{counts['added']} added, {counts['changed']} changed, "
            f"{counts['left-out']} left out, {counts['moved']} moved  ·  "
            "D / Shift+D next or previous difference, S switch side, E expand, "
            "Enter open at passage, Esc close"
        )
        differences = sum(counts.values())
        self.status.setText(
            "No differences: the texts are the same." if not differences
            else f"{differences} differences. Press D for the first."
        )
        viewport = self._view_size()
        self.table = build_document(
            comparison,
            f"{labels[0]}: {a[1]}",
            f"{labels[1]}: {b[1]}",
            font,
            screen_chars(viewport.width(), viewport.height(), font),
            self.view.document(),  # already at the view's width: laid out once, not twice
        )
        self.rows = self.table.rows
        self.labels = labels
        self._fill_after_paint()
        self.view.moveCursor(QTextCursor.MoveOperation.Start)

    def _view_size(self) -> QSize:
        """The view's size once the header's new text has its height: what the first
        screenful is cut to (read before, it was a line too tall on the first open)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        return self.view.viewport().size()

    def differences(self) -> list[int]:
        return [n for n, row in enumerate(self.rows) if row.op.op != "same"]

    # -- moves -------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        """To the next (1) or previous (-1) difference."""
        if self._still_comparing():
            return
        found = self.differences()
        if not found:
            self.status.setText("No differences to go to.")
            return
        if direction > 0:
            later = [n for n in found if n > self.current]
            target = later[0] if later else found[0]
        else:
            earlier = [n for n in found if n < self.current]
            target = earlier[-1] if earlier else found[-1]
        self.current = target
        op = self.rows[target].op
        if op.op == "added":
            self.column = 2
        elif op.op == "left-out":
            self.column = 0
        self._show_current()

    def switch_side(self) -> None:
        if self._still_comparing():
            return
        self.column = 0 if self.column == 2 else 2
        if self.current < 0 and self.rows:
            self.current = 0
        self._show_current()

    def toggle_expand(self) -> None:
        """Show a left-out passage whole, or fold it back to its first lines."""
        if self._still_comparing():
            return
        if not 0 <= self.current < len(self.rows) or self.comparison is None or not self.table:
            return
        op = self.rows[self.current].op
        if op.op != "left-out":
            self.status.setText("Only a left-out passage folds and unfolds.")
            return
        expand = self.current not in self.expanded
        cell = self.table.cell(self.current, 0)
        cursor = cell.firstCursorPosition()
        cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        fill_a(cursor, self.comparison, op, expanded=expand)
        if expand:
            self.expanded.add(self.current)
        else:
            self.expanded.discard(self.current)
        self._show_current()

    def is_expanded(self, row: int) -> bool:
        return row in self.expanded

    def current_op(self) -> Op | None:
        return self.rows[self.current].op if 0 <= self.current < len(self.rows) else None

    def open_current(self) -> None:
        """Ask for the current side's document at the current passage."""
        if self._still_comparing():
            return
        op = self.current_op()
        if op is None:
            self.status.setText("Go to a passage first (D for the next difference).")
            return
        if self.column == 0:
            offset = op.a_start if op.a_start is not None else op.a_at
            doc_id = self.doc_ids[0]
        else:
            offset = op.b_start if op.b_start is not None else op.b_at
            doc_id = self.doc_ids[1]
        self.hide()
        self._release_soon()
        self.open_requested.emit(doc_id, offset)

    def _show_current(self) -> None:
        if not 0 <= self.current < len(self.rows) or self.comparison is None or not self.table:
            return
        cell = self.table.cell(self.current, self.column)
        cursor = cell.firstCursorPosition()
        cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        op = self.rows[self.current].op
        side = self.labels[0 if self.column == 0 else 1].lower()
        found = self.differences()
        place = (
            f"Difference {found.index(self.current) + 1} of {len(found)}"
            if self.current in found else f"Passage {self.current + 1} of {len(self.rows)}"
        )
        extra = " (expanded)" if self.current in self.expanded else ""
        self.status.setText(f"{place}: {summary(self.comparison, op)}{extra} · {side} side")

    # -- closing -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._after_paint = None  # closed before it painted: nothing to compare for
        super().closeEvent(event)
        self._release_soon()
        self.closed.emit()

    def _release_soon(self) -> None:
        """Empty the hidden view once back in the event loop, so that the next comparison
        does not pay for clearing this one's rows before its first paint."""
        QTimer.singleShot(0, self, self._release)

    def _release(self) -> None:
        if self.isVisible():
            return  # opened again meanwhile: its content is the new comparison
        self._filler.stop()
        self._fill_waiting = False
        self.table = None
        self.view.document().clear()
