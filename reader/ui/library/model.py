"""The library as a lazy Qt table model: the ids in order, rows read as they are painted.

Built for 100,000 documents: the model holds the ids the list shows, in its order (filtered
and sorted in SQL, `Library.list_ids`), and reads the few columns of a row only when a view
asks for it, a block at a time from the list's covering index. Above `BACKGROUND_ROWS`
documents, filtering, sorting and reloading ask on a worker thread (each on its own
connection) and the GUI thread only takes the answer; the view keeps the old rows until
then. Imports update the rows they changed in place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from reader.core.compare.relations import labels_for
from reader.core.library.documents import Library, LibraryEntry, ListQuery
from reader.core.library.seeds import SEED_COLLECTION
from reader.ui.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

ALL_COLLECTIONS = ""

Lister = Callable[[ListQuery], list[int]]
"""Answers a list query away from the GUI thread (it must open its own connection)."""

BACKGROUND_ROWS = 2000
"""Libraries larger than this filter and sort on a worker thread; smaller ones answer at
once (a few milliseconds), so the list never flickers through a stale state."""
BLOCK = 200
"""Rows read together when a view asks for one that is not in memory (about a millisecond)."""
CACHE_ROWS = 5000
"""Rows kept in memory at most: what has been painted lately, not the whole library."""


def _with_rows(ids: list[int]) -> tuple[list[int], dict[int, int]]:
    """The ids with the row of each, worked out on the worker: at 100,000 documents that map
    took the GUI thread ~30 ms after every filter or sort."""
    return ids, {doc_id: row for row, doc_id in enumerate(ids)}


def _folder_name(entry: LibraryEntry) -> str:
    return os.path.basename(os.path.dirname(entry.path))


def _unreadable(doc_id: int, title: str = "(cannot be read)") -> LibraryEntry:
    return LibraryEntry(doc_id, "", title, 0, 0.0, "library", None)


def share_words(shares: tuple[float, float, float]) -> str:
    """'Reporting 80%, commentary 12%, furniture 8%': the share bar in words."""
    reporting, commentary, furniture = shares
    return f"Reporting {reporting:.0%}, commentary {commentary:.0%}, furniture {furniture:.0%}"


_ROLES_SHOWN = frozenset({
    Qt.ItemDataRole.DisplayRole,
    ENTRY_ROLE,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.AccessibleTextRole,
})
"""The roles `data` answers; a view asks each cell for about ten more at every paint."""

SORT_NAMES = ("title", "words", "commentary", "added", "folder", "site", "published")
"""Per column: the `SORT_KEYS` order SQL sorts by when the user sorts by it."""


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

    rows_replaced = Signal()
    """A filter, sort or reload replaced the rows (the panel restores the selection)."""
    query_failed = Signal(str)
    """A background list query failed; the old rows stay, and this says why."""

    def __init__(
        self,
        library: Library,
        lister: Lister | None = None,
        *,
        background_rows: int = BACKGROUND_ROWS,
    ) -> None:
        super().__init__()
        self._library = library
        self._lister = lister
        self._background_rows = background_rows
        self._ids: list[int] = []
        self._rows: dict[int, int] | None = None  # id -> row, built when first asked
        self._cache: dict[int, LibraryEntry] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._contains = ""
        self._collection = ALL_COLLECTIONS
        self._size = 0
        """How many documents the last unfiltered answer held: decides where to ask."""
        self._asked = 0
        self._running = False
        self._pending: tuple[int, bool] | None = None
        self._seed_font = QFont()
        self._seed_font.setItalic(True)
        self._relations: dict[int, tuple[str, str]] = {}
        """doc id -> (short, long) relation label: "copy", "copy of <title> (…)"."""
        self.reload()

    # --- what is shown ---------------------------------------------------------------------
    def query(self) -> ListQuery:
        column, order = self._sort
        return ListQuery(
            SORT_NAMES[column] if 0 <= column < len(SORT_NAMES) else None,
            order == Qt.SortOrder.DescendingOrder,
            self._collection or None,
            self._contains or None,
        )

    def set_filter(self, contains: str | None = None, collection: str | None = None) -> None:
        """Show the documents whose title or path contains the text, in a collection."""
        if contains is not None:
            self._contains = contains.strip()
        if collection is not None:
            self._collection = collection
        self._ask(reorder_only=False)

    @property
    def pending(self) -> bool:
        """A background answer is awaited (the rows shown are the previous ones)."""
        return self._running

    def reload(self) -> None:
        """Read the rows again (start-up, or another program changed the store): the ids
        now, the rows' columns as they are painted."""
        self._cache.clear()
        if not self._ids:  # start-up: the first paint shows the list, so ask here
            self._replace(self._library.list_ids(self.query()), reorder_only=False)
            return
        self._ask(reorder_only=False)

    def _ask(self, reorder_only: bool) -> None:
        self._asked += 1
        big = max(self._size, len(self._ids)) > self._background_rows
        if self._lister is None or not big:
            self._replace(self._library.list_ids(self.query()), reorder_only)
            return
        if self._running:  # only the latest question waits behind the running one
            pending_reorder = self._pending[1] if self._pending else True
            self._pending = (self._asked, reorder_only and pending_reorder)
            return
        self._start(self._asked, reorder_only)

    def _start(self, generation: int, reorder_only: bool) -> None:
        from reader.ui.tasks import run_in_background

        assert self._lister is not None
        lister, query = self._lister, self.query()
        self._running = True
        run_in_background(
            lambda _report: _with_rows(lister(query)),
            lambda answer: self._answered(generation, reorder_only, *answer),
            lambda error: self._answered(generation, reorder_only, None, None, error),
        )

    def _answered(
        self,
        generation: int,
        reorder_only: bool,
        ids: list[int] | None,
        rows: dict[int, int] | None,
        error: Exception | None = None,
    ) -> None:
        self._running = False
        if self._pending is not None:
            asked, pending_reorder = self._pending
            self._pending = None
            # this answer is dropped, so the next one must also carry what it changed
            self._start(asked, pending_reorder and reorder_only)
            return  # the question changed meanwhile: its answer is on the way
        if generation != self._asked:
            return
        if ids is None:
            self.query_failed.emit(f"The library list could not be read: {error}")
            return
        self._replace(ids, reorder_only, rows)

    def _replace(
        self, ids: list[int], reorder_only: bool, rows: dict[int, int] | None = None
    ) -> None:
        """Show these ids: a new order of the same rows keeps the view's selection as a
        layout change; anything else resets the model (the panel restores the selection)."""
        if not (self._contains or self._collection):
            self._size = len(ids)
        if reorder_only and len(ids) == len(self._ids):
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            moved = [self._ids[index.row()] for index in persistent]
            self._ids = ids
            self._rows = rows
            rows = self._row_map()
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(rows[doc_id], index.column()) if doc_id in rows else QModelIndex()
                    for doc_id, index in zip(moved, persistent, strict=True)
                ],
            )
            self.layoutChanged.emit()
            return
        self.beginResetModel()
        self._ids = ids
        self._rows = rows
        if len(self._cache) > CACHE_ROWS:
            self._cache.clear()
        self.endResetModel()
        self.rows_replaced.emit()

    # --- reading rows ------------------------------------------------------------------------
    def _row_map(self) -> dict[int, int]:
        if self._rows is None:
            self._rows = {doc_id: row for row, doc_id in enumerate(self._ids)}
        return self._rows

    def _entry(self, row: int) -> LibraryEntry | None:
        doc_id = self._ids[row]
        entry = self._cache.get(doc_id)
        if entry is None:
            if len(self._cache) > CACHE_ROWS:
                self._cache.clear()
            first = row - row % BLOCK
            wanted = [i for i in self._ids[first : first + BLOCK] if i not in self._cache]
            try:
                for found in self._library.entries_for(wanted):
                    self._cache[found.id] = found
                self._read_relations(wanted)
            except Exception as error:  # a damaged store: data() must never raise into Qt
                for missing in wanted:
                    self._cache[missing] = _unreadable(missing)
                self.query_failed.emit(f"Part of the library list cannot be read: {error}")
            entry = self._cache.get(doc_id)
        return entry

    def entry_at(self, row: int) -> LibraryEntry:
        entry = self._entry(row)
        if entry is None:  # removed by another program; the next reload drops the row
            return _unreadable(self._ids[row], "(no longer in the library)")
        return entry

    def row_of(self, doc_id: int) -> int:
        return self._row_map().get(doc_id, -1)

    def ids(self) -> list[int]:
        return list(self._ids)

    @property
    def rows_in_memory(self) -> int:
        """How many rows' columns are held (the rest are read when painted)."""
        return len(self._cache)

    # --- changes from imports, the watcher and removal --------------------------------------
    def update_documents(self, doc_ids: Iterable[int]) -> None:
        """Show new or changed documents: changed rows update in place; new rows append
        when the list is in the order added, else the list asks SQL where they go."""
        fresh = self._library.entries_for(doc_ids)
        rows = self._row_map()
        new = [e for e in fresh if e.id not in rows]
        # Rows that share a title (old or new) with a changed one may now be told apart, or
        # no longer need to be: they are read again.
        titles = {e.title for e in fresh} | {
            self._cache[e.id].title for e in fresh if e.id in self._cache
        }
        for entry in fresh:
            row = rows.get(entry.id)
            if row is not None:
                self._cache[entry.id] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        self._forget_titles(titles, keep={e.id for e in fresh})
        if not new:
            return
        in_order = self._sort[0] < 0 and not self._contains and all(
            e.collection != SEED_COLLECTION and self._collection in (ALL_COLLECTIONS, e.collection)
            for e in new
        ) and (not self._ids or max(e.id for e in new) > max(self._ids[-1:] or [0]))
        if not in_order:
            self._ask(reorder_only=False)
            return
        new.sort(key=lambda e: e.id)
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for offset, entry in enumerate(new):
            self._ids.append(entry.id)
            self._cache[entry.id] = entry
            rows[entry.id] = first + offset
        self.endInsertRows()
        if not self._collection:
            self._size = len(self._ids)

    def set_commentary_share(self, doc_id: int, share: float) -> None:
        """A verdict arrived from the classifier (the list shows it without a reload)."""
        row = self.row_of(doc_id)
        entry = self._cache.get(doc_id)
        if row < 0 or entry is None:
            return  # not in memory: read with its new share when painted
        self._cache[doc_id] = entry._replace(commentary_share=share)
        changed = self.index(row, self.COMMENTARY)
        self.dataChanged.emit(changed, changed)

    def _read_relations(self, doc_ids: list[int]) -> None:
        """What these documents are to others, read with their rows from the stored
        relations (the core's indexed query): never computed here."""
        found = labels_for(self._library, doc_ids)
        for doc_id in doc_ids:
            label = found.get(doc_id)
            if label is None:
                self._relations.pop(doc_id, None)
            else:
                self._relations[doc_id] = (label.short, label.long)

    def relations_changed(self, doc_ids: Iterable[int]) -> None:
        """New relations were stored for these documents (and their relatives): the rows in
        memory read their labels again; the rest read them when painted."""
        held = [doc_id for doc_id in set(doc_ids) if doc_id in self._cache]
        if not held:
            return
        self._read_relations(held)
        for doc_id in held:
            row = self.row_of(doc_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, self.TITLE), self.index(row, self.TITLE))

    def relation_of(self, doc_id: int) -> tuple[str, str] | None:
        return self._relations.get(doc_id)

    def _forget_titles(self, titles: set[str], keep: set[int]) -> None:
        """Read again, when next painted, the cached rows with these titles (another row
        of the same title came or went, which changes how they are told apart)."""
        stale = [
            doc_id
            for doc_id, entry in self._cache.items()
            if entry.title in titles and doc_id not in keep
        ]
        for doc_id in stale:
            del self._cache[doc_id]
            row = self.row_of(doc_id)
            if row >= 0:
                changed = self.index(row, self.TITLE)
                self.dataChanged.emit(changed, changed)

    def remove_documents(self, doc_ids: Iterable[int]) -> None:
        doc_ids = set(doc_ids)
        titles = {self._cache[i].title for i in doc_ids if i in self._cache}
        rows = self._row_map()
        gone = sorted((rows[i] for i in doc_ids if i in rows), reverse=True)
        for row in gone:  # contiguous runs would be faster; removals are few and user-sized
            self.beginRemoveRows(QModelIndex(), row, row)
            self._cache.pop(self._ids[row], None)
            del self._ids[row]
            self._rows = None
            self.endRemoveRows()
        self._forget_titles(titles, keep=set())

    # --- sorting -------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 and self._sort[0] < 0:
            return  # the view asking for "unsorted" again: nothing moves
        self._sort = (column, order)
        self._ask(reorder_only=True)

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        """One cheap call per row (the default asks rowCount and columnCount of each row)."""
        return not parent.isValid() and bool(self._ids)

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
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role not in _ROLES_SHOWN:
            return None  # size hints, colours, icons...: asked of every cell, never read one
        entry = self._entry(index.row())
        if entry is None:
            return None
        column = index.column()
        relation = self._relations.get(entry.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE and relation is not None:
                return f"{relation[0]} · {entry.title}"
            return self._display(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COMMENTARY:
            shares = entry.shares
            if shares is None:
                return "Not classified yet" if entry.commentary_share is None else (
                    f"Commentary {entry.commentary_share:.0%} (other kinds not counted yet)"
                )
            return share_words(shares)
        if role == Qt.ItemDataRole.ToolTipRole:
            seed = "\nBundled seed article" if entry.is_seed else ""
            about = f"\n{relation[1][:1].upper()}{relation[1][1:]}" if relation else ""
            page = ", ".join(x for x in (entry.site, entry.published[:10]) if x)
            page = f"\n{page}" if page else ""
            kept = (
                f"\nVersion {entry.versions} of {entry.versions}: earlier texts kept"
                f" (reader versions {entry.id})"
                if entry.versions > 1
                else ""
            )
            return tooltip(f"{entry.title}{page}\n{entry.path}{seed}{about}{kept}")
        if role == Qt.ItemDataRole.FontRole and entry.is_seed and column == self.TITLE:
            return self._seed_font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.WORDS, self.COMMENTARY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            about = f", {relation[1]}" if relation else ""
            version = (
                f", version {entry.versions} of {entry.versions}" if entry.versions > 1 else ""
            )
            shares = entry.shares
            kinds = f", {share_words(shares)}" if shares is not None else ""
            return (
                f"{entry.title}, {entry.word_count} words, from {entry.source_name}"
                f"{about}{version}{kinds}"
            )
        return None

    @classmethod
    def _display(cls, entry: LibraryEntry, column: int) -> str:
        if column == cls.TITLE:
            # Where the eye is: what tells it from others of the same title, and that
            # earlier texts of it are kept.
            title = f"{entry.title} — {entry.told_apart}" if entry.told_apart else entry.title
            return title if entry.versions < 2 else f"{title}  · v{entry.versions}"
        if column == cls.SITE:
            return entry.site
        if column == cls.PUBLISHED:
            return entry.published[:10]
        if column == cls.WORDS:
            return f"{entry.word_count:,}"
        if column == cls.COMMENTARY:
            return "–" if entry.commentary_share is None else f"{entry.commentary_share:.0%}"
        if column == cls.ADDED:
            return time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.added_at))
        return _folder_name(entry)


class LibraryProxy(QIdentityProxyModel):
    """The view's model: the library model as it is (filtering and sorting happen in SQL,
    in the model), kept so the panel's code reads in view rows and source rows alike."""

    def set_text(self, text: str) -> None:
        self._library_model().set_filter(contains=text)

    def set_collection(self, collection: str) -> None:
        self._library_model().set_filter(collection=collection)

    def _library_model(self) -> LibraryModel:
        source = self.sourceModel()
        assert isinstance(source, LibraryModel)
        return source

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
