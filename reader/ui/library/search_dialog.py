"""Search the library and the notes: type, Up/Down through ranked hits, Enter opens one."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.library.search import SNIPPET_END, SNIPPET_START, SearchHit, plain_snippet
from reader.ui.plain_text import tooltip

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
DEBOUNCE_MS = 80


def snippet_html(snippet: str) -> str:
    """Escape the text, then turn the match markers into bold."""
    escaped = html.escape(" ".join(snippet.split()))
    return escaped.replace(SNIPPET_START, "<b>").replace(SNIPPET_END, "</b>")



SEARCH_LIMIT = 50
"""search_library's default limit: a result list this long is a cap, not a count."""

class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            kind = "Note on" if hit.kind == "note" else "Document"
            text = f"{kind} {hit.title}: {plain_snippet(hit.snippet)}"
            return tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        return None


class HitDelegate(QStyledItemDelegate):
    """Title (with a "Note" tag for note hits) over the snippet, matches in bold.

    Each hit's laid-out text is kept (by hit, width and selection) once its size was asked
    for, so painting reuses it: laying out rich text is most of what showing results costs
    the GUI thread (50 hits, ~6 ms), and it was done twice per visible hit."""

    PADDING = 8
    KEPT = 200
    """Laid-out hits kept at most (a few result lists' worth)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kept: dict[tuple[SearchHit, int, bool, str], QTextDocument] = {}

    def _document(
        self, hit: SearchHit, option: QStyleOptionViewItem, selected: bool
    ) -> QTextDocument:
        key = (hit, option.rect.width(), selected, option.palette.color(
            QPalette.ColorRole.Text).name())
        document = self._kept.get(key)
        if document is None:
            if len(self._kept) >= self.KEPT:
                self._kept.clear()
            document = self._kept[key] = self._layout(hit, option, selected)
        return document

    def _layout(
        self, hit: SearchHit, option: QStyleOptionViewItem, selected: bool
    ) -> QTextDocument:
        palette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = palette.color(role).name()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        tag = "Note · " if hit.kind == "note" else ""
        width = max(100, option.rect.width() - 2 * self.PADDING)
        bold = QFont(option.font)
        bold.setBold(True)
        title = QFontMetrics(bold).elidedText(tag + hit.title, Qt.TextElideMode.ElideRight, width)
        source = hit.path.rsplit("/", 1)[-1]
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(
            f"<div style='color:{color}'><b>{html.escape(title)}</b><br>"
            f"{snippet_html(hit.snippet)}<br>"
            f"<small style='color:{color if selected else muted}'>{html.escape(source)}"
            "</small></div>"
        )
        document.setTextWidth(width)
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        style = option.widget.style() if option.widget else QApplication.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        document = self._document(hit, option, selected)
        painter.save()
        rect = option.rect
        painter.translate(rect.left() + self.PADDING, rect.top() + self.PADDING // 2)
        document.drawContents(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hit = index.data(HIT_ROLE)
        widget = option.widget
        width = widget.viewport().width() if isinstance(widget, QListView) else 600
        opt = QStyleOptionViewItem(option)
        opt.rect.setWidth(width)
        document = self._document(hit, opt, False)
        return QSize(width, int(document.size().height()) + self.PADDING)


class SearchDialog(QDialog):
    hit_activated = Signal(object)
    """The reader chose this `SearchHit` (Enter or double-click)."""
    results_changed = Signal(int)

    def __init__(
        self, search: Callable[[str], list[SearchHit]], parent: QWidget | None = None
    ) -> None:
        """`search` runs on a worker thread (it must open its own connection): the GUI
        thread only shows what it returns, so no query can freeze the window."""
        super().__init__(parent)
        self.setObjectName("search_dialog")
        self.setWindowTitle("Search Library and Notes")
        self.setAccessibleName("Search library and notes")
        self.resize(720, 520)
        self._search = search
        self._asked = 0
        """Generation of the latest search asked for: older answers are dropped."""
        self._running = False
        self._pending: str | None = None
        self._open_when_done = False
        self.edit = QLineEdit(self)
        self.edit.setObjectName("search_edit")
        self.edit.setPlaceholderText("Search every document and note…")
        self.edit.setAccessibleName("Search words")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.model = SearchResultsModel(self)
        self.results = QListView(self)
        self.results.setObjectName("search_results")
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(False)
        # Hits are measured a few at a time between events, not all 50 in one go when the
        # results arrive (each is rich text laid out to the width).
        self.results.setLayoutMode(QListView.LayoutMode.Batched)
        self.results.setBatchSize(6)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.activated.connect(self.on_activated)
        self.status = QLabel("Type to search; Enter opens the highlighted result.", self)
        self.status.setObjectName("search_status")
        self.status.setAccessibleName("Search status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.edit.textChanged.connect(self._timer.start)

    def open_search(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    @Slot()
    def run_search(self) -> None:
        """Ask for the current text's hits in the background; while one search runs, only
        the latest text waits (typing fast never queues a search per key)."""
        self._timer.stop()
        self._asked += 1
        if self._running:
            self._pending = self.edit.text()
            return
        self._start(self.edit.text())

    @property
    def searching(self) -> bool:
        return self._running or self._timer.isActive()

    def _start(self, query: str) -> None:
        from reader.ui.tasks import run_in_background

        generation = self._asked
        search = self._search
        self._running = True
        run_in_background(
            lambda _report: search(query),
            lambda hits: self._finished(generation, hits),
            lambda error: self._failed(generation, error),
        )

    def _next(self) -> bool:
        self._running = False
        if self._pending is not None:
            query, self._pending = self._pending, None
            self._start(query)
            return True
        return False

    def _failed(self, generation: int, error: Exception) -> None:
        if self._next() or generation != self._asked:
            return
        self.model.set_hits([])
        self.status.setText(f"The search could not be run: {error}")
        self.results_changed.emit(0)

    def _finished(self, generation: int, hits: list[SearchHit]) -> None:
        if self._next() or generation != self._asked:
            return  # the text changed meanwhile: its own search is on the way
        self._show(hits)
        if self._open_when_done:
            self._open_when_done = False
            self.on_activated(self.results.currentIndex())

    def _show(self, hits: list[SearchHit]) -> None:
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
            # The search stops at SEARCH_LIMIT documents (and as many notes): say so rather
            # than show the cap as a count.
            capped = len(hits) >= SEARCH_LIMIT
            self.status.setText(f"The best {len(hits)} results (refine the search for others)"
                                if capped else f"{len(hits)} result{'s' if len(hits) != 1 else ''}")
        else:
            self.status.setText("No results" if self.edit.text().strip() else "")
        self.results_changed.emit(len(hits))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                QApplication.sendEvent(
                    self.results, QKeyEvent(event.type(), key, event.modifiers())
                )
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.run_search()
                if self.searching:  # open the first hit of what was typed, once it is in
                    self._open_when_done = True
                else:
                    self.on_activated(self.results.currentIndex())
                return True
        return super().eventFilter(watched, event)

    @Slot(QModelIndex)
    def on_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = index.data(HIT_ROLE)
        self.accept()
        self.hit_activated.emit(hit)
