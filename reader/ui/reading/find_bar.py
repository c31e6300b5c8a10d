"""Find in the open document: incremental, every match marked, "3 of 17", Enter to step.

Matches are found in the Python string (`reader.core.text.find`), not with `QTextDocument.find`,
and only the ones on or near the screen are painted (the view asks the "find" layer's source
for those), so 10,000 matches in 5 MB stay cheap. Offsets are document offsets throughout.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from reader.core.text.find import TextFinder, find_range, nearest_match
from reader.ui.reading.view import ReadingView

PAINT_MARGIN_CHARS = 20_000
"""In a large text, the first pass looks for matches this far beyond the screen."""
MAX_PAINTED = 2_000
DEBOUNCE_MS = 60
TWO_PASS_CHARS = 1_000_000
"""Texts longer than this get their on-screen matches marked before the full count."""
MATCH_COLOR = QColor(255, 214, 90)
CURRENT_COLOR = QColor(255, 140, 30)


class FindBar(QWidget):
    matches_changed = Signal(int)
    """A search finished with this many matches (emitted after the marks are painted)."""
    closed = Signal()

    def __init__(self, view: ReadingView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.setAccessibleName("Find in document")
        self.view = view
        self.starts: list[int] = []
        self.length = 0
        self.index = -1
        self._finder: TextFinder | None = None
        self._finder_for: object = None
        self._generation = 0
        self.complete = True
        """False while a large text's full count is still pending (see `search`)."""

        self.edit = QLineEdit(self)
        self.edit.setObjectName("find_edit")
        self.edit.setPlaceholderText("Find in document")
        self.edit.setAccessibleName("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("find_count")
        self.count_label.setAccessibleName("Matches")
        self.count_label.setMinimumWidth(90)
        self.case_box = QCheckBox("Match case", self)
        self.case_box.setAccessibleName("Match case")
        self.previous_button = self._button(
            "↑", "Previous match (Shift+Enter)", lambda: self.step(-1)
        )
        self.next_button = self._button("↓", "Next match (Enter)", lambda: self.step(1))
        self.close_button = self._button("✕", "Close find (Escape)", self.close_bar)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.edit.setMinimumWidth(220)
        self.edit.setMaximumWidth(380)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(8)
        layout.addWidget(self.case_box)
        layout.addStretch(1)
        layout.addWidget(self.close_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.edit.textChanged.connect(self._timer.start)
        self.case_box.toggled.connect(self.search)
        view.installEventFilter(self)  # Escape in the text closes the bar too
        self.hide()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # -- opening and closing ------------------------------------------------------------
    def open_bar(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 80:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text():
            self.search()

    @Slot()
    def close_bar(self) -> None:
        self._timer.stop()
        self._generation += 1
        self.hide()
        if 0 <= self.index < len(self.starts):
            self._select_current(select=True)
        self.view.set_layer("find", [])
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view and event.type() == QEvent.Type.KeyPress and self.isVisible():
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and not event.modifiers():
                self.close_bar()
                return True
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.search()
                self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    # -- searching ----------------------------------------------------------------------
    def finder(self) -> TextFinder | None:
        document = self.view.current
        if document is None:
            return None
        if self._finder_for is not document:
            self._finder = TextFinder(document.text)
            self._finder_for = document
        return self._finder

    def refresh(self) -> None:
        """A new document is on screen: mark its matches if the bar is open."""
        if self.isVisible():
            self.search()

    @Slot()
    def search(self) -> None:
        """Find every match; in a large text, mark the ones on screen first and count the
        rest on the next turn of the event loop (the first search folds the whole text)."""
        self._timer.stop()
        self._generation += 1
        query = self.edit.text()
        finder = self.finder()
        self.length = len(query)
        self.complete = True
        if finder is not None and query and len(finder.text) > TWO_PASS_CHARS:
            first, last = self.view.visible_range()
            low, high = first - PAINT_MARGIN_CHARS, last + PAINT_MARGIN_CHARS
            near = find_range(finder.text, query, low, high, self.case_box.isChecked())
            self.complete = False
            self._show(near, query, emit=False)
            generation = self._generation
            QTimer.singleShot(0, lambda: self._complete(generation))
            return
        starts = finder.find_all(query, self.case_box.isChecked()) if finder else []
        self._show(starts, query, emit=True)

    def _complete(self, generation: int) -> None:
        finder = self.finder()
        if generation != self._generation or finder is None:
            return  # the query changed meanwhile; a newer search is on its way
        self.complete = True
        query = self.edit.text()
        self._show(finder.find_all(query, self.case_box.isChecked()), query, emit=True)

    def _show(self, starts: list[int], query: str, emit: bool) -> None:
        self.starts = starts
        if starts:
            span = self.view.selection_offsets()
            anchor = span[0] if span is not None else self.view.caret_offset()
            self.index = nearest_match(starts, anchor)
            self._select_current()
        else:
            self.index = -1
        self.paint()
        self._update_label(query)
        if emit:
            self.matches_changed.emit(len(starts))

    def step(self, delta: int) -> None:
        """Go to the next (1) or previous (-1) match, wrapping around."""
        if not self.complete:
            self._complete(self._generation)
        if not self.starts:
            return
        self.index = (self.index + delta) % len(self.starts)
        self._select_current()
        self.paint()
        self._update_label(self.edit.text())

    def _select_current(self, select: bool = False) -> None:
        """Put the caret on the current match; it is painted by the find layer while the bar
        is open (a real selection would hide its colour) and selected when the bar closes."""
        start = self.starts[self.index]
        self.view.select_offsets(start, start + self.length if select else None)
        first, last = self.view.visible_range()
        if not first <= start <= last:
            self.view.centerCursor()

    def _update_label(self, query: str) -> None:
        if not query:
            text = ""
        elif not self.complete:
            text = f"{len(self.starts):,}+ matches…"
        elif not self.starts:
            text = "No matches"
        else:
            text = f"{self.index + 1:,} of {len(self.starts):,}"
        self.count_label.setText(text)
        self.count_label.setProperty("empty", bool(query) and not self.starts)
        self.count_label.setAccessibleDescription(text)

    @Slot()
    def paint(self) -> None:
        """Mark the matches on or near the screen; the current one stands out."""
        if not self.isVisible() or not self.starts:
            self.view.set_source("find", None)
            return
        self.view.set_source("find", self._spans)

    def _spans(self, low: int, high: int) -> list[tuple[int, int, QTextCharFormat]]:
        """The find layer's source: matches in [low, high), at most MAX_PAINTED of them."""
        first = bisect_left(self.starts, low - self.length)
        last = min(bisect_right(self.starts, high), first + MAX_PAINTED)
        match_format, current_format = _formats()
        spans = [
            (self.starts[i], self.starts[i] + self.length,
             current_format if i == self.index else match_format)
            for i in range(first, last)
        ]
        if 0 <= self.index < len(self.starts) and not first <= self.index < last:
            start = self.starts[self.index]  # past the cap, the current match still shows
            spans.append((start, start + self.length, current_format))
        return spans

    def find_next(self, delta: int) -> None:
        """F3 / Shift+F3: step when there is a search, else open the bar."""
        if self.isVisible() and self.edit.text():
            if self._timer.isActive():
                self.search()
            self.step(delta)
        elif self.edit.text():
            self.show()
            self.search()
            self.step(delta)
        else:
            self.open_bar()


@cache
def _formats() -> tuple[QTextCharFormat, QTextCharFormat]:
    """The look of a match and of the current one (shared, so unchanged marks stay put)."""
    formats = []
    for color in (MATCH_COLOR, CURRENT_COLOR):
        text_format = QTextCharFormat()
        text_format.setBackground(color)
        text_format.setForeground(QColor(20, 20, 20))
        formats.append(text_format)
    return formats[0], formats[1]
