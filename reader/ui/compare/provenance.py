"""The provenance panel above the reading pane: the open document's original, copies,
siblings and versions, as the library stored them, each openable.

Hidden when the document has no relatives. Ctrl+Shift+R focuses it; Up/Down choose, Enter
opens the chosen document, Ctrl+Shift+C compares the open document with it. Titles are list
items' plain text, never markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.compare.relatives import Kin, Provenance

ID_ROLE = Qt.ItemDataRole.UserRole + 7
ROLE_ROLE = Qt.ItemDataRole.UserRole + 8
MAX_ROWS = 4
"""Rows shown before the list scrolls: the panel never takes much of the reading pane."""


def _counts(kin: Kin) -> str:
    if kin.role == "sibling":
        return "another version of the same story"
    who = "this copy" if kin.role == "original" else "it"
    return f"{who} added {kin.added}, left out {kin.left_out}, changed {kin.changed}"


def item_text(kin: Kin) -> str:
    """'Original: <title> — this copy added 3, left out 2, changed 5' and the like."""
    return f"{kin.role.capitalize()}: {kin.title} — {_counts(kin)}"


def summary(provenance: Provenance) -> str:
    """The heading: what the document is, in a line ('Copy of 1 original · 2 siblings')."""
    roles = [kin.role for kin in provenance.relatives]
    parts = []
    for role, word in (("original", "original"), ("copy", "cop"), ("sibling", "sibling")):
        count = roles.count(role)
        if count:
            plural = ("ies" if count != 1 else "y") if word == "cop" else "s" * (count != 1)
            parts.append(f"{count} {word}{plural}")
    if provenance.versions > 1:
        parts.append(f"version {provenance.versions} of {provenance.versions}")
    return "Relatives: " + ", ".join(parts) + "  ·  Enter opens, Ctrl+Shift+C compares"


class _List(QListWidget):
    activated_key = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.activated_key.emit()
            return
        super().keyPressEvent(event)


class ProvenancePanel(QWidget):
    open_requested = Signal(int)
    """Open this document (a relative chosen in the list)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provenance_panel")
        self.heading = QLabel(self)
        self.heading.setObjectName("provenance_heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.list = _List(self)
        self.list.setObjectName("provenance_list")
        self.list.setAccessibleName("Relatives of this document")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated_key.connect(self._open_current)
        self.list.itemDoubleClicked.connect(lambda _item: self._open_current())
        self.heading.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.provenance = Provenance([], 1)
        self.hide()

    def show_for(self, provenance: Provenance | None) -> None:
        """List these relatives (hidden when there are none and a single version)."""
        self.provenance = provenance or Provenance([], 1)
        self.list.clear()
        for kin in self.provenance.relatives:
            item = QListWidgetItem(item_text(kin))
            item.setData(ID_ROLE, kin.doc_id)
            item.setData(ROLE_ROLE, kin.role)
            item.setToolTip(item_text(kin))
            self.list.addItem(item)
        if self.provenance.versions > 1:
            item = QListWidgetItem(
                f"Version {self.provenance.versions} of {self.provenance.versions}: the earlier"
                " texts are kept (reader versions lists them)"
            )
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        if not self.list.count():
            self.hide()
            return
        self.heading.setText(summary(self.provenance))
        rows = min(self.list.count(), MAX_ROWS)
        # a hidden list may not know its rows' height yet: the font's line is the floor
        row = max(self.list.sizeHintForRow(0), self.list.fontMetrics().height() + 4)
        self.list.setFixedHeight(rows * row + 2 * self.list.frameWidth() + 2)
        if self.provenance.relatives:
            self.list.setCurrentRow(0)
        self.show()

    def chosen(self) -> tuple[int, str] | None:
        """(id, role) of the relative chosen in the list, if any."""
        item = self.list.currentItem()
        if item is None or item.data(ID_ROLE) is None:
            return None
        return int(item.data(ID_ROLE)), str(item.data(ROLE_ROLE))

    def focus(self) -> bool:
        """Move focus to the list (False when there is nothing to list)."""
        if self.isHidden() or not self.list.count():
            return False
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _open_current(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.open_requested.emit(chosen[0])
