"""Moving focus between the panes by keys (Alt+1/2/3, F6/Shift+F6) and the library's own keys.

Every pane gets a focus target that shows a visible frame; Tab still walks the controls
inside and between panes in reading order, so no pane traps the keyboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

if TYPE_CHECKING:
    from reader.ui.actions.qactions import Handlers


def focus_target(pane: QWidget) -> QWidget:
    """The widget that takes focus for a pane: its proxy, or the pane made focusable."""
    proxy = pane.focusProxy()
    if proxy is not None:
        return proxy
    if pane.focusPolicy() == Qt.FocusPolicy.NoFocus:
        pane.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        pane.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return pane


class PaneCycler:
    """Focus moves library → reading → notes (and back) in this order."""

    def __init__(self, panes: list[QWidget]) -> None:
        self.panes = panes
        for pane in panes:
            focus_target(pane)

    def handlers(self) -> Handlers:
        """Its rows of the action table (Alt+1/2/3, F6, Shift+F6)."""
        return {
            "focus.library": lambda: self.focus(0),
            "focus.reading": lambda: self.focus(1),
            "focus.notes": lambda: self.focus(2),
            "focus.next_pane": lambda: self.cycle(1),
            "focus.previous_pane": lambda: self.cycle(-1),
        }

    def focus(self, index: int) -> None:
        pane = self.panes[index % len(self.panes)]
        focus_target(pane).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current(self) -> int:
        widget = QApplication.focusWidget()
        for index, pane in enumerate(self.panes):
            if widget is not None and (widget is pane or pane.isAncestorOf(widget)):
                return index
        return -1

    def cycle(self, step: int) -> None:
        current = self.current()
        start = 0 if current < 0 and step > 0 else current
        for offset in range(1, len(self.panes) + 1):
            index = (start + step * offset) % len(self.panes)
            if self.panes[index].isVisible():
                self.focus(index)
                return


class LibraryKeys(QObject):
    """Type-to-filter: letters typed in the list go to the filter box; Down or Escape in the
    box comes back to the list. Up/Down/Home/End are the list's own keys."""

    def __init__(self, view: QAbstractItemView, filter_edit: QLineEdit) -> None:
        super().__init__(view)
        self.view = view
        self.filter_edit = filter_edit
        view.installEventFilter(self)
        filter_edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if watched is self.view:
            return self._from_list(event)
        if watched is self.filter_edit:
            return self._from_filter(event)
        return False

    def _from_list(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and not event.modifiers():
            # A table's Home/End move along the row; in a document list they mean first/last.
            model = self.view.model()
            row = 0 if event.key() == Qt.Key.Key_Home else model.rowCount() - 1
            if row >= 0:
                self.view.setCurrentIndex(model.index(row, 0))
            return True
        blocked = (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        text = event.text()
        if event.modifiers() & blocked or not text or not text.isprintable() or text.isspace():
            return False
        self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.filter_edit.insert(text)
        return True

    def _from_filter(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.view.currentIndex().isValid() and self.view.model().rowCount() > 0:
                self.view.setCurrentIndex(self.view.model().index(0, 0))
            return True
        if key == Qt.Key.Key_Escape and self.filter_edit.text():
            self.filter_edit.clear()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False
