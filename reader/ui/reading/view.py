"""The reading pane: the document's text in a read-only, lightweight text view.

`QPlainTextEdit` lays out lazily per block, which keeps a 5 MB article near 115 MB of memory
where `QTextBrowser` needs several times that. Passage kinds, highlights and find matches
are layers of spans in document offsets over the unchanged text (`view_layers`).

Offsets everywhere in reader are the file text's code points; Qt counts UTF-16 units and
merges CRLF. The view owns the one `OffsetMap` of the shown document, and every feature
converts through it: `to_qt` / `to_doc`, or the helpers in offsets (`caret_offset`,
`selection_offsets`, `offset_at`, `select_offsets`, `visible_range`).

It is plain text only: markup in a document is shown as characters, never interpreted,
and no resource is ever loaded. Big documents arrive in slices, and long lines get
display-only breaks (`text_loading`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextBlock, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QWidget

from reader.core.classify.segment_index import SegmentIndex, Span
from reader.core.text.document import Document
from reader.ui.reading.kind_gutter import GUTTER_WIDTH, KindGutter
from reader.ui.reading.layers import LAYER_ORDER, LayerSpan, LayerStack, Source, spans_source
from reader.ui.reading.passage_style import STYLES, kind_spans
from reader.ui.reading.text_loading import TextLoader, display_text
from reader.ui.reading.text_offsets import OffsetMap

if TYPE_CHECKING:  # PySide builds a class on first use: these are not needed to first paint
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QHelpEvent, QMouseEvent, QPaintEvent, QResizeEvent

__all__ = ["LAYER_ORDER", "ReadingView", "describe_segment", "display_text"]

READING_MEASURE_CHARS = 72
"""Line length a reader's eye follows comfortably; wider panes get side margins."""

VIEW_FILTERS: dict[str, frozenset[str]] = {
    "all": frozenset(),
    "no-furniture": frozenset({"furniture"}),
    "reporting": frozenset({"furniture", "commentary"}),
    "commentary": frozenset({"furniture", "reporting"}),
}
"""View filter name -> kinds it hides."""


def describe_segment(segment: Span) -> str:
    """The plain-language 'why' of a passage, for tooltips, the status bar and screen readers."""
    style = STYLES.get(segment.kind)
    label = style.label if style else segment.kind
    reason = getattr(segment, "reason", "")
    return f"{label} — {reason}" if reason else label


DEFAULT_FAMILIES = ["Noto Serif", "DejaVu Serif", "Georgia", "serif"]
DEFAULT_POINT_SIZE = 12.5

