"""The library's share bars: a thin bar under each row's commentary figure showing how much of
the document is reporting, commentary and furniture.

Painted from the shares stored with the verdict and read with the row (`LibraryEntry.shares`):
nothing is classified, counted or read from the store at paint time. Not colour alone: each
kind has its own fill (solid reporting, hatched commentary, dotted furniture) and the cell's
tooltip and accessible text give the three percentages in words.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from reader.core.library.documents import LibraryEntry
from reader.ui.library.model import ENTRY_ROLE, share_words
from reader.ui.reading.passage_style import STYLES

BAR_HEIGHT = 6
KINDS = ("reporting", "commentary", "furniture")
__all__ = ["ShareBarDelegate", "bar_pieces", "install", "share_words"]
PATTERNS = {
    "reporting": Qt.BrushStyle.SolidPattern,
    "commentary": Qt.BrushStyle.BDiagPattern,
    "furniture": Qt.BrushStyle.Dense5Pattern,
}
"""Each kind's fill: told apart by pattern as well as by colour."""


def bar_pieces(shares: tuple[float, float, float], width: int) -> list[tuple[str, int, int]]:
    """(kind, x, width) of each kind's piece of a bar `width` pixels wide; a kind with any
    share gets at least a pixel, and the pieces end at the bar's end."""
    total = sum(shares) or 1.0
    pieces: list[tuple[str, int, int]] = []
    x = 0
    for number, (kind, share) in enumerate(zip(KINDS, shares, strict=True)):
        if share <= 0:
            continue
        later = sum(1 for s in shares[number + 1 :] if s > 0)  # each keeps a pixel
        size = width - x if not later else max(1, round(width * share / total))
        size = min(size, width - x - later)
        if size > 0:
            pieces.append((kind, x, size))
            x += size
    return pieces


class ShareBarDelegate(QStyledItemDelegate):
    """The commentary column as before, with the kinds' bar along the cell's foot."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, LibraryEntry):
            return
        shares = entry.shares
        if shares is None:
            return
        rect: QRect = option.rect
        # left of the right-aligned figure, centred on its line: never under the text
        figure = option.fontMetrics.horizontalAdvance("100%") + 10
        inner = rect.adjusted(4, 0, -figure, 0)
        if inner.width() < 12:
            return
        top = rect.top() + (rect.height() - BAR_HEIGHT) // 2
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        ink = (palette.highlightedText() if selected else palette.text()).color()
        for kind, x, size in bar_pieces(shares, inner.width()):
            piece = QRect(inner.left() + x, top, size, BAR_HEIGHT)
            colour = QColor(STYLES[kind].bar)
            colour.setAlpha(255)
            painter.fillRect(piece, QBrush(colour, PATTERNS[kind]))
        outline = QColor(ink)
        outline.setAlpha(200 if selected else 110)  # the bar's edge reads on a selection too
        painter.setPen(outline)
        painter.drawRect(QRect(inner.left(), top - 1, inner.width() - 1, BAR_HEIGHT + 1))
        painter.restore()


def install(view: QAbstractItemView, column: int) -> ShareBarDelegate:
    """Put the share bar on `column` of a library view (the view keeps the delegate)."""
    delegate = ShareBarDelegate(view)
    view.setItemDelegateForColumn(column, delegate)
    return delegate
