"""What a screen reader is told about a list of note cards: a list of list items, each
named by its quote and its note's text (plain), not the tree Qt reports for a tree view.

The card list is a `QTreeView` for speed (see `card_list`), and Qt's accessibility for a
tree view says "tree", with a column header as its first child and rows as tree items. An
accessibility factory gives `NoteCardList` these interfaces instead. Item interfaces are
registered with Qt's accessibility cache as rows are asked for, and kept referenced here
until they are deleted from it (whenever the rows change, and when the list goes): a Python
interface whose last reference went while Qt still held it would leave Qt a freed object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QWindow
from PySide6.QtWidgets import QAbstractItemView, QAccessibleWidget
from shiboken6 import Shiboken

from reader.ui.notes.model import NOTE_ROLE, TITLE_ROLE

if TYPE_CHECKING:
    from reader.core.notes.storage import Note

_installed = False


def install(view_class: type[QAbstractItemView]) -> None:
    """Give every view of this class the list interfaces (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    name = view_class.__name__

    def factory(class_name: str, obj: QObject) -> QAccessibleInterface | None:
        if class_name == name and isinstance(obj, view_class):
            return CardListAccessible(obj)
        return None

    QAccessible.installFactory(factory)


class CardListAccessible(QAccessibleWidget):
    """The list: its children are the cards, child i being row i. (Qt's stubs type the
    child lookups as never None; Qt itself takes None, a null pointer, for "no such child".)"""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view, QAccessible.Role.List)
        self.view = view
        self._items: dict[int, tuple[int, CardAccessible]] = {}
        """row -> (id in Qt's accessibility cache, the interface, kept alive here)."""
        self._model: QObject | None = None
        self._watch()
        view.destroyed.connect(self.forget)

    def _watch(self) -> None:
        model = self.view.model()
        if model is self._model or model is None:
            return
        self._model = model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged, model.rowsMoved):
            signal.connect(self.forget)

    def forget(self) -> None:
        """The rows changed: the item interfaces handed out no longer name the same rows."""
        items, self._items = self._items, {}
        for iface_id, _item in items.values():
            QAccessible.deleteAccessibleInterface(iface_id)  # deletes it, then we let go

    def _rows(self) -> int:
        self._watch()
        model = self.view.model()
        return model.rowCount() if model is not None and Shiboken.isValid(self.view) else 0

    def childCount(self) -> int:  # noqa: N802
        return self._rows()

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not 0 <= index < self._rows():
            return None
        known = self._items.get(index)
        if known is None:
            item = CardAccessible(self, index)
            known = self._items[index] = (QAccessible.registerAccessibleInterface(item), item)
        return known[1]

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        return child.row if isinstance(child, CardAccessible) and child.owner is self else -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        viewport = self.view.viewport()
        index = self.view.indexAt(viewport.mapFromGlobal(QPoint(x, y)))
        return self.child(index.row()) if index.isValid() else None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        index = self.view.currentIndex()
        if not self.view.hasFocus() or not index.isValid():
            return None
        return self.child(index.row())


class CardAccessible(QAccessibleInterface):
    """One card: a list item named by its quote and note text (plain text)."""

    def __init__(self, owner: CardListAccessible, row: int) -> None:
        super().__init__()
        self.owner = owner
        self.row = row

    def _index(self) -> QModelIndex:
        view = self.owner.view
        if not Shiboken.isValid(view) or view.model() is None:
            return QModelIndex()
        return view.model().index(self.row, 0)

    def isValid(self) -> bool:  # noqa: N802
        return self._index().isValid()

    def object(self) -> QObject | None:  # type: ignore[override]
        return None

    def window(self) -> QWindow | None:  # type: ignore[override]
        return self.owner.window()

    def parent(self) -> QAccessibleInterface:
        return self.owner

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childCount(self) -> int:  # noqa: N802
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        return None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        return None

    def relations(self, match: QAccessible.RelationFlag = QAccessible.RelationFlag.AllRelations  # noqa: B008
                  ) -> list[tuple[QAccessibleInterface, QAccessible.RelationFlag]]:
        return []

    def text(self, kind: QAccessible.Text) -> str:
        index = self._index()
        if not index.isValid():
            return ""
        if kind == QAccessible.Text.Name:
            # the model's plain "“quote” note text" (markup stripped)
            return str(index.data(Qt.ItemDataRole.AccessibleTextRole) or "")
        if kind == QAccessible.Text.Description:
            note: Note | None = index.data(NOTE_ROLE)
            if note is None:
                return ""
            kind_text = "Document note" if note.is_document_note else (
                f"{note.color.title()} highlight")
            title = index.data(TITLE_ROLE) or ""
            return f"{kind_text}, in {title}" if title else kind_text
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:  # noqa: N802
        return None

    def rect(self) -> QRect:
        index = self._index()
        if not index.isValid():
            return QRect()
        view = self.owner.view
        area = view.visualRect(index)
        return QRect(view.viewport().mapToGlobal(area.topLeft()), area.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.focusable = True
        state.selectable = True
        index = self._index()
        if not index.isValid():
            state.invalid = True
            return state
        view = self.owner.view
        selection = view.selectionModel()
        state.selected = selection is not None and selection.isSelected(index)
        state.focused = view.hasFocus() and view.currentIndex() == index
        state.invisible = not view.viewport().rect().intersects(view.visualRect(index))
        return state