class ReadingView(QPlainTextEdit):
    first_painted = Signal()
    """Emitted once, the first time a document's text reaches the screen."""
    explain_requested = Signal(int)
    """The user asked why the passage at this offset has its kind."""
    original_requested = Signal(str, int)
    """Ctrl+click on a provenance passage: open this original path at this offset."""
    scrolled = Signal()
    """The visible part of the text changed (scroll or resize): viewport-bound layers redo."""
    document_shown = Signal()
    """The current document's whole text is in place (big ones arrive in slices); set
    layers after this, since positions past the loaded text do not exist yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reading_view")
        self.setAccessibleName("Reading pane")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setTabChangesFocus(True)  # no key trap: Tab leaves the pane
        self.setCursorWidth(2)  # a caret you can see, so keyboard selection is discoverable
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.measure_chars = READING_MEASURE_CHARS
        self.base_point_size = DEFAULT_POINT_SIZE
        self.zoom_steps = 0
        font = QFont()
        font.setFamilies(DEFAULT_FAMILIES)
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(DEFAULT_POINT_SIZE)
        self.reading_font = font
        """The chosen font at 100 % zoom (a style sheet change may reset the widget's font)."""
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self.current: Document | None = None
        self.segments: list[Any] = []
        """Classified passages of the current document (objects with .start/.end/.kind)."""
        self.segment_index: SegmentIndex | None = None
        self.view_filter = "all"
        self._blocks_hidden = False
        self.hidden_passages = 0
        """Paragraphs the view filter hides now (the legend says so)."""
        self.offsets = OffsetMap("")
        """Document offsets <-> Qt positions for the shown document (see text_offsets)."""
        self.hover_sources: list[Callable[[int], str]] = []
        """Other features' hover text (HTML) for a document offset; "" when they have none."""
        self.note_spans: list[tuple[int, int]] = []
        """[start, end) of the current document's highlights and notes, in text offsets."""
        self._painted_once = False
        self._hover: HoverHelp | None = None
        self.layers = LayerStack(self)
        self.gutter = KindGutter(self)
        self.overview: QWidget | None = None
        """The overview strip, once the window has built it (`set_overview`)."""
        self.updateRequest.connect(self._on_update_request)
        self.loader = TextLoader(self)
        self.loader.finished.connect(self._on_loaded)
        self.setPlaceholderText("Select a document in the library.")
        self.verticalScrollBar().valueChanged.connect(self.scrolled)
        self.scrolled.connect(self.layers.refresh)

    # -- content -----------------------------------------------------------------------

    @property
    def is_loading(self) -> bool:
        """Whether the current document's text is still being put in place."""
        return self.loader.loading

    def show_document(self, document: Document) -> None:
        self.current = document
        self.segments = []
        self.segment_index = None
        self._blocks_hidden = False
        self.note_spans = []
        self.layers.clear()
        shown = display_text(document.text)
        self.offsets = OffsetMap(shown)  # the shown text: a display break may replace any char
        self.loader.load(shown, in_slices=shown is not document.text)

    def _on_loaded(self) -> None:
        if self.segments:
            self._apply_filter()
        self.layers.refresh(force=True)  # spans past the text loaded so far were cut short
        self.document_shown.emit()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802
        """Copy the document's own characters, not the display-only line breaks."""
        span = self.selection_offsets()
        if self.current is not None and span is not None and not self.is_loading:
            from PySide6.QtCore import QMimeData

            data = QMimeData()  # Qt's own fills itself from the display text lazily
            data.setText(self.current.text[span[0] : span[1]])
            return data
        return super().createMimeDataFromSelection()

    def set_segments(self, segments: Sequence[Span]) -> None:
        """Show the classifier's verdict for the current document."""
        self.segments = list(segments)
        self.segment_index = SegmentIndex(self.segments)
        self._apply_filter()

    def set_view_filter(self, name: str) -> None:
        if name not in VIEW_FILTERS:
            raise ValueError(f"unknown view filter {name!r}")
        self.view_filter = name
        self._apply_filter()

    def _apply_filter(self) -> None:
        """Hide lines made only of hidden kinds; dim hidden spans inside mixed lines."""
        if self.is_loading:
            return  # positions past the loaded text do not exist yet: redone when shown
        hidden = VIEW_FILTERS[self.view_filter]
        if hidden or self._blocks_hidden:
            self._set_block_visibility(hidden)
        self.layers.set_source("kinds", self._kind_spans)
        self.gutter.update()

    def _set_block_visibility(self, hidden: frozenset[str]) -> None:
        index = self.segment_index
        document = self.document()
        block = document.begin()
        changed = any_hidden = False
        count = 0
        # A blank line shows only after a shown paragraph: the blank lines around hidden
        # ones used to stay, leaving gaps (430 px at the top of one page).
        after_shown = False
        while block.isValid():
            visible = True
            if hidden and block.length() <= 1:
                visible = after_shown
            elif hidden:
                if index is not None:
                    start, end = self.block_offsets(block)
                    kinds = {s.kind for s in index.overlapping(start, end)}
                    visible = not kinds or not kinds <= hidden
                after_shown = visible
                count += not visible
            if block.isVisible() != visible:
                block.setVisible(visible)
                changed = True
            any_hidden = any_hidden or not visible
            block = block.next()
        self._blocks_hidden = any_hidden
        self.hidden_passages = count
        if changed:
            document.markContentsDirty(0, document.characterCount())
            self.viewport().update()

    def _kind_spans(self, low: int, high: int) -> list[LayerSpan]:
        """The kinds layer's source: passages overlapping [low, high), so a document with a
        million segments costs no more to decorate than one with ten."""
        if self.segment_index is None:
            return []
        return kind_spans(self.segment_index.overlapping(low, high), VIEW_FILTERS[self.view_filter])

    def set_spans(self, name: str, spans: Sequence[LayerSpan]) -> None:
        """Replace one feature's decorations, given as [start, end) document offsets."""
        self.layers.set_source(name, spans_source(spans) if spans else None)

    def set_source(self, name: str, source: Source | None) -> None:
        """Replace one feature's decorations with a function listing those in a range."""
        self.layers.set_source(name, source)

    def set_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one feature's decorations with ready-made selections (Qt positions: make
        their cursors with `cursor_for`); only those near the screen are handed to Qt."""
        self.layers.set_raw(name, selections)

    def layer(self, name: str) -> list[QTextEdit.ExtraSelection]:
        """The layer's selections Qt has now (those on and near the screen)."""
        return self.layers.shown(name)

    # -- offsets -----------------------------------------------------------------------

    def to_qt(self, offset: int) -> int:
        """The Qt position of a document offset."""
        return self.offsets.to_qt(offset)

    def to_doc(self, position: int) -> int:
        """The document offset of a Qt position."""
        return self.offsets.to_doc(position)

    def cursor_for(self, start: int, end: int | None = None) -> QTextCursor:
        """A cursor at document offset `start` (selecting to `end`), within the loaded text."""
        cursor = QTextCursor(self.document())
        loaded = self.document().characterCount() - 1
        cursor.setPosition(min(self.to_qt(start), loaded))
        if end is not None:
            cursor.setPosition(min(self.to_qt(end), loaded), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def caret_offset(self) -> int:
        return self.to_doc(self.textCursor().position())

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selection as [start, end) document offsets, if there is one."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.to_doc(cursor.selectionStart()), self.to_doc(cursor.selectionEnd())
        return (start, end) if start < end else None

    def offset_at(self, point: QPoint) -> int:
        """The document offset under a point of the viewport."""
        return self.to_doc(self.cursorForPosition(point).position())

    def block_offsets(self, block: QTextBlock) -> tuple[int, int]:
        """A block's [start, end) in document offsets (its separator excluded)."""
        start, end = block.position(), block.position() + block.length() - 1
        if self.offsets.trivial:  # a filter walks every block: a million of them in the worst case
            return start, end
        return self.to_doc(start), self.to_doc(end)

    def select_offsets(self, start: int, end: int | None = None) -> None:
        """Put the caret at `start` (selecting to `end`) without scrolling."""
        self.setTextCursor(self.cursor_for(start, end))

    # -- lookups -----------------------------------------------------------------------

    def segment_at(self, offset: int) -> Span | None:
        return self.segment_index.at(offset) if self.segment_index else None

    def kind_before(self, offset: int) -> str | None:
        """Kind of the last segment that ends before `offset` (for gutter labels)."""
        segment = self.segment_index.last_starting_before(offset) if self.segment_index else None
        return segment.kind if segment else None

    def go_to_offset(self, start: int, end: int | None = None) -> None:
        """Put the cursor at `start` (selecting to `end`) and bring it into view, centred."""
        self.select_offsets(start, end)
        self.centerCursor()

    # -- geometry and painting ---------------------------------------------------------

    def visible_range(self) -> tuple[int, int]:
        """Document offsets of the first and last characters on screen."""
        # The viewport's size without asking for viewport(): wrapping it for Python before
        # the first paint costs PySide ~15 ms (see viewportEvent). The scroll bar's width
        # makes no difference to which character is last.
        size = self.maximumViewportSize()
        first = self.offset_at(QPoint(0, 0))
        last = self.offset_at(QPoint(size.width(), size.height()))
        return first, max(first, last)

    def first_visible_offset(self) -> int:
        return self.offset_at(QPoint(0, 0))

    def scroll_to_offset(self, offset: int) -> None:
        """Put the line holding this document offset at the top of the pane."""
        # The scroll bar counts wrapped lines of the blocks laid out so far (others count 1).
        position = self.to_qt(max(0, offset))
        block = self.document().findBlock(position)
        if not block.isValid():
            return
        line = 0
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            line = max(0, layout.lineForTextPosition(position - block.position()).lineNumber())
        self.verticalScrollBar().setValue(max(0, block.firstLineNumber()) + line)

    def set_reading_font(self, font: QFont) -> None:
        self.base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else DEFAULT_POINT_SIZE
        self.reading_font = QFont(font)
        self.apply_font()

    def zoom(self, steps: int | None) -> None:
        """Change the zoom by `steps` (None resets it); one step is about 10 %."""
        self.zoom_steps = 0 if steps is None else max(-6, min(12, self.zoom_steps + steps))
        self.apply_font()

    def apply_font(self) -> None:
        font = self.zoomed_font()
        if font != self.font():
            self.setFont(font)
        self._update_margins()

    def zoomed_font(self) -> QFont:
        font = QFont(self.reading_font)
        font.setPointSizeF(round(self.base_point_size * 1.1**self.zoom_steps, 1))
        return font

    def set_measure(self, chars: int) -> None:
        self.measure_chars = max(40, min(160, chars))
        self._update_margins()

    def set_overview(self, strip: QWidget) -> None:
        """Give the overview strip its place between the text and the scroll bar."""
        self.overview = strip
        self._update_margins()
        # the scroll bar comes and goes with the text's length: the strip stays beside it
        self.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._update_margins())
        strip.show()

    def _update_margins(self) -> None:
        measure = self.fontMetrics().horizontalAdvance("n") * self.measure_chars
        spare = max(0, self.width() - measure - 40)
        side = spare // 2
        left = max(side, GUTTER_WIDTH)
        strip = self.overview.width() if self.overview is not None else 0
        right = max(strip, side - (left - side))
        if self.viewportMargins().left() != left or self.viewportMargins().right() != right:
            self.setViewportMargins(left, 0, right, 0)
        rect = self.contentsRect()
        self.gutter.setGeometry(
            QRect(rect.left() + left - GUTTER_WIDTH, rect.top(), GUTTER_WIDTH, rect.height())
        )
        if self.overview is not None:
            bar = self.verticalScrollBar()
            edge = rect.right() + 1 - (bar.width() if bar.isVisible() else 0)
            self.overview.setGeometry(QRect(edge - strip, rect.top(), strip, rect.height()))

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._update_margins()
        super().resizeEvent(event)
        self.scrolled.emit()

    @property
    def has_painted(self) -> bool:
        """Whether `first_painted` was already emitted."""
        return self._painted_once

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._hover is None:
            self._hover = HoverHelp(self)
            QTimer.singleShot(0, self._hover.install)
        if not self._painted_once and self.current is not None:
            self._painted_once = True
            self.first_painted.emit()

    # -- hover and clicks ----------------------------------------------------------------

    def tooltip_text(self, offset: int) -> str:
        """Why the passage at this offset has its kind, in plain text ("" if unclassified)."""
        segment = self.segment_at(offset)
        if segment is None:
            return ""
        text = describe_segment(segment)
        if getattr(segment, "source", None):
            text += "\nCtrl+click to open the original at this passage."
        return text

    def hover_html(self, offset: int) -> str:
        """Everything a hover says about this offset: the passage's kind, then what each of
        `hover_sources` adds (the notes over it)."""
        import html  # here: its entity table is ~1.5 ms of start-up, and only a hover needs it

        parts = []
        kind = self.tooltip_text(offset)
        if kind:
            parts.append(html.escape(kind).replace("\n", "<br>"))
        parts.extend(extra for source in self.hover_sources if (extra := source(offset)))
        # `<qt>` makes Qt's rich-text guess certain: escaped text alone could be guessed plain.
        return f"<qt>{'<hr>'.join(parts)}</qt>" if parts else ""

    def show_hover(self, event: QHelpEvent) -> None:
        from PySide6.QtWidgets import QToolTip

        text = self.hover_html(self.offset_at(event.pos()))
        if text:
            QToolTip.showText(event.globalPos(), text, self.viewport())
        else:
            QToolTip.hideText()
            event.ignore()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and not self.textCursor().hasSelection():
            segment = self.segment_at(self.offset_at(event.position().toPoint()))
            source = getattr(segment, "source", None)
            if segment is not None and source:
                self.original_requested.emit(source, getattr(segment, "source_start", 0) or 0)
                return
        super().mouseReleaseEvent(event)


class HoverHelp(QObject):
    """Shows the reading view's hover text (`hover_html`) on the viewport's ToolTip events,
    and the kind gutter's on the gutter's.

    Installed just after the view's first paint, not built in: PySide makes every QEvent
    subclass type the first time Python handles a generic event (~2 ms), and every QWidget
    subclass type the first time Python holds the viewport (~15 ms), neither of which the
    first paint needs."""

    def __init__(self, view: ReadingView) -> None:
        super().__init__(view)
        self.view = view

    def install(self) -> None:
        self.view.viewport().installEventFilter(self)
        self.view.gutter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            if watched is self.view.gutter:
                self.view.gutter.show_tip(cast("QHelpEvent", event))
            else:
                self.view.show_hover(cast("QHelpEvent", event))
            return True
        return False
