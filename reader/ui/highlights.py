"""Highlights in the reading pane: the "highlights" layer, hover tooltips, flashes, menu.

Owns the reading view's "highlights" and "current" layers only (never calls
setExtraSelections). Converts between document offsets and Qt positions with `OffsetMap`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from operator import itemgetter

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip

from reader.core.markdown_render import render_markdown
from reader.core.notes import COLORS, Note, NotePlace
from reader.ui.note_card import color_of
from reader.ui.reading_view import ReadingView
from reader.ui.text_offsets import OffsetMap

FLASH_MS = 900
PAINT_MARGIN_CHARS = 1_000
"""Highlights are given to Qt for this much text either side of the visible part. Qt lays
out every block a highlight touches when it is given, so a wide margin makes the first
paint of a freshly opened document lay out text nobody sees yet."""
_span_order = itemgetter(0, 1)


class HighlightLayer(QObject):
    def __init__(self, view: ReadingView, lookup: Callable[[int], Note | None],
                 parent: QObject | None = None) -> None:
        """`lookup` reads a note by row id (for the hover tooltip)."""
        super().__init__(parent)
        self.view = view
        self.lookup = lookup
        self.offsets = OffsetMap("")
        self._text_id = -1
        self._spans: list[tuple[int, int, int, str]] = []
        """(start, end, note id, colour), sorted by start (document offsets)."""
        self._starts: list[int] = []
        self._covered: tuple[int, int] | None = None
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(lambda: self.view.set_layer("current", []))
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self.paint_visible)

    def _sync_offsets(self) -> None:
        document = self.view.current
        text = document.text if document is not None else ""
        if id(text) != self._text_id:
            self.offsets = OffsetMap(text)
            self._text_id = id(text)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def paint(self, places: Sequence[NotePlace]) -> None:
        """Show these notes' highlights (only the placed ones of the shown document)."""
        self._sync_offsets()
        document = self.view.current
        limit = len(document.text) if document is not None else 0
        # placed: has a position and is not orphaned (a document note has none)
        spans = [(start, end, note_id, color)
                 for note_id, start, end, color, orphaned in places
                 if start is not None and end is not None and not orphaned and end <= limit]
        spans.sort(key=_span_order)  # notes come in reading order: one linear pass
        self._spans = spans
        self._starts = [span[0] for span in spans]
        self._covered = None
        self.paint_visible()

    def _visible_range(self) -> tuple[int, int]:
        viewport = self.view.viewport()
        first = self.view.firstVisibleBlock().position()
        last = self.view.cursorForPosition(QPoint(viewport.width() - 1,
                                                  viewport.height() - 1)).position()
        return self.offsets.from_qt(first), self.offsets.from_qt(last)

    @Slot()
    def paint_visible(self) -> None:
        """Hand Qt only the highlights near the visible text.

        QPlainTextEdit lays out every block an extra selection touches when selections are
        set, so 1,000 highlights over a long text cost ~30 ms per change; the few dozen near
        the viewport cost well under one. Scrolling past the covered range repaints.
        """
        if not self._spans:
            if self.view.layer("highlights"):
                self.view.set_layer("highlights", [])
            return
        lo, hi = self._visible_range()
        if self._covered is not None and self._covered[0] <= lo and hi <= self._covered[1]:
            return
        covered = (max(0, lo - PAINT_MARGIN_CHARS), hi + PAINT_MARGIN_CHARS)
        chosen = [span for span in self._spans[: bisect.bisect_left(self._starts, covered[1])]
                  if span[1] > covered[0]]
        formats: dict[str, QTextCharFormat] = {}
        selections: list[QTextEdit.ExtraSelection] = []
        # Inside an (empty) edit block QTextCursor skips laying out each block to find the
        # cursor's x position.
        guard = QTextCursor(self.view.document())
        guard.beginEditBlock()
        try:
            self._selections(chosen, formats, selections)
        finally:
            guard.endEditBlock()
        self._covered = covered
        self.view.set_layer("highlights", selections)

    def _selections(
        self, spans: list[tuple[int, int, int, str]], formats: dict[str, QTextCharFormat],
        selections: list[QTextEdit.ExtraSelection],
    ) -> None:
        for start, end, _note_id, color in spans:
            fmt = formats.get(color)
            if fmt is None:
                fmt = QTextCharFormat()
                fmt.setBackground(color_of(color))
                fmt.setForeground(QColor("#1a1a1a"))
                formats[color] = fmt
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor(start, end)  # type: ignore[attr-defined]
            selection.format = fmt  # type: ignore[attr-defined]
            selections.append(selection)

    def notes_at(self, offset: int) -> list[Note]:
        """The highlighted notes over this offset, as they are now (for the tooltip)."""
        index = bisect.bisect_right(self._starts, offset)
        found = []
        for start, end, note_id, _color in self._spans[max(0, index - 50) : index]:
            if start <= offset < end:
                note = self.lookup(note_id)
                if note is not None:
                    found.append(note)
        return found

    def flash(self, start: int, end: int) -> None:
        """Scroll to a passage and briefly mark it (the "current" layer)."""
        self._sync_offsets()
        cursor = self._cursor(start, end)
        self.view.setTextCursor(cursor)
        self.view.centerCursor()
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[attr-defined]
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ff9f43"))
        fmt.setForeground(QColor("#000000"))
        selection.format = fmt  # type: ignore[attr-defined]
        self.view.set_layer("current", [selection])
        self._flash.start()

    def selection_offsets(self) -> tuple[int, int] | None:
        """The reading pane's selection in document offsets, if any."""
        self._sync_offsets()
        cursor = self.view.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.from_qt(cursor.selectionStart())
        end = self.offsets.from_qt(cursor.selectionEnd())
        return (start, end) if start < end else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.paint_visible)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._sync_offsets()
            position = self.view.cursorForPosition(event.pos()).position()
            notes = self.notes_at(self.offsets.from_qt(position))
            if notes:
                parts = [render_markdown(n.body) if n.body.strip() else
                         f"<i>{n.color.title()} highlight, no note</i>" for n in notes]
                QToolTip.showText(event.globalPos(), "<hr>".join(parts), self.view.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().eventFilter(watched, event)


def install_context_menu(
    view: ReadingView,
    layer: HighlightLayer,
    highlight: Callable[[str | None], object],
    extra_actions: Callable[[], list[QAction]],
) -> Callable[[QPoint], QMenu]:
    """The reading pane's context menu gains "Highlight" and a colour submenu.

    Returns the menu builder (tests inspect the menu without running it modally).
    """
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def build(pos: QPoint) -> QMenu:
        menu = view.createStandardContextMenu(pos)
        menu.addSeparator()
        has_selection = layer.selection_offsets() is not None
        for action in extra_actions():
            menu.addAction(action)
        colours = QMenu("Highlight in Colour", menu)
        colours.setEnabled(has_selection)
        for name in COLORS:
            action = colours.addAction(name.title())
            action.setObjectName(f"highlight_{name}")
            action.triggered.connect(lambda _c=False, n=name: highlight(n))
        menu.addMenu(colours)
        return menu

    @Slot(QPoint)
    def on_menu(pos: QPoint) -> None:
        menu = build(pos)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    view.customContextMenuRequested.connect(on_menu)
    view._notes_menu_slot = on_menu  # type: ignore[attr-defined]  # keep it alive
    return build
