"""The library as a Qt table model: metadata rows only, text is read when a row is opened."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.library import Library, LibraryEntry

Index = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class LibraryModel(QAbstractTableModel):
    COLUMNS = ("Title", "Words", "Commentary", "Source")

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._library = library
        self._entries: list[LibraryEntry] = []
        self._rows: dict[int, int] = {}
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._entries = self._library.entries()
        self._rows = {entry.id: row for row, entry in enumerate(self._entries)}
        self.endResetModel()

    def set_commentary_share(self, doc_id: int, share: float) -> None:
        row = self.row_of(doc_id)
        if row < 0:
            return
        self._entries[row] = dataclasses.replace(self._entries[row], commentary_share=share)
        changed = self.index(row, 2)
        self.dataChanged.emit(changed, changed)

    def entry_at(self, row: int) -> LibraryEntry:
        return self._entries[row]

    def row_of(self, doc_id: int) -> int:
        return self._rows.get(doc_id, -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == SORT_ROLE:
            return (entry.title.lower(), entry.word_count, entry.commentary_share or 0.0,
                    entry.path.lower())[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.title}\n{entry.path}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.title}, {entry.word_count} words, from {entry.source_name}"
        return None

    @staticmethod
    def _display(entry: LibraryEntry, column: int) -> str:
        if column == 0:
            return entry.title
        if column == 1:
            return f"{entry.word_count:,}"
        if column == 2:
            return "–" if entry.commentary_share is None else f"{entry.commentary_share:.0%}"
        return entry.source_name
