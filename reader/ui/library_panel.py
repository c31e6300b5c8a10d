"""The library pane: a filter box over a sortable list of documents."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.ui.library_model import SORT_ROLE, LibraryModel


class LibraryPanel(QWidget):
    document_selected = Signal(int)
    """The current row changed to the document with this id."""

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter documents")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter the library")
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.view = QTreeView(self)
        self.view.setObjectName("library_view")
        self.view.setAccessibleName("Library")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self.on_current_row_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)
        self.setFocusProxy(self.view)

    @Slot(QModelIndex, QModelIndex)
    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            source = self.proxy.mapToSource(current)
            self.document_selected.emit(self.model.entry_at(source.row()).id)

    def select_document(self, doc_id: int) -> bool:
        row = self.model.row_of(doc_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.view.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def step(self, delta: int) -> None:
        """Move to the next/previous document (used from the reading pane)."""
        current = self.view.currentIndex()
        row = (current.row() if current.isValid() else -1) + delta
        if 0 <= row < self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(row, 0))
