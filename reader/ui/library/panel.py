"""The library pane: a filter box and collection choice over a sortable list of documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

from reader.core.library.seeds import SEED_COLLECTION
from reader.ui.library.model import ALL_COLLECTIONS, LibraryModel, LibraryProxy

COLLECTION_CHOICES = (
    ("All documents", ALL_COLLECTIONS),
    ("Library", "library"),
    ("Seeds (in italics)", SEED_COLLECTION),
)

SORT_CHOICES = (
    ("Title", LibraryModel.TITLE),
    ("Source folder", LibraryModel.FOLDER),
    ("Date added", LibraryModel.ADDED),
    ("Site", LibraryModel.SITE),
    ("Date published", LibraryModel.PUBLISHED),
    ("Word count", LibraryModel.WORDS),
    ("Commentary share", LibraryModel.COMMENTARY),
)

COLUMN_SAMPLES = {
    LibraryModel.WORDS: "00,000",
    LibraryModel.COMMENTARY: "Comment. 0000",  # room for the share bar beside the figure
    LibraryModel.ADDED: "2024-03-18 12:00",
    LibraryModel.FOLDER: "a folder name",
    LibraryModel.SITE: "Site name",
    LibraryModel.PUBLISHED: "2024-03-18",
}
"""Column widths come from typical contents, measured once, not from every row."""

HIDDEN_BY_DEFAULT = (
    LibraryModel.ADDED,
    LibraryModel.FOLDER,
    LibraryModel.SITE,
    LibraryModel.PUBLISHED,
)
"""The pane is narrow: these are sortable from the Sort menu and shown from the header menu."""


class LibraryPanel(QWidget):
    document_selected = Signal(int)
    """The current row changed to the document with this id."""
    remove_requested = Signal(list)
    """The user asked to remove these document ids from the library (context menu)."""

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = LibraryProxy(self)
        self.proxy.setSourceModel(model)
        self._kept: tuple[int | None, list[int]] = (None, [])
        """The current and selected documents across a reset of the rows (filter, sort)."""
        self._restoring = False
        model.modelAboutToBeReset.connect(self._keep_selection)
        model.rows_replaced.connect(self._restore_selection)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by title or path")
        self.filter_edit.setAccessibleName("Filter the library")
        self.filter_edit.textChanged.connect(self.on_filter_text)
        self.open_id: int | None = None
        """The document this list last opened (kept while a filter hides its row)."""
        self._narrowing = False
        """True while the filter or collection changes which rows show: the current row
        moving then is not the user choosing another document."""

        self.collection_combo = QComboBox(self)
        self.collection_combo.setAccessibleName("Collection")
        self.collection_combo.setToolTip("Which documents to list. Titles in italics are the "
                                         "bundled sample articles (the Seeds collection).")
        for text, value in COLLECTION_CHOICES:
            self.collection_combo.addItem(text, value)
        self.collection_combo.currentIndexChanged.connect(self.on_collection_changed)

        self.sort_button = QToolButton(self)
        self.sort_button.setText("Sort")
        self.sort_button.setAccessibleName("Sort the library")
        self.sort_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort_menu = QMenu(self)  # its choices are added just after the first paint
        self.sort_button.setMenu(self.sort_menu)
        self.sort_button.setToolTip("Sort the library")
        self.sort_button.setMinimumWidth(
            self.sort_button.fontMetrics().horizontalAdvance("Sort") + 30
        )

        # A table, not a tree: QTreeView lays out every row up front (two model calls per
        # row), which is most of the start-up cost at 10,000 documents.
        self.view = QTableView(self)
        self.view.setObjectName("library_view")
        self.view.setAccessibleName("Library")
        self.view.setModel(self.proxy)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.setCornerButtonEnabled(False)
        self.view.setAlternatingRowColors(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        # Unsorted (seeds first, then in the order added) until the user picks a sort; set
        # before enabling sorting, which would otherwise sort 10,000 rows by title at start.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Never ResizeToContents: it asks every row of a 10,000-document model for its text.
        metrics = self.view.fontMetrics()
        heading = header.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            # wide enough for its heading too ("Comment." was cut), and the sort arrow
            header.resizeSection(column, max(metrics.horizontalAdvance(sample) + 24,
                                             heading.horizontalAdvance(title) + 34))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.on_header_menu)
        for column in HIDDEN_BY_DEFAULT:
            self.view.setColumnHidden(column, True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.selectionModel().currentRowChanged.connect(self.on_current_row_changed)

        bar = QHBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.collection_combo)
        bar.addWidget(self.sort_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        # The list takes the pane's focus (Alt+1, F6), but is not the pane's focus proxy: Qt 6
        # treats a widget whose proxy is a child as one stop for Tab, so the filter, the
        # collection box and Sort were never reached.
        self.pane_focus: QWidget = self.view

    def tab_chain(self) -> list[QWidget]:
        """The pane's controls in reading order, for the window's Tab order."""
        return [self.filter_edit, self.collection_combo, self.sort_button, self.view]

    def complete(self) -> None:
        """What the first paint does not show: the filter box's clear button, hidden while
        the box is empty anyway (its icon lookup is ~5 ms of start-up), and the sort menu's
        choices (QAction and QActionGroup are two more classes for PySide to build), and the
        rows' delegates: the share bars and the title's cut (QStyle alone is ~6 ms for PySide
        to build; until they are in, rows paint as plain text)."""
        from reader.ui.library.share_bar import install as install_share_bars
        from reader.ui.library.title_delegate import TitleDelegate

        self.share_bars = install_share_bars(self.view, LibraryModel.COMMENTARY)
        self.view.setItemDelegateForColumn(LibraryModel.TITLE, TitleDelegate(self.view))
        self.filter_edit.setClearButtonEnabled(True)
        self._fill_sort_menu(self.sort_menu)
        header = self.view.horizontalHeader()
        header.sortIndicatorChanged.connect(self._sync_sort_menu)
        self._sync_sort_menu(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _fill_sort_menu(self, menu: QMenu) -> None:
        from PySide6.QtGui import QActionGroup

        self._sort_group = QActionGroup(self)
        self._sort_actions: dict[int, QAction] = {}
        for text, column in SORT_CHOICES:
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setObjectName(f"sort.{column}")
            action.triggered.connect(lambda _c=False, col=column: self.sort_by(col))
            self._sort_group.addAction(action)
            self._sort_actions[column] = action
        menu.addSeparator()
        self.descending_action = menu.addAction("Descending")
        self.descending_action.setCheckable(True)
        self.descending_action.toggled.connect(self.on_descending_toggled)

    def sort_by(self, column: int, descending: bool | None = None) -> None:
        if descending is None:
            descending = self.descending_action.isChecked()
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.view.sortByColumn(column, order)

    @Slot(QPoint)
    def on_header_menu(self, position: QPoint) -> None:
        self.header_menu().popup(self.view.horizontalHeader().mapToGlobal(position))

    def header_menu(self) -> QMenu:
        """Show or hide columns; the title always stays."""
        menu = QMenu(self)
        for column in range(1, self.model.columnCount()):
            action = menu.addAction(self.model.COLUMNS[column])
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(column))
            action.toggled.connect(
                lambda shown, col=column: self.view.setColumnHidden(col, not shown)
            )
        return menu

    @Slot(bool)
    def on_descending_toggled(self, descending: bool) -> None:
        column = self.view.horizontalHeader().sortIndicatorSection()
        if 0 <= column < self.model.columnCount():
            self.sort_by(column, descending)

    @Slot(int, Qt.SortOrder)
    def _sync_sort_menu(self, column: int, order: Qt.SortOrder) -> None:
        if column in self._sort_actions:
            self._sort_actions[column].setChecked(True)
        self.descending_action.blockSignals(True)
        self.descending_action.setChecked(order == Qt.SortOrder.DescendingOrder)
        self.descending_action.blockSignals(False)

    @Slot(str)
    def on_filter_text(self, text: str) -> None:
        self._narrow(lambda: self.proxy.set_text(text))

    @Slot(int)
    def on_collection_changed(self, _index: int) -> None:
        self._narrow(lambda: self.proxy.set_collection(str(self.collection_combo.currentData())))

    def _narrow(self, change: Callable[[], None]) -> None:
        """Filter the list without switching the open document: typing in the filter used
        to open whichever row Qt made current when the open one was filtered out."""
        keep = self.current_id() if self.current_id() is not None else self.open_id
        self._narrowing = True
        try:
            change()
            if keep is not None and not self.select_document(keep):
                self.view.selectionModel().clear()  # shown again when the filter allows
        finally:
            self._narrowing = False

    @Slot()
    def _keep_selection(self) -> None:
        current = self.current_id()
        if current is None and self.open_id is not None:
            # A filter hid the open document's row: when the new rows show it again it is
            # current again (a big library's answer arrives after `_narrow` has run).
            self._kept = (self.open_id, [self.open_id])
            return
        self._kept = (current, self.selected_ids())

    @Slot()
    def _restore_selection(self) -> None:
        """After new rows arrived, the same documents stay current and selected (the
        reading pane is not reopened for the document it already shows)."""
        current, selected = self._kept
        self._kept = (None, [])
        if current is None:
            return
        row = self.model.row_of(current)
        if row < 0:
            return
        selection = self.view.selectionModel()
        self._restoring = True
        try:
            selection.setCurrentIndex(
                self.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )
            flag = QItemSelectionModel.SelectionFlag
            flags = flag.Select | flag.Rows
            for doc_id in selected[:1000]:  # a huge selection is not worth a long restore
                other = self.model.row_of(doc_id)
                if other >= 0:
                    selection.select(self.proxy.index(other, 0), flags)
        finally:
            self._restoring = False
        self.view.scrollTo(self.proxy.index(row, 0))

    @Slot(QModelIndex, QModelIndex)
    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._narrowing and not self._restoring:
            source = self.proxy.mapToSource(current)
            self.open_id = self.model.entry_at(source.row()).id
            self.document_selected.emit(self.open_id)

    @Slot(QPoint)
    def selected_ids(self) -> list[int]:
        """Selected documents, or the current one when nothing is selected."""
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return [
            self.model.entry_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).id
            for row in sorted(rows)
        ]

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry_at(self.proxy.mapToSource(index).row()).id

    def select_document(self, doc_id: int) -> bool:
        row = self.model.row_of(doc_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def reveal_document(self, doc_id: int) -> bool | None:
        """Select a document even if the filter or collection hides it: both are cleared
        then. True if they had to be, False if it was in view, None if it is not listed."""
        if self.select_document(doc_id):
            return False
        self.filter_edit.clear()
        self.collection_combo.setCurrentIndex(0)  # All documents
        return True if self.select_document(doc_id) else None

    def select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.view.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def step(self, delta: int) -> None:
        """Move to the next/previous document (used from the reading pane and the menu).

        The selection moves with it, one row: with Ctrl held (Ctrl+PgDown) the view's own
        setCurrentIndex would toggle rows into a multi-selection that Delete then removes."""
        current = self.view.currentIndex()
        row = (current.row() if current.isValid() else -1) + delta
        if 0 <= row < self.proxy.rowCount():
            self.select_row(row)

    def select_row(self, row: int) -> None:
        """Make this row the current one and the only one selected."""
        index = self.proxy.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
