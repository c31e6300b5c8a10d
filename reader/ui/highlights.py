"""Highlights in the reading pane: the "highlights" layer, hover tooltips, flashes, menu.

Owns the reading view's "highlights" and "current" layers only (never calls
setExtraSelections). Works in document offsets; the view converts them to Qt positions
(with its one offset map) and hands Qt only the highlights near the screen.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QMenu, QToolTip

from reader.core.markdown_render import render_markdown
from reader.core.notes import COLORS, Note
from reader.ui.note_card import color_of
from reader.ui.reading_view import ReadingView

FLASH_MS = 900


class HighlightLayer(QObject):
    def __init__(self, view: ReadingView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._spans: list[tuple[int, int, Note]] = []  # sorted by start (document offsets)
        self._starts: list[int] = []
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(lambda: self.view.set_spans("current", []))
        view.viewport().installEventFilter(self)

    def paint(self, notes: list[Note]) -> None:
        """Show these notes' highlights (only the placed ones of the shown document)."""
        document = self.view.current
        limit = len(document.text) if document is not None else 0
        self._spans = sorted(
            ((n.start, n.end, n) for n in notes
             if n.anchored and n.start is not None and n.end is not None and n.end <= limit),
            key=lambda span: (span[0], span[1]),
        )  # type: ignore[misc]
        self._starts = [s for s, _e, _n in self._spans]
        self.view.note_spans = [(s, e) for s, e, _n in self._spans]  # for the note keys
        formats: dict[str, QTextCharFormat] = {}
        for _start, _end, note in self._spans:
            if note.color not in formats:
                fmt = QTextCharFormat()
                fmt.setBackground(color_of(note.color))
                fmt.setForeground(QColor("#1a1a1a"))
                formats[note.color] = fmt
        self.view.set_spans("highlights", [(s, e, formats[n.color]) for s, e, n in self._spans])

    def replace_note(self, note: Note) -> None:
        """A body-only edit: keep the painted spans, refresh the tooltip's text."""
        self._spans = [(s, e, note if n.uuid == note.uuid else n) for s, e, n in self._spans]

    def notes_at(self, offset: int) -> list[Note]:
        index = bisect.bisect_right(self._starts, offset)
        found = []
        for start, end, note in self._spans[max(0, index - 50) : index]:
            if start <= offset < end:
                found.append(note)
        return found

    def flash(self, start: int, end: int) -> None:
        """Scroll to a passage and briefly mark it (the "current" layer)."""
        self.view.go_to_offset(start, end)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ff9f43"))
        fmt.setForeground(QColor("#000000"))
        self.view.set_spans("current", [(start, end, fmt)])
        self._flash.start()

    def selection_offsets(self) -> tuple[int, int] | None:
        """The reading pane's selection in document offsets, if any."""
        return self.view.selection_offsets()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            notes = self.notes_at(self.view.offset_at(event.pos()))
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
