"""The sidebar's list of note cards: a view that only measures and paints visible cards.

A `QListView` lays out every row (asking the delegate for every card's height, so
rendering every note's Markdown) before it paints the first card: 1,000 notes cost
hundreds of milliseconds. A flat `QTreeView` scrolling per item asks only for the rows it
shows (and a screenful at the end, for the scroll bar), so opening a document with 1,000
notes measures and paints a few cards. Cards are capped in height by the delegate to fit
the list, so scrolling by whole cards never hides part of one. To a screen reader it is a
list of cards, not a tree (`card_access`).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTreeView, QWidget

from reader.ui.notes import card_access
from reader.ui.notes.card import NoteCardDelegate


class NoteCardList(QTreeView):
    """A flat, single-column list of note cards (no header, no branches)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card_access.install(NoteCardList)
        self.setObjectName(name)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setExpandsOnDoubleClick(False)
        self.setIndentation(0)
        self.setUniformRowHeights(False)  # cards differ; heights are asked for lazily
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # see NotesModel
        self.setDragEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAllColumnsShowFocus(False)  # the delegate draws the focus ring, not the style
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # The delegate draws the whole card and its selection border: no row highlight.
        self.setStyleSheet("QTreeView { background: palette(window); }"
                           " QTreeView::item:selected, QTreeView::item:hover,"
                           " QTreeView::branch { background: transparent; border: none; }")
        self.setItemDelegate(NoteCardDelegate(self))
        self._size = (-1, -1)
        self._wheel = 0.0
        self.placeholder = ""
        """Shown in the empty list. Drawn in the list rather than as a label above it, so
        a document with notes and one without lay the sidebar out the same way."""

    def set_placeholder(self, text: str) -> None:
        if text != self.placeholder:
            self.placeholder = text
            self.setAccessibleDescription(text)
            self.viewport().update()

    def lay_out_now(self) -> None:
        """Measure the shown cards when the rows change, not inside the next paint: a layout
        run by a paint asks for another paint, so each document opened drew its cards one
        time more than needed (~0.5-0.9 ms of opening one with 1,000 notes). A hidden list
        waits for its paint."""
        if self.isVisible():
            self.executeDelayedItemsLayout()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if not self.placeholder or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                         Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
                         | Qt.TextFlag.TextWordWrap, self.placeholder)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Card heights depend on the width (wrapped text) and the height (a long note is
        cut to fit): measure the shown cards again when either changes."""
        super().resizeEvent(event)
        size = (self.viewport().width(), self.viewport().height())
        if size != self._size:
            self._size = size
            self.scheduleDelayedItemsLayout()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """One card per wheel notch (Qt's default of three lines is three whole cards)."""
        steps = event.angleDelta().y() / 120
        if not steps or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            super().wheelEvent(event)
            return
        self._wheel += steps
        whole = int(self._wheel)
        if whole:
            self._wheel -= whole
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - whole)
        event.accept()

    # Accessibility events name a card by its row (child i of `CardListAccessible`); the
    # tree view's own would count its hidden header as child 0 and name the card above.
    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,  # noqa: N802
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        QAbstractItemView.currentChanged(self, current, previous)
        if QAccessible.isActive() and current.isValid() and self.hasFocus():
            self._announce(QAccessible.Event.Focus, current.row())

    def selectionChanged(self, selected: QItemSelection,  # noqa: N802
                         deselected: QItemSelection) -> None:
        QAbstractItemView.selectionChanged(self, selected, deselected)
        if QAccessible.isActive():
            for index in selected.indexes():
                self._announce(QAccessible.Event.SelectionAdd, index.row())
            for index in deselected.indexes():
                self._announce(QAccessible.Event.SelectionRemove, index.row())

    def _announce(self, kind: QAccessible.Event, row: int) -> None:
        event = QAccessibleEvent(self, kind)
        event.setChild(row)
        QAccessible.updateAccessibility(event)
