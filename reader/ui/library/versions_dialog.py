"""Earlier versions of a document, read with the notes where they sat in each.

A re-fetched page or a changed file keeps its earlier texts (`core.library.pages`); this
dialog lists them and shows the chosen one read-only, its notes highlighted at their place
in that text (`core.notes.versions`: the place recorded when the version was replaced, else
found by quote and context) and listed below, with those the version lacks said apart.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.context import CoreContext
from reader.core.library.pages import Version, versions
from reader.core.notes.interchange import CSS
from reader.core.notes.versions import VersionNotes, notes_in_version
from reader.ui.plain_text import plain_label
from reader.ui.reading.text_offsets import OffsetMap


def _version_label(version: Version) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(version.stored_at))
    current = " (current)" if version.current else ""
    return f"v{version.number}  {when}  {version.word_count:,} words{current}"


def _note_line(text: str, body: str) -> str:
    quote = " ".join(text.split())
    quote = quote if len(quote) <= 80 else quote[:79] + "…"
    first = body.strip().splitlines()[0] if body.strip() else ""
    return f"“{quote}”" + (f" — {first}" if first else "")


class VersionsDialog(QDialog):
    """Every text a document has had, newest first; the chosen one with its notes."""

    def __init__(
        self, core: CoreContext, doc_id: int, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Versions")
        self.setObjectName("versions_dialog")
        self._db = core.db
        self._doc_id = doc_id
        self._versions = list(reversed(versions(core.db, doc_id)))
        self.shown: VersionNotes | None = None
        """The version on screen, with its notes placed (tests read it)."""

        self.heading = plain_label(f"{title} — {len(self._versions)} versions", self)
        self.list = QListWidget(self)
        self.list.setObjectName("versions_list")
        for version in self._versions:
            self.list.addItem(_version_label(version))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("version_text")
        self.text.setReadOnly(True)
        self.notes = QListWidget(self)
        self.notes.setObjectName("version_notes")
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.text)
        right.addWidget(self.notes)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)
        split.setSizes([300, 600])  # the version labels whole, the text the rest
        self.list.currentRowChanged.connect(self.on_version_chosen)
        if self._versions:
            self.list.setCurrentRow(0)

    def choose(self, number: int) -> None:
        """Show version `number` (1 is the oldest)."""
        for row, version in enumerate(self._versions):
            if version.number == number:
                self.list.setCurrentRow(row)

    @Slot(int)
    def on_version_chosen(self, row: int) -> None:
        if not 0 <= row < len(self._versions):
            return
        shown = notes_in_version(self._db, self._doc_id, self._versions[row].number)
        if shown is None:
            return
        self.shown = shown
        self.text.setPlainText(shown.text)
        offsets = OffsetMap(shown.text)
        marks: list[QTextEdit.ExtraSelection] = []
        for placed in shown.placed:
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(offsets.to_qt(placed.start))
            cursor.setPosition(offsets.to_qt(placed.end), QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(CSS.get(placed.note.color, "#cccccc")))
            fmt.setForeground(QColor("#1a1a1a"))
            mark.format = fmt
            marks.append(mark)
        self.text.setExtraSelections(marks)
        self.notes.clear()
        for placed in shown.placed:
            self.notes.addItem(_note_line(shown.text[placed.start : placed.end], placed.note.body))
        for note in shown.absent:
            self.notes.addItem(f"Not in this version: {_note_line(note.exact, note.body)}")
        if shown.placed:  # open at the first note, as the reader opens at a found passage
            first = QTextCursor(self.text.document())
            first.setPosition(offsets.to_qt(shown.placed[0].start))
            self.text.setTextCursor(first)
            self.text.centerCursor()
