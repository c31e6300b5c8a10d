"""The library as a Qt table model: metadata rows only, text is read when a row is opened.

Built to stay cheap at 10,000 documents: one SQL query of metadata at start, sorting done
here with one Python sort (not by the proxy asking `data()` n·log n times), and imports
applied as row inserts/updates rather than a reset.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from reader.core.library.documents import Library, LibraryEntry
from reader.ui.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3

ALL_COLLECTIONS = ""


def _folder_name(entry: LibraryEntry) -> str:
    return os.path.basename(os.path.dirname(entry.path))


SORT_KEYS = (
    lambda e: e.title.lower(),
    lambda e: e.word_count,
    lambda e: -1.0 if e.commentary_share is None else e.commentary_share,
    lambda e: e.added_at,
    lambda e: (os.path.dirname(e.path).lower(), e.title.lower()),
    lambda e: (e.site.lower(), e.published),
    lambda e: (e.published, e.title.lower()),
)
"""Per column: how rows compare when the user sorts by it."""


class LibraryModel(QAbstractTableModel):
    COLUMNS = ("Title", "Words", "Comment.", "Added", "Folder", "Site", "Date")
    HEADER_TIPS = (
        "Title",
        "Word count",
        "Share of commentary (text a republisher added)",
        "Date added to the library",
        "Source folder",
        "The web site a page came from",
        "Date the page was published",
    )
    TITLE, WORDS, COMMENTARY, ADDED, FOLDER, SITE, PUBLISHED = range(7)

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._library = library
        self._entries: list[LibraryEntry] = []
        self._rows: dict[int, int] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._seed_font = QFont()
        self._seed_font.setItalic(True)
        self._shared_titles: set[str] = set()
        self.reload()

    # --- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read every row from the store (start-up, or after another program changed it)."""
        self.beginResetModel()
        self._entries = self._library.entries()
        self._apply_sort()
        self._count_titles()
        self.endResetModel()

    def _count_titles(self) -> None:
        """Titles more than one document has: those rows say which one is which."""
        seen: set[str] = set()
        shared: set[str] = set()
        for entry in self._entries:
            if entry.title in seen:
                shared.add(entry.title)
            seen.add(entry.title)
        self._shared_titles = shared

    def entry_at(self, row: int) -> LibraryEntry:
        return self._entries[row]

    def row_of(self, doc_id: int) -> int:
        return self._rows.get(doc_id, -1)

    def ids(self) -> list[int]:
        return [entry.id for entry in self._entries]

    # --- changes from imports, the watcher and removal --------------------------------------
    def update_documents(self, doc_ids: Iterable[int]) -> None:
        """Show new or changed documents: changed rows update in place, new rows append."""
        fresh = self._library.entries_for(doc_ids)
        new = [e for e in fresh if e.id not in self._rows]
        for entry in fresh:
            row = self._rows.get(entry.id)
            if row is not None:
                self._entries[row] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        if new:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for offset, entry in enumerate(new):
                self._entries.append(entry)
                self._rows[entry.id] = first + offset
            self.endInsertRows()
            if self._sort[0] >= 0:
                self.sort(*self._sort)  # one Python sort per batch keeps the order the user chose
        self._count_titles()

    def set_commentary_share(self, doc_id: int, share: float) -> None:
        """A verdict arrived from the classifier (the list shows it without a reload)."""
        row = self.row_of(doc_id)
        if row < 0:
            return
        self._entries[row] = self._entries[row]._replace(commentary_share=share)
        changed = self.index(row, self.COMMENTARY)
        self.dataChanged.emit(changed, changed)

    def remove_documents(self, doc_ids: Iterable[int]) -> None:
        rows = sorted((self._rows[i] for i in set(doc_ids) if i in self._rows), reverse=True)
        for row in rows:  # contiguous runs would be faster; removals are few and user-sized
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()
        if rows:
            self._rows = {entry.id: row for row, entry in enumerate(self._entries)}
            self._count_titles()

    # --- sorting -------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 and self._sort[0] < 0:
            return  # the view asking for "unsorted" again: nothing moves, nothing to re-filter
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._entries[index.row()].id for index in persistent]
        self._apply_sort()
        self.changePersistentIndexList(
            persistent,
            [
                self.index(self._rows[i], index.column())
                for i, index in zip(ids, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        if 0 <= column < len(SORT_KEYS):
            self._entries.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = {entry.id: row for row, entry in enumerate(self._entries)}

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        """One cheap call per row (the default asks rowCount and columnCount of each row)."""
        return not parent.isValid() and bool(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return self._title(entry, entry.title in self._shared_titles)
            return self._display(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == FILTER_ROLE:
            return f"{entry.collection}\x1f{entry.title}\x1f{entry.path}\x1f{entry.site}"
        if role == SORT_ROLE:
            return (
                _folder_name(entry).lower() if column == self.FOLDER else SORT_KEYS[column](entry)
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            seed = "\nBundled seed article" if entry.is_seed else ""
            page = ", ".join(x for x in (entry.site, entry.published[:10]) if x)
            page = f"\n{page}" if page else ""
            kept = (
                f"\n{entry.versions} versions kept (reader versions {entry.id})"
                if entry.versions > 1
                else ""
            )
            return tooltip(f"{entry.title}{page}\n{entry.path}{seed}{kept}")
        if role == Qt.ItemDataRole.FontRole and entry.is_seed and column == self.TITLE:
            return self._seed_font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.WORDS, self.COMMENTARY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.title}, {entry.word_count} words, from {entry.source_name}"
        return None

    @staticmethod
    def _title(entry: LibraryEntry, shared: bool) -> str:
        """The title; when another document has the same one, where this one is from (site
        and date, else file name); a document with earlier texts kept says so (· v2)."""
        title = entry.title
        if shared:
            page = ", ".join(x for x in (entry.site, entry.published[:10]) if x)
            title += f" — {page or entry.source_name}"
        return title if entry.versions < 2 else f"{title}  · v{entry.versions}"

    @classmethod
    def _display(cls, entry: LibraryEntry, column: int) -> str:
        if column == cls.TITLE:
            return cls._title(entry, shared=False)
        if column == cls.SITE:
            return entry.site
        if column == cls.PUBLISHED:
            return entry.published[:10]
        if column == cls.WORDS:
            return f"{entry.word_count:,}"
        if column == cls.COMMENTARY:
            return "–" if entry.commentary_share is None else f"{entry.commentary_share:.0%}"
        if column == cls.ADDED:
            return dt.datetime.fromtimestamp(entry.added_at).strftime("%Y-%m-%d %H:%M")
        return _folder_name(entry)


class LibraryProxy(QSortFilterProxyModel):
    """Filters by text and collection; sorting is the source model's own.

    The filter is a regular expression over one string per row (collection, title, path), so
    with no filter Qt accepts rows without calling Python at all (10,000 calls at start-up).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._collection = ALL_COLLECTIONS
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)

    def set_text(self, text: str) -> None:
        self._needle = text.strip()
        self._update()

    def set_collection(self, collection: str) -> None:
        self._collection = collection
        self._update()

    def _update(self) -> None:
        from PySide6.QtCore import QRegularExpression  # the first filter, after start-up

        if not self._needle and not self._collection:
            self.setFilterRegularExpression(QRegularExpression())
            return
        collection = QRegularExpression.escape(self._collection) if self._collection else "[^\x1f]*"
        needle = QRegularExpression.escape(self._needle)
        pattern = f"^{collection}\x1f.*{needle}"
        self.setFilterRegularExpression(
            QRegularExpression(
                pattern,
                QRegularExpression.PatternOption.CaseInsensitiveOption
                | QRegularExpression.PatternOption.DotMatchesEverythingOption,
            )
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
