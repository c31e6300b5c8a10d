"""User text (titles, paths, reasons, process names) shown in Qt widgets exactly as typed.

Qt guesses rich text (`Qt.mightBeRichText`) in tooltips, labels and message boxes, and rich
text loads `<img src=…>` from the disk: a title like `<img src="/dev/zero">` made the library's
hover read /dev/zero until the GUI aborted. Every widget that shows user text goes through one
of these helpers, so the class of bug is closed in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

if TYPE_CHECKING:  # a message box is built on demand, never before the first paint
    from PySide6.QtWidgets import QMessageBox

PLAIN = Qt.TextFormat.PlainText


def tooltip(text: str) -> str:
    """A tooltip that Qt renders as rich text showing `text` literally, line breaks kept.

    Tooltips have no plain-text switch, so the text is escaped and wrapped in a tag that makes
    Qt's guess certain (escaped text alone would be guessed plain and show `&lt;`)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{_escape(text)}</p>"


def escaped(text: str) -> str:
    """User text for a piece of rich text we build ourselves (line breaks kept)."""
    return _escape(text).replace("\n", "<br>")


def _escape(text: str) -> str:
    """`html.escape(text, quote=False)` without importing `html` (its entity table is ~1.5 ms
    of start-up, and the status labels escape their text before the first paint)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as markup."""
    label = QLabel(parent)
    label.setTextFormat(PLAIN)
    label.setText(text)
    return label


def window_title(text: str) -> str:
    """A window title showing `text` literally: Qt eats `[*]` (its modified-marker), and a
    doubled `[*][*]` is how a literal one is written."""
    return text.replace("[*]", "[*][*]")


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    """A message box whose text (which often names a file) is plain text."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, window_title(title), text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(PLAIN)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """`QMessageBox.warning`, with the text shown as plain text (the static one guesses)."""
    from PySide6.QtWidgets import QMessageBox

    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def critical(parent: QWidget | None, title: str, text: str) -> None:
    """`QMessageBox.critical`, with the text shown as plain text."""
    from PySide6.QtWidgets import QMessageBox

    message_box(parent, QMessageBox.Icon.Critical, title, text).exec()


class StatusLabel(QLabel):
    """A plain-text status-bar label that gives way to its neighbours with an ellipsis.

    A QLabel's minimum width is its whole text, so a long path or reason widened the window;
    with an ignored size policy it was cut mid-letter instead ("809 \\", "Commentary — ı")
    where two labels met. This one draws its text elided at the end and keeps the whole text
    in its tooltip and for screen readers."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None, *,
                 elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(parent)
        self.elide = elide
        """Where the "…" goes: at the end (a path's tail is in the tooltip), or the middle
        (a file name, whose start and extension both say which it is)."""
        self.setTextFormat(PLAIN)
        self.setAccessibleName(accessible_name)
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        # Made here, not on the first hover: overriding `event()` makes PySide build a Python
        # type for every QEvent subclass on the first event it converts (launch, rule 7).
        self.setToolTip(tooltip(text))
        self.setAccessibleDescription(text)

    def shown_text(self) -> str:
        """The text as drawn: on one line, cut at a word's letter with "…" if too wide."""
        return self.fontMetrics().elidedText(
            " ".join(self.text().split()), self.elide, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.drawText(self.contentsRect(),
                         int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.shown_text())
