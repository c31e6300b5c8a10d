"""Writing a note: Markdown source with a Write/Preview toggle, saved as you type.

Each change is stored as it happens (one ~1 ms SQLite write, so no debounce is needed and a
crash right after typing loses nothing); focus-out and `flush()` before the window closes
store anything still pending. If a save fails the text stays here,
marked unsaved with the reason, and the next save (retried shortly) stores it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.notes.markdown_render import render_markdown, safe_url
from reader.core.notes.storage import COLORS, Note
from reader.ui.notes.card import BODY_CSS, color_of
from reader.ui.notes.controller import NotesController

RETRY_MS = 2000


class NoteEditor(QWidget):
    def __init__(self, controller: NotesController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note_editor")
        self.controller = controller
        self.uuid: str | None = None
        self.dirty = False
        self._notice = ""
        self._loading = False

        self.heading = QLabel("No note selected", self)
        self.heading.setObjectName("note_editor_heading")
        self.color_buttons: dict[str, QToolButton] = {}
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading, 1)
        for name in COLORS:
            button = QToolButton(self)
            button.setObjectName(f"note_color_{name}")
            button.setToolTip(f"Colour: {name}")
            button.setAccessibleName(f"Colour {name}")
            button.setCheckable(True)
            button.setFixedSize(18, 18)
            button.setStyleSheet(
                f"QToolButton {{ background: {color_of(name).name()}; border: 1px solid #999;"
                " border-radius: 9px; } QToolButton:checked { border: 2px solid #333; }"
            )
            button.clicked.connect(lambda _c=False, n=name: self.on_color_clicked(n))
            top.addWidget(button)
            self.color_buttons[name] = button
        self.preview_button = QToolButton(self)
        self.preview_button.setText("Preview")
        self.preview_button.setCheckable(True)
        self.preview_button.setAccessibleName("Show the rendered note")
        self.preview_button.toggled.connect(self.on_preview_toggled)
        top.addWidget(self.preview_button)

        self.source = QPlainTextEdit(self)
        self.source.setObjectName("note_source")
        self.source.setAccessibleName("Note text (Markdown)")
        self.source.setPlaceholderText("Write a note in Markdown… it is saved as you type.")
        self.source.setTabChangesFocus(True)
        self.source.textChanged.connect(self.on_text_changed)
        self.source.installEventFilter(self)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("note_preview")
        self.preview.setOpenLinks(False)
        self.preview.document().setDefaultStyleSheet(BODY_CSS)
        self.preview.anchorClicked.connect(self.on_anchor_clicked)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.source)
        self.stack.addWidget(self.preview)

        self.status = QLabel("", self)
        self.status.setObjectName("note_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(0)
        self._save_timer.timeout.connect(self.flush)
        controller.note_changed.connect(self.on_note_changed)
        controller.note_removed.connect(self.on_note_removed)
        self.set_note(None)

    # -- which note ---------------------------------------------------------------------

    def set_note(self, note: Note | None) -> None:
        if self.uuid is not None and note is not None and note.uuid == self.uuid:
            return
        self.flush()
        self.controller.end_typing_session()
        self.uuid = note.uuid if note else None
        self._notice = ""
        self._show(note)

    def _show(self, note: Note | None) -> None:
        self._loading = True
        self.source.setPlainText(note.body if note else "")
        self._loading = False
        self.dirty = False
        self.setEnabled(note is not None)
        if note is None:
            self.heading.setText("No note selected")
        elif note.is_document_note:
            self.heading.setText("Document note")
        else:
            self.heading.setText("Note on highlight")
        for name, button in self.color_buttons.items():
            button.setChecked(note is not None and note.color == name)
            button.setVisible(note is not None and not note.is_document_note)
        self._set_status("")
        if self.preview_button.isChecked():
            self._render_preview()

    @Slot(str)
    def on_note_removed(self, uuid: str) -> None:
        if uuid == self.uuid and not self.dirty:
            self.uuid = None
            self._show(None)

    @Slot(object)
    def on_note_changed(self, note: Note) -> None:
        """Undo/redo or a recolour elsewhere: show it, unless our own typing is pending."""
        if note.uuid != self.uuid or self.dirty:
            return
        if note.body != self.source.toPlainText():
            cursor = self.source.textCursor().position()
            self._show(note)
            moved = self.source.textCursor()
            moved.setPosition(min(cursor, len(note.body)))
            self.source.setTextCursor(moved)
        for name, button in self.color_buttons.items():
            button.setChecked(note.color == name)

    # -- saving -------------------------------------------------------------------------

    @Slot()
    def on_text_changed(self) -> None:
        if self._loading or self.uuid is None:
            return
        self.dirty = True
        self.flush()

    @Slot()
    def flush(self) -> bool:
        """Store pending text now; returns False (and keeps the text) if that failed."""
        self._save_timer.stop()
        if not self.dirty or self.uuid is None:
            return True
        if self.controller.set_body(self.uuid, self.source.toPlainText()):
            self.dirty = False
            self._set_status(f"Saved. {self._notice}" if self._notice else "Saved",
                             error=bool(self._notice))
            return True
        self._set_status("Not saved yet — the store could not be written; retrying.",
                         error=True)
        self._save_timer.start(RETRY_MS)
        return False

    def show_notice(self, text: str) -> None:
        """Something happened to the note from outside (its document was removed): said
        until another note is shown, after each "Saved"."""
        self._notice = text
        self._set_status(text, error=True)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "color: palette(mid);")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.source and event.type() == QEvent.Type.FocusOut:
            self.flush()
            self.controller.end_typing_session()
        return super().eventFilter(watched, event)

    # -- colour and preview -------------------------------------------------------------

    def on_color_clicked(self, name: str) -> None:
        if self.uuid is not None:
            self.flush()
            self.controller.recolor(self.uuid, name)

    @Slot(bool)
    def on_preview_toggled(self, preview: bool) -> None:
        if preview:
            self.flush()
            self._render_preview()
        self.stack.setCurrentWidget(self.preview if preview else self.source)
        self.preview_button.setText("Edit" if preview else "Preview")

    def _render_preview(self) -> None:
        self.preview.setHtml(render_markdown(self.source.toPlainText()))

    @Slot(QUrl)
    def on_anchor_clicked(self, url: QUrl) -> None:
        target = safe_url(url.toString())
        if target is not None:
            QDesktopServices.openUrl(QUrl(target))

    def focus_source(self) -> None:
        self.preview_button.setChecked(False)
        self.source.setFocus(Qt.FocusReason.OtherFocusReason)
