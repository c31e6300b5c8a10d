"""The overview strip beside the reading pane's scroll bar: where reporting, commentary and
furniture, the copy's changes and omissions, your highlights and find matches sit in the
whole document. Clicking or dragging it scrolls there.

Three lanes, so nothing depends on colour alone: passage kinds on the left, the comparison's
changes (amber) and omissions (red) in the middle, highlights and find matches on the right.
The picture is drawn once per change of what it shows (a cheap signature is checked on each
paint) and only the frame of the visible part is drawn on scrolling.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from reader.ui.reading.passage_style import STYLES

if TYPE_CHECKING:
    from reader.ui.reading.view import ReadingView

OVERVIEW_WIDTH = 14
CHANGE = QColor(225, 150, 20)
OMISSION = QColor(215, 55, 45)
HIGHLIGHT = QColor(245, 200, 40)
FIND = QColor(40, 160, 90)
Marks = Callable[[], Sequence[tuple[int, int, bool]]]
"""(start, end, is_omission) of the comparison's marks in the shown document."""
Matches = Callable[[], tuple[Sequence[int], int]]
"""Find match starts and their length."""


class OverviewStrip(QWidget):
    def __init__(self, view: ReadingView, marks: Marks, matches: Matches) -> None:
        super().__init__(view)
        self.view = view
        self.marks = marks
        self.matches = matches
        self.setObjectName("overview_strip")
        self.setAccessibleName("Overview of the document")
        self.setToolTip("Where each kind of passage, change, highlight and find match is: "
                        "click or drag to scroll there")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._image: QImage | None = None
        self._signature: tuple[object, ...] = ()
        self._pending = False
        self.builds = 0
        """How many times the picture was drawn (tests check it is not redrawn on scroll)."""
        view.scrolled.connect(self.update)

    def _current_signature(self) -> tuple[object, ...]:
        view = self.view
        starts, _length = self.matches()
        marks = self.marks()
        return (
            id(view.current), id(view.segments), len(view.segments), id(view.note_spans),
            len(view.note_spans), id(starts), len(starts), id(marks), len(marks), self.height(),
        )

    def picture(self) -> QImage:
        """The strip's picture, drawn now if what it shows changed."""
        signature = self._current_signature()
        if self._image is None or signature != self._signature:
            self._image = self._build()
            self._signature = signature
        return self._image

    def _stale(self) -> bool:
        return self._image is None or self._current_signature() != self._signature

    def _build(self) -> QImage:
        self.builds += 1
        height = max(1, self.height())
        image = QImage(OVERVIEW_WIDTH, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        document = self.view.current
        total = len(document.text) if document is not None else 0
        if not total:
            return image
        painter = QPainter(image)

        def band(start: int, end: int, x: int, width: int, colour: QColor) -> None:
            top = start * height // total
            bottom = max(top + 1, end * height // total)
            painter.fillRect(x, top, width, bottom - top, colour)

        for segment in self.view.segments:
            style = STYLES.get(segment.kind)
            if style is not None and segment.kind != "reporting":
                band(segment.start, segment.end, 0, 4, style.bar)
        for start, end, omission in self.marks():
            band(start, end, 5, 4, OMISSION if omission else CHANGE)
        for top, bottom in covered_rows(self.view.note_spans, total, height):
            painter.fillRect(10, top, 4, bottom - top, HIGHLIGHT)
        starts, length = self.matches()
        for start in starts:
            band(start, start + length, 10, 4, FIND)
        painter.end()
        return image

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """The picture is redrawn after this paint, not during it: opening a document never
        waits on the strip (a 5 MB document's passages take ~20 ms to draw)."""
        if self._stale() and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._redraw)
        painter = QPainter(self)
        same_document = self._signature[:1] == (id(self.view.current),)
        if self._image is not None and self._image.height() == self.height() and same_document:
            painter.drawImage(0, 0, self._image)  # until the new picture is drawn
        document = self.view.current
        if document is not None and document.text:
            first, last = self.view.visible_range()
            total = len(document.text)
            top = first * self.height() // total
            bottom = max(top + 3, last * self.height() // total)
            pen = QPen(self.palette().text().color())
            pen.setWidth(1)
            painter.setPen(pen)
            painter.drawRect(QRect(0, top, OVERVIEW_WIDTH - 1, bottom - top))
        painter.end()

    def _redraw(self) -> None:
        self._pending = False
        self.picture()
        self.update()

    def offset_at(self, y: float) -> int:
        document = self.view.current
        if document is None or not self.height():
            return 0
        share = min(1.0, max(0.0, y / self.height()))
        return int(share * len(document.text))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._scroll_to(event.position().y())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._scroll_to(event.position().y())

    def _scroll_to(self, y: float) -> None:
        """Put the place under the pointer in the middle of the pane."""
        offset = self.offset_at(y)
        first, last = self.view.visible_range()
        self.view.scroll_to_offset(max(0, offset - (last - first) // 2))
        self.update()

    def describe(self, point: QPoint) -> str:
        """What the strip shows at this point, in words (its hover)."""
        offset = self.offset_at(point.y())
        segment = self.view.segment_at(offset)
        return segment.kind if segment is not None else ""


_end = itemgetter(1)


def covered_rows(spans: list[tuple[int, int]], total: int, height: int) -> list[tuple[int, int]]:
    """Runs [top, bottom) of the strip's pixel rows that spans sorted by start mark, as
    `band` would mark them one by one, found a row at a time: 50,000 highlights cost a
    bisect and a C-level max per row, not a Python step (and a fillRect) per highlight."""
    runs: list[tuple[int, int]] = []
    done = 0  # spans[:done] start before the current row's end
    reach = -1  # the furthest end among them
    for row in range(height):
        low = -(-row * total // height)  # the first offset drawn in this row
        high = -(-(row + 1) * total // height)  # ... and the first drawn below it
        first_here = bisect.bisect_left(spans, (low,), done)
        upto = bisect.bisect_left(spans, (high,), first_here)
        if upto > done:
            reach = max(reach, max(map(_end, spans[done:upto])))
        marked = first_here < upto or reach >= high
        done = upto
        if marked:
            if runs and runs[-1][1] == row:
                runs[-1] = (runs[-1][0], row + 1)
            else:
                runs.append((row, row + 1))
    return runs
