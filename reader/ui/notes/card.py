"""Painting a note as a card: colour stripe, muted quote, rendered Markdown, times.

A delegate rather than a widget per note keeps 1,000 notes cheap. Each card is measured
once per note version and width (`_Card`: geometry and the laid-out Markdown) and drawn
once into a pixmap that later paints copy; the selection border and focus ring are drawn
over it. A long body is cut at `MAX_BODY_LINES` lines (the editor shows all of it), so a
card always fits the list, which scrolls by whole cards. Links in a card open in the
system browser on click, and only when `safe_url` allows them.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.notes.interchange import CSS
from reader.core.notes.markdown_render import safe_url
from reader.core.notes.storage import Note
from reader.ui.notes.model import HTML_ROLE, NOTE_ROLE, TITLE_ROLE

Index = QModelIndex | QPersistentModelIndex

MARGIN, PAD, STRIPE, GAP = 6, 10, 4, 6
QUOTE_CHARS = 240
MAX_BODY_LINES, MIN_BODY_LINES = 12, 3
"""A longer note body is cut on its card (the editor shows all of it): at most 12 lines,
fewer if the list is too short to show the whole card, never fewer than 3."""
CARD_CACHE_SIZE = 4000
PIXMAP_CACHE_SIZE = 32
"""Drawn cards kept for repainting: a few screenfuls (about 130 KB each)."""
BODY_CSS = "p { margin: 0 0 4px 0; } blockquote { margin-left: 8px; color: #666; } " \
           "ul, ol { margin-left: 14px; } pre, code { font-family: monospace; }"


def color_of(name: str) -> QColor:
    return QColor(CSS.get(name, "#cccccc"))


def when(stamp: float) -> str:
    local = time.localtime(stamp)
    if time.strftime("%Y%m%d", local) == time.strftime("%Y%m%d"):
        return time.strftime("%H:%M", local)
    return time.strftime("%-d %b %Y %H:%M", local)


@dataclass
class _Card:
    """One card measured at one width; rectangles are relative to the card's top-left."""

    header: QRect
    title: QRect | None
    quote: QRect | None
    body: QRect | None
    footer: QRect
    height: int
    quote_text: str
    doc: QTextDocument | None
    clipped: bool
    """The body is taller than `MAX_BODY_LINES` lines and is cut (shown in full in the editor)."""


def _line_boundary(doc: QTextDocument, limit: int) -> int:
    """The largest height up to `limit` that ends between two lines of `doc` (so a cut
    body never shows half a line); `limit` itself if no line ends before it."""
    best = 0
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            bottom = int(top + line.y() + line.height()) + 1
            if bottom > limit:
                return best or limit
            best = bottom
        block = block.next()
    return best or limit


class _Fonts:
    def __init__(self, base: QFont) -> None:
        self.key = base.key()
        self.base = QFont(base)
        self.small = QFont(base)
        self.small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        self.quote = QFont(base)
        self.quote.setItalic(True)
        self.bold = QFont(self.small)
        self.bold.setBold(True)
        self.small_h = QFontMetrics(self.small).height()
        self.line_h = QFontMetrics(self.base).lineSpacing()


class NoteCardDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self._cards: dict[tuple[object, ...], _Card] = {}
        self._pixmaps: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._fonts: _Fonts | None = None
        self.painted = 0
        """Cards painted so far (benchmarks and tests check that cards really were drawn)."""
        self.rendered = 0
        """Cards drawn from scratch (not copied from the pixmap cache)."""

    # -- geometry -----------------------------------------------------------------------

    def fonts(self) -> _Fonts:
        base = self.view.font()
        if self._fonts is None or self._fonts.key != base.key():
            self._fonts = _Fonts(base)
            self._cards.clear()
            self._pixmaps.clear()
        return self._fonts

    @staticmethod
    def _quote_text(note: Note) -> str:
        text = " ".join(note.exact.split())
        return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"

    def _body_doc(self, html: str, width: int, fonts: _Fonts) -> QTextDocument | None:
        if not html:
            return None
        doc = QTextDocument()
        doc.setDefaultFont(fonts.base)
        doc.setDefaultStyleSheet(BODY_CSS)
        doc.setDocumentMargin(0)
        doc.setHtml(html)
        doc.setTextWidth(width)
        return doc

    @staticmethod
    def _key(note: Note, title: str, width: int) -> tuple[object, ...]:
        return (note.uuid, note.updated, note.color, note.orphaned, note.exact, note.body,
                title, width)

    def card(self, index: Index, width: int) -> _Card | None:
        """The card of this row at this view width, measured once per note version."""
        note: Note | None = index.data(NOTE_ROLE)
        if note is None:
            return None
        title = index.data(TITLE_ROLE) or ""
        fonts = self.fonts()
        key = (*self._key(note, title, width), self.view.viewport().height())
        card = self._cards.get(key)
        if card is None:
            if len(self._cards) > CARD_CACHE_SIZE:
                self._cards.clear()
            card = self._measure(note, title, index.data(HTML_ROLE) or "", width, fonts)
            self._cards[key] = card
        return card

    def _measure(self, note: Note, title: str, html: str, width: int, fonts: _Fonts) -> _Card:
        left = MARGIN + STRIPE + PAD
        inner = max(40, width - 2 * MARGIN - STRIPE - 2 * PAD)
        y = MARGIN + PAD
        header = QRect(left, y, inner, fonts.small_h)
        y += fonts.small_h + GAP
        title_rect = None
        if title:
            title_rect = QRect(left, y, inner, fonts.small_h)
            y += fonts.small_h + GAP
        quote_text = self._quote_text(note)
        quote_rect = None
        if note.exact:
            bounds = QFontMetrics(fonts.quote).boundingRect(
                QRect(0, 0, inner - 10, 10_000), Qt.TextFlag.TextWordWrap, quote_text)
            quote_rect = QRect(left, y, inner, bounds.height())
            y += bounds.height() + GAP
        body_rect = None
        clipped = False
        doc = self._body_doc(html, inner, fonts)
        if doc is not None:
            height = int(doc.size().height()) + 1
            # at most MAX_BODY_LINES lines, and no taller than the list leaves room for
            room = self.view.viewport().height() - y - GAP - fonts.small_h - PAD - MARGIN
            lines = max(MIN_BODY_LINES, min(MAX_BODY_LINES, room // fonts.line_h))
            clipped = height > lines * fonts.line_h
            if clipped:
                height = _line_boundary(doc, lines * fonts.line_h)
            body_rect = QRect(left, y, inner, height)
            y += height + GAP
        footer = QRect(left, y, inner, fonts.small_h)
        y += fonts.small_h + PAD + MARGIN
        return _Card(header, title_rect, quote_rect, body_rect, footer, y, quote_text, doc,
                     clipped)

    def _width(self, option: QStyleOptionViewItem) -> int:
        width = self.view.viewport().width()
        return width if width > 0 else max(200, option.rect.width())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        width = self._width(option)
        card = self.card(index, width)
        return QSize(width, card.height if card is not None else 0)

    # -- painting -----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect
        card = self.card(index, rect.width())
        if card is None:
            return
        self.painted += 1
        note: Note = index.data(NOTE_ROLE)
        palette: QPalette = option.palette
        ratio = self.view.devicePixelRatioF()
        key = (*self._key(note, index.data(TITLE_ROLE) or "", rect.width()), card.height,
               palette.cacheKey(), ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = QPixmap(QSize(rect.width(), card.height) * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            canvas = QPainter(pixmap)
            self._draw(canvas, note, card, palette, index.data(TITLE_ROLE) or "", rect.width())
            canvas.end()
            self.rendered += 1
            self._pixmaps[key] = pixmap
            if len(self._pixmaps) > PIXMAP_CACHE_SIZE:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), pixmap)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        if selected:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            box = rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRoundedRect(box, 6, 6)
            if focused:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                    Qt.PenStyle.DotLine))
                painter.drawRoundedRect(box.adjusted(3, 3, -3, -3), 4, 4)
            painter.restore()

    def _draw(self, painter: QPainter, note: Note, card: _Card, palette: QPalette, title: str,
              width: int) -> None:
        """The card at (0, 0), unselected (the selection border is drawn over the copy)."""
        fonts = self.fonts()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRect(0, 0, width, card.height).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid).lighter(130), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(box, 6, 6)
        stripe = QColor("#b8b8b8") if note.is_document_note else color_of(note.color)
        if note.orphaned:
            stripe = QColor("#c0392b")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stripe)
        painter.drawRoundedRect(QRect(box.left(), box.top(), STRIPE + 3, box.height()), 3, 3)
        painter.drawRect(QRect(box.left() + 3, box.top(), STRIPE, box.height()))

        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        text_color = palette.color(QPalette.ColorRole.Text)
        # header: chip, kind, time
        painter.setFont(fonts.small)
        chip = QRect(card.header.left(), card.header.center().y() - 5, 10, 10)
        painter.setBrush(stripe)
        painter.setPen(QPen(stripe.darker(130), 1))
        painter.drawEllipse(chip)
        kind = "Document note" if note.is_document_note else f"{note.color.title()} highlight"
        if note.orphaned:
            kind = "Orphaned — passage not found"
        painter.setPen(muted)
        painter.drawText(card.header.adjusted(16, 0, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, kind)
        if card.title is not None:
            painter.setFont(fonts.bold)
            painter.setPen(text_color)
            painter.drawText(card.title, Qt.AlignmentFlag.AlignLeft,
                             QFontMetrics(fonts.bold).elidedText(
                                 title, Qt.TextElideMode.ElideRight, card.title.width()))
        if card.quote is not None:
            painter.setPen(QPen(stripe.darker(110), 2))
            painter.drawLine(card.quote.topLeft() + QPoint(1, 1),
                             card.quote.bottomLeft() + QPoint(1, -1))
            painter.setFont(fonts.quote)
            painter.setPen(muted)
            painter.drawText(card.quote.adjusted(10, 0, 0, 0), Qt.TextFlag.TextWordWrap,
                             card.quote_text)
        if card.body is not None and card.doc is not None:
            painter.save()
            painter.translate(card.body.topLeft())
            painter.setClipRect(QRect(0, 0, card.body.width(), card.body.height()))
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, text_color)
            card.doc.documentLayout().draw(painter, context)
            painter.restore()
        painter.setFont(fonts.small)
        painter.setPen(muted)
        stamp = " ".join(f"#{tag}" for tag in note.tags) + " · " if note.tags else ""
        stamp += f"Created {when(note.created)}"
        if note.updated - note.created > 1:
            stamp += f" · edited {when(note.updated)}"
        painter.drawText(card.footer, Qt.AlignmentFlag.AlignLeft, stamp)
        if card.clipped:
            painter.drawText(card.footer, Qt.AlignmentFlag.AlignRight, "more…")

    # -- links --------------------------------------------------------------------------

    def link_at(self, rect: QRect, index: Index, pos: QPointF) -> str | None:
        card = self.card(index, rect.width())
        if card is None or card.body is None or card.doc is None:
            return None
        body = card.body.translated(rect.topLeft())
        if not body.contains(pos.toPoint()):
            return None
        href = card.doc.documentLayout().anchorAt(pos - QPointF(body.topLeft()))
        return href or None

    def editorEvent(self, event: QEvent, model, option, index) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            href = self.link_at(option.rect, index, event.position())
            url = safe_url(href) if href else None
            if url is not None and event.button() == Qt.MouseButton.LeftButton:
                QDesktopServices.openUrl(QUrl(url))
                return True
        return super().editorEvent(event, model, option, index)
