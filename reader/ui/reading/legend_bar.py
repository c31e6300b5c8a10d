"""The strip above the text: what each kind looks like, and which kinds to show."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from reader.ui.reading.passage_style import STYLES

FILTER_CHOICES = (
    ("all", "Show everything"),
    ("no-furniture", "Hide furniture"),
    ("reporting", "Reporting only"),
    ("commentary", "Commentary only"),
)


class KindSwatch(QWidget):
    """A small sample of a kind's bar and tint, so the legend matches the text."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setFixedSize(22, 14)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        style = STYLES[self.kind]
        painter = QPainter(self)
        if style.tint is not None:  # not fillRect: choosing among its overloads makes
            painter.setPen(Qt.PenStyle.NoPen)  # PySide build QGradient (~2 ms, before the
            painter.setBrush(style.tint)  # first paint)
            painter.drawRect(6, 1, 16, 12)
        painter.setPen(QPen(style.bar, 4, style.bar_pattern, Qt.PenCapStyle.FlatCap))
        painter.drawLine(2, 1, 2, 13)
        painter.end()


class LegendBar(QWidget):
    filter_changed = Signal(str)
    """The user chose a view filter (a key of `reading_view.VIEW_FILTERS`)."""
    guide_requested = Signal()
    """The user asked how the kinds are decided (the legend's "How?" link)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend_bar")
        self.setAccessibleName("Legend and view filter")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(6)
        for kind, style in STYLES.items():
            swatch = KindSwatch(kind, self)
            label = QLabel(style.label, self)
            label.setToolTip(style.description)
            swatch.setToolTip(style.description)
            layout.addWidget(swatch)
            layout.addWidget(label)
            layout.addSpacing(4)
        # A button in the text colour, not a rich-text link (the palette's link blue was
        # dark on dark): short, so the share of each kind still fits beside it.
        self.guide_link = QToolButton(self)
        self.guide_link.setObjectName("guide_link")
        self.guide_link.setText("How?")
        self.guide_link.setAutoRaise(True)
        self.guide_link.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Help menu from the keys
        self.guide_link.setAccessibleName("How reader decides")
        self.guide_link.setToolTip("How is this decided? What the three kinds are and how "
                                   "each passage is labelled (also Help → How reader Decides)")
        self.guide_link.clicked.connect(self.guide_requested)
        layout.addWidget(self.guide_link)
        layout.addSpacing(4)
        self.summary = QLabel(self)
        self.summary.setObjectName("classification_summary")
        # Its colour is the theme's muted text (base.qss): a translucent one was 1.2:1 in dark.
        self.hidden_note = QLabel(self)
        self.hidden_note.setObjectName("hidden_note")
        self.hidden_note.hide()
        # These give way when the pane is narrow (a label's minimum width is its whole text:
        # the legend alone held the reading pane at 808 px, squeezing the library and the
        # note editor off the window's edge).
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setMinimumWidth(40)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hidden_note, 1)
        self.filter_box = QComboBox(self)
        self.filter_box.setAccessibleName("Show passages")
        # Reached by Ctrl+1…4 (View menu), so Tab goes from the text straight to the next pane.
        self.filter_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for key, text in FILTER_CHOICES:
            self.filter_box.addItem(text, key)
        self.filter_box.currentIndexChanged.connect(self.on_filter_index_changed)
        layout.addWidget(self.filter_box)

    @Slot(int)
    def on_filter_index_changed(self, index: int) -> None:
        self.filter_changed.emit(self.filter_box.itemData(index))

    def set_filter(self, key: str) -> None:
        index = self.filter_box.findData(key)
        if index >= 0:
            self.filter_box.setCurrentIndex(index)

    def cycle_filter(self) -> None:
        box = self.filter_box
        box.setCurrentIndex((box.currentIndex() + 1) % box.count())

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)

    def set_hidden(self, count: int) -> None:
        """'3 hidden · Ctrl+1' (the full sentence in its tooltip), or nothing when none are."""
        noun = "passage" if count == 1 else "passages"
        self.hidden_note.setText(f"{count} hidden · Ctrl+1" if count else "")  # fits beside
        self.hidden_note.setToolTip(  # the kinds in a narrow pane; the whole sentence here
            f"{count} {noun} hidden by the view filter; Ctrl+1 shows everything" if count else "")
        self.hidden_note.setAccessibleName(self.hidden_note.toolTip())
        self.hidden_note.setVisible(count > 0)
        self.summary.setVisible(count == 0)  # the room goes to what matters more then
