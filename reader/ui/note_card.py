"""Painting a note as a card: colour stripe, muted quote, rendered Markdown, times.

A delegate rather than a widget per note keeps 1,000 notes cheap; laid-out text
documents are cached per note version and width. Links in a card open in the system
browser on click, and only when `safe_url` allows them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
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
    QTextDocument,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.export import CSS
from reader.core.markdown_render import safe_url
from reader.core.notes import Note
from reader.ui.notes_model import HTML_ROLE, NOTE_ROLE, TITLE_ROLE

Index = QModelIndex | QPersistentModelIndex

MARGIN, PAD, STRIPE, GAP = 6, 10, 4, 6
QUOTE_CHARS = 240
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
class _Layout:
    header: QRect
    title: QRect | None
    quote: QRect | None
    body: QRect | None
    footer: QRect
    height: int


class NoteCardDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self._docs: dict[tuple[str, float, int], QTextDocument] = {}
        self.painted = 0
        """Cards painted so far (benchmarks and tests check that cards really were drawn)."""

    # -- geometry -----------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.view.font())
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        quote = QFont(base)
        quote.setItalic(True)
        return base, small, quote

    def _body_doc(self, note: Note, html: str, width: int) -> QTextDocument | None:
        if not html:
            return None
        key = (note.uuid, note.updated, width)
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) > 4000:
                self._docs.clear()
            doc = QTextDocument()
            doc.setDefaultFont(self.view.font())
            doc.setDefaultStyleSheet(BODY_CSS)
            doc.setDocumentMargin(0)
            doc.setHtml(html)
            doc.setTextWidth(width)
            self._docs[key] = doc
        return doc

    @staticmethod
    def _quote_text(note: Note) -> str:
        text = " ".join(note.exact.split())
        return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"

    def _layout(self, rect: QRect, index: Index) -> _Layout:
        note: Note = index.data(NOTE_ROLE)
        title = index.data(TITLE_ROLE) or ""
        _base, small, quote_font = self._fonts()
        small_h = QFontMetrics(small).height()
        left = rect.left() + MARGIN + STRIPE + PAD
        width = max(40, rect.width() - 2 * MARGIN - STRIPE - 2 * PAD)
        y = rect.top() + MARGIN + PAD
        header = QRect(left, y, width, small_h)
        y += small_h + GAP
        title_rect = None
        if title:
            title_rect = QRect(left, y, width, small_h)
            y += small_h + GAP
        quote_rect = None
        if note.exact:
            metrics = QFontMetrics(quote_font)
            bounds = metrics.boundingRect(QRect(0, 0, width - 10, 10_000),
                                          Qt.TextFlag.TextWordWrap, self._quote_text(note))
            quote_rect = QRect(left, y, width, bounds.height())
            y += bounds.height() + GAP
        body_rect = None
        doc = self._body_doc(note, index.data(HTML_ROLE) or "", width)
        if doc is not None:
            height = int(doc.size().height()) + 1
            body_rect = QRect(left, y, width, height)
            y += height + GAP
        footer = QRect(left, y, width, small_h)
        y += small_h + PAD + MARGIN
        return _Layout(header, title_rect, quote_rect, body_rect, footer, y - rect.top())

    def _width(self, option: QStyleOptionViewItem) -> int:
        width = self.view.viewport().width()
        return width if width > 0 else max(200, option.rect.width())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        width = self._width(option)
        return QSize(width, self._layout(QRect(0, 0, width, 0), index).height)

    # -- painting -----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        note: Note | None = index.data(NOTE_ROLE)
        if note is None:
            return
        self.painted += 1
        palette = option.palette  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        layout = self._layout(rect, index)
        base, small, quote_font = self._fonts()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        border = palette.color(QPalette.ColorRole.Highlight) if selected else \
            palette.color(QPalette.ColorRole.Mid).lighter(130)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(card, 6, 6)
        stripe = QColor("#b8b8b8") if note.is_document_note else color_of(note.color)
        if note.orphaned:
            stripe = QColor("#c0392b")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stripe)
        painter.drawRoundedRect(QRect(card.left(), card.top(), STRIPE + 3, card.height()), 3, 3)
        painter.drawRect(QRect(card.left() + 3, card.top(), STRIPE, card.height()))

        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        text_color = palette.color(QPalette.ColorRole.Text)
        # header: chip, kind, time
        painter.setFont(small)
        chip = QRect(layout.header.left(), layout.header.center().y() - 5, 10, 10)
        painter.setBrush(stripe)
        painter.setPen(QPen(stripe.darker(130), 1))
        painter.drawEllipse(chip)
        kind = "Document note" if note.is_document_note else f"{note.color.title()} highlight"
        if note.orphaned:
            kind = "Orphaned — passage not found"
        painter.setPen(muted)
        painter.drawText(layout.header.adjusted(16, 0, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, kind)
        if layout.title is not None:
            bold = QFont(small)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(text_color)
            metrics = QFontMetrics(bold)
            painter.drawText(layout.title, Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(index.data(TITLE_ROLE), Qt.TextElideMode.ElideRight,
                                                layout.title.width()))
        if layout.quote is not None:
            painter.setPen(QPen(stripe.darker(110), 2))
            painter.drawLine(layout.quote.topLeft() + QPointF(1, 1).toPoint(),
                             layout.quote.bottomLeft() + QPointF(1, -1).toPoint())
            painter.setFont(quote_font)
            painter.setPen(muted)
            painter.drawText(layout.quote.adjusted(10, 0, 0, 0), Qt.TextFlag.TextWordWrap,
                             self._quote_text(note))
        if layout.body is not None:
            doc = self._body_doc(note, index.data(HTML_ROLE) or "", layout.body.width())
            if doc is not None:
                painter.translate(layout.body.topLeft())
                context = QAbstractTextDocumentLayout.PaintContext()
                context.palette.setColor(QPalette.ColorRole.Text, text_color)
                doc.documentLayout().draw(painter, context)
                painter.translate(-layout.body.topLeft())
        painter.setFont(small)
        painter.setPen(muted)
        stamp = f"Created {when(note.created)}"
        if note.updated - note.created > 1:
            stamp += f" · edited {when(note.updated)}"
        painter.drawText(layout.footer, Qt.AlignmentFlag.AlignLeft, stamp)
        if focused and selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(3, 3, -3, -3), 4, 4)
        painter.restore()

    # -- links --------------------------------------------------------------------------

    def link_at(self, rect: QRect, index: Index, pos: QPointF) -> str | None:
        layout = self._layout(rect, index)
        if layout.body is None or not layout.body.contains(pos.toPoint()):
            return None
        note: Note = index.data(NOTE_ROLE)
        doc = self._body_doc(note, index.data(HTML_ROLE) or "", layout.body.width())
        if doc is None:
            return None
        href = doc.documentLayout().anchorAt(pos - QPointF(layout.body.topLeft()))
        return href or None

    def editorEvent(self, event: QEvent, model, option, index) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            href = self.link_at(option.rect, index, event.position())
            url = safe_url(href) if href else None
            if url is not None and event.button() == Qt.MouseButton.LeftButton:
                QDesktopServices.openUrl(QUrl(url))
                return True
        return super().editorEvent(event, model, option, index)
