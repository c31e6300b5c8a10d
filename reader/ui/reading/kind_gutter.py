"""The margin beside the text: a bar per passage and a label where a passage begins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from reader.ui.reading.passage_style import STYLES

if TYPE_CHECKING:  # events that come after the first paint: their types are made then
    from PySide6.QtGui import QHelpEvent, QMouseEvent

    from reader.ui.reading.view import ReadingView

GUTTER_WIDTH = 92
BAR_WIDTH = 4


class KindGutter(QWidget):
    """Painted from the view's visible blocks, like Qt's line-number-area example."""

    def __init__(self, view: ReadingView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("kind_gutter")
        self.setAccessibleName("Passage kinds")
        self.setMouseTracking(True)
        font = QFont(view.font())
        font.setPointSizeF(max(7.5, view.font().pointSizeF() * 0.62))
        font.setBold(True)
        self.label_font = font

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        index = self.view.segment_index
        if index is None or not len(index):
            return
        painter = QPainter(self)
        painter.setFont(self.label_font)
        block = self.view.firstVisibleBlock()
        offset = self.view.contentOffset()
        bottom_limit = event.rect().bottom()
        previous_kind = self.view.kind_before(self.view.to_doc(block.position()))
        while block.isValid():
            geometry = self.view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom_limit:
                break
            if block.isVisible() and block.length() > 1:
                kinds = [s.kind for s in index.overlapping(*self.view.block_offsets(block))]
                top, height = int(geometry.top()) + 2, int(geometry.height()) - 4
                for position, kind in enumerate(dict.fromkeys(kinds)):
                    style = STYLES.get(kind)
                    if style is None:
                        continue
                    pen = QPen(style.bar, BAR_WIDTH, style.bar_pattern, Qt.PenCapStyle.FlatCap)
                    painter.setPen(pen)
                    x = self.width() - BAR_WIDTH - 2 - position * (BAR_WIDTH + 2)
                    painter.drawLine(x, top, x, top + height)
                    if style.short and kind != previous_kind and position == 0:
                        # The bar carries the colour; the label is in the text's ink, so it
                        # reads in every theme (orange on paper was 2.4:1).
                        painter.setPen(self.view.palette().color(QPalette.ColorRole.Text))
                        painter.drawText(
                            QRect(0, top, self.width() - BAR_WIDTH - 8, 16),
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                            style.short,
                        )
                if kinds:
                    previous_kind = kinds[-1]
            block = block.next()
        painter.end()

    def show_tip(self, event: QHelpEvent) -> None:
        """Hovering a bar or label names the kind and how to learn why (plain text).

        Called by the view's `HoverHelp` filter, installed after the first paint: an
        `event()` override here would make PySide build a Python type for every QEvent
        subclass on the first event the gutter gets (launch rule 7)."""
        from PySide6.QtWidgets import QToolTip

        segment = self.view.segment_at(self.view.offset_at(QPoint(0, event.pos().y())))
        style = STYLES.get(segment.kind) if segment is not None else None
        if style is None:
            QToolTip.hideText()
            event.ignore()
            return
        QToolTip.showText(event.globalPos(),
                          f"{style.label}: {style.description}. Click to see why.", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Clicking beside a passage explains it (and offers its original)."""
        self.view.explain_requested.emit(self.view.offset_at(QPoint(0, int(event.position().y()))))
