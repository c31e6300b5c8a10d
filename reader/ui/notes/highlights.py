"""Highlights in the reading pane: the "highlights" layer, hover tooltips, flashes, menu.

Owns the reading view's "highlights" and "current" layers only (never calls
setExtraSelections). Works in document offsets; the view converts them to Qt positions
(with its one offset map) and hands Qt only the highlights near the screen.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from operator import itemgetter

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QTextCharFormat
from PySide6.QtWidgets import QMenu

from reader.core.notes.listing import HighlightSpans
from reader.core.notes.markdown_render import render_note_body
from reader.core.notes.storage import COLORS, Note
from reader.ui.notes.card import color_of
from reader.ui.reading.layers import LayerSpan
from reader.ui.reading.view import ReadingView

FLASH_MS = 900
_span_order = itemgetter(0, 1)


NOTED_UNDERLINE = QTextCharFormat.UnderlineStyle.DashUnderline
"""A highlight that carries a note is also underlined: told apart by shape, not colour."""


def _format(color: str, noted: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(color_of(color))
    fmt.setForeground(QColor("#1a1a1a"))
    if noted:  # a highlight that carries a note: dashed, dark (not colour alone)
        fmt.setUnderlineStyle(NOTED_UNDERLINE)
        fmt.setUnderlineColor(QColor("#1a1a1a"))
    else:  # an underline of its own: in sepia a yellow highlight was nearly the commentary tint
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(color_of(color).darker(190))
    return fmt


class HighlightLayer(QObject):
    def __init__(self, view: ReadingView, lookup: Callable[[int], Note | None],
                 parent: QObject | None = None) -> None:
        """`lookup` reads a note by row id (for the hover tooltip)."""
        super().__init__(parent)
        self.view = view
        self.lookup = lookup
        self._spans: list[tuple[int, int, int, str]] = []
        """(start, end, note id, colour), sorted by start (document offsets)."""
        self._starts: list[int] = []
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}
        """A format per (colour, carries a note), made on the first paint and kept: each
        open of a document with highlights built all ten anew (~0.3 ms)."""
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(lambda: self.view.set_spans("current", []))
        view.hover_sources.append(self.hover_html)

    def paint(self, highlights: HighlightSpans) -> None:
        """Show the shown document's highlights (`reader.core.notes.listing.highlight_spans`,
        read on a worker when there are many); those that carry a note are underlined too.
        Nothing here walks every highlight: the view asks for those near the screen."""
        spans, starts, noted = highlights.spans, highlights.starts, highlights.noted
        self._spans, self._starts = spans, starts
        self.view.note_spans = highlights.pairs  # for the note keys and the overview strip
        if not self._formats:
            self._formats = {(color, has): _format(color, has)
                             for color in COLORS for has in (False, True)}
        formats = self._formats
        reach = highlights.longest

        def near(low: int, high: int) -> list[LayerSpan]:
            first = bisect.bisect_left(starts, low - reach)
            last = bisect.bisect_left(starts, high)
            return [(start, end, formats.get((color, note_id in noted))
                     or _format(color, note_id in noted))
                    for start, end, note_id, color in spans[first:last]
                    if end > low or start >= low]

        self.view.set_source("highlights", near if spans else None)

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
        self.view.go_to_offset(start, end)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ff9f43"))
        fmt.setForeground(QColor("#000000"))
        self.view.set_spans("current", [(start, end, fmt)])
        self._flash.start()

    def selection_offsets(self) -> tuple[int, int] | None:
        """The reading pane's selection in document offsets, if any."""
        return self.view.selection_offsets()

    def hover_html(self, offset: int) -> str:
        """The notes highlighted over this offset, rendered, for the reading view's hover
        (which shows them after the passage's kind)."""
        return "<hr>".join(
            render_note_body(n.body, n.body_format) if n.body.strip() else
            f"<i>{n.color.title()} highlight, no note</i>"
            for n in self.notes_at(offset)
        )


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
